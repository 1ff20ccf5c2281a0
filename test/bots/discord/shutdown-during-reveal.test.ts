/**
 * SIGTERM while a reveal is in flight (issue 9.2): `duel serve` as a real child process against the
 * fake Discord. The duel closed while the bot was down, so the bot reveals it at start; the fake
 * holds that edit, the test sends SIGTERM, then lets the edit through. The process must wait for
 * the reveal, record it, and exit 0 with no unhandled rejection ("database connection is not open").
 */
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../../cli/run-cli.js';
import { runDuel, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('duel serve stopped during a reveal', () => {
  it('waits for the reveal in flight, records it, and exits 0', async () => {
    h = await startHarness({ engine: { voteWindowMs: 1000 } });
    const { fake } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican at closing time', h.alice);
    await h.bot.stop();
    const dbPath = h.engine.dbPath;
    const env = { ...h.engine.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DUEL_WEB_PORT: '0', LOG_LEVEL: 'info' };
    await h.engine.engine.close(); // the DB file stays; the fake model servers too
    // The vote window has passed while "the bot was down".
    await new Promise((r) => setTimeout(r, 1200));

    let release!: () => void;
    const hold = { match: new RegExp(`^PATCH /channels/\\d+/messages/${messageId}$`), until: new Promise<void>((r) => (release = r)), held: 0 };
    fake.holds.push(hold);
    const child = spawn(process.execPath, [BIN, 'serve'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await fake.waitFor(() => hold.held > 0, 'the reveal edit, held by the fake', 60_000);
      // serve listens for signals once it has started everything and reported the contenders.
      await fake.waitFor(() => (output.match(/^\s+(ready|NOT READY)\s/gm) ?? []).length === 2, 'serve to finish starting', 60_000);
      child.kill('SIGTERM');
      await fake.waitFor(() => /"msg":"stopping"/.test(output), "the process to start stopping", 30_000).catch((e) => { throw new Error(`${e.message}\n${output}`); });
      release();
      expect(await exited).toBe(0);
    } finally {
      release();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    expect(output).not.toMatch(/unhandled|database connection is not open/i);
    expect(fake.messages.get(messageId)!.content).toContain('Votes:');
    const db = new Database(dbPath, { readonly: true });
    try {
      const row = db.prepare('SELECT status, revealed_at FROM duels WHERE id = ?').get(duelId) as { status: string; revealed_at: number | null };
      expect(row.status).toBe('closed');
      expect(row.revealed_at).not.toBeNull();
    } finally {
      db.close();
    }
  }, 120_000);
});
