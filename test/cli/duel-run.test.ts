/**
 * `duel run` end to end: the real CLI process, the real Ollama and Anthropic clients against
 * protocol fakes, the real renderer and a real SQLite file.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { BIN, lastJsonLine, ROOT, runCli } from './run-cli.js';

let ollama: FakeModelServer;
let anthropic: FakeModelServer;
let dir: string;

beforeAll(async () => {
  ollama = await startFakeOllama({ reply: { text: pelicanSvg('#e07a5f'), chunkDelayMs: 5 } });
  anthropic = await startFakeAnthropic({ reply: { text: pelicanSvg('#3d5a80'), chunkDelayMs: 5 } });
  dir = mkdtempSync(join(tmpdir(), 'duel-cli-'));
});

afterAll(async () => {
  await Promise.all([ollama.close(), anthropic.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OLLAMA_HOST: ollama.url,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-cli-test',
    DUEL_DB: join(dir, 'duels.db'),
    DUEL_COOLDOWN: '0',
    DUEL_RENDER_SIZE: '384',
    ...extra,
  };
}

const isPng = (path: string) => readFileSync(path).subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

describe('duel run', () => {
  it('writes the three PNGs, the two SVGs and a database row', async () => {
    const out = join(dir, 'ok');
    const r = await runCli(['run', 'a pelican riding a bicycle', '--json', '--out', out], env());
    expect(r.stderr).not.toMatch(/sk-ant-cli-test/);
    expect(r.code).toBe(0);
    const result = lastJsonLine(r.stdout);
    expect(result.prompt).toBe('a pelican riding a bicycle');
    expect(isPng(result.image)).toBe(true);
    expect(result.contenders).toHaveLength(2);
    expect(result.contenders.map((c: any) => c.side).sort()).toEqual(['A', 'B']);
    for (const c of result.contenders) {
      expect(c.ok).toBe(true);
      expect(c.error).toBeNull();
      expect(isPng(c.png)).toBe(true);
      expect(readFileSync(c.svg, 'utf8')).toContain('<svg');
      expect(c.tokens.output).toBeGreaterThan(0);
      expect(typeof c.ms).toBe('number');
    }
    expect(result.contenders.map((c: any) => c.label).sort()).toEqual(['Claude Opus 4.7', 'Qwen3.6-35B-A3B (local)']);
    const store = openSqliteStore(join(dir, 'duels.db'));
    expect((await store.getDuel(result.id))?.status).toBe('open');
    expect((await store.entries(result.id))?.A.ok).toBe(true);
    await store.close();
  });

  it.each([
    ['Anthropic is overloaded', { ANTHROPIC_BASE_URL: 'overloaded' }, /Anthropic is overloaded \(529\)/],
    ['Ollama is unreachable', { OLLAMA_HOST: 'http://127.0.0.1:9' }, /Ollama is not reachable at http:\/\/127\.0\.0\.1:9: is `ollama serve` running\?/],
    ['a reply has no SVG', { ANTHROPIC_BASE_URL: 'no-svg' }, /no SVG in the reply/],
  ] as Array<[string, Record<string, string>, RegExp]>)('still exits 0 and names the failure plainly when %s', async (_name, override, expected) => {
    const overloaded = await startFakeAnthropic({ reply: override.ANTHROPIC_BASE_URL === 'no-svg' ? { text: 'I would rather describe it in words.' } : { status: 529 } });
    try {
      const e = env(override.ANTHROPIC_BASE_URL ? { ANTHROPIC_BASE_URL: overloaded.url } : override);
      const r = await runCli(['run', 'a pelican riding a bicycle', '--json', '--out', join(dir, `fail-${_name.length}`)], e);
      expect(r.code).toBe(0);
      const result = lastJsonLine(r.stdout);
      expect(result.status).toBe('no-contest');
      const failed = result.contenders.filter((c: any) => !c.ok);
      expect(failed).toHaveLength(1);
      expect(failed[0].error).toMatch(expected);
      expect(failed[0].png).toBeNull();
      const drawn = result.contenders.find((c: any) => c.ok);
      expect(isPng(drawn.png)).toBe(true);
      expect(isPng(result.image)).toBe(true);
    } finally {
      await overloaded.close();
    }
  });

  it('tells how to vote with a command that works after npm install (duel itself is not on the PATH)', async () => {
    const r = await runCli(['run', 'a pelican voting', '--out', join(dir, 'text')], env());
    expect(r.code).toBe(0);
    const hint = /Vote with: (npx duel vote (\S+)) A\|B\|tie\|bad --voter <name>; reveal with: npx duel close \2$/m.exec(r.stdout);
    expect(hint, r.stdout).not.toBeNull();
    // Exactly as printed, through npx, from the project folder.
    const vote = await promisify(execFile)('npx', [...hint![1].split(' ').slice(1), 'A', '--voter', 'tester'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env() },
    });
    expect(vote.stderr).toBe('');
    expect(vote.stdout.trim()).toBe(`cli:tester votes A on ${hint![2]}`);
  });

  it('refuses to run with an empty prompt or bad configuration, in one line', async () => {
    // Both are wrong input: the same exit code and the same style, one line each.
    const empty = await runCli(['run', '  '], env());
    expect(empty.code).toBe(2);
    expect(empty.stderr.trim()).toMatch(/^duel: the prompt is empty: say what to draw[^\n]*$/);
    const long = await runCli(['run', 'x'.repeat(600)], env());
    expect(long.code).toBe(2);
    expect(long.stderr.trim()).toMatch(/^duel: the prompt is 600 characters long; the limit is 500\. Shorten it and try again\.$/);
    const bad = await runCli(['run', 'a cat'], env({ DUEL_VOTE_WINDOW: 'forever' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe('duel: DUEL_VOTE_WINDOW is "forever": write a duration such as 1h, 90s, 30m or 24h.');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('on Ctrl-C cancels the drawings and records the duel as no contest', async () => {
    const hanging = await startFakeOllama({ reply: { hang: true } });
    const db = join(dir, 'interrupted.db');
    try {
      const child = spawn(process.execPath, [BIN, 'run', 'a pelican that never arrives'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env({ OLLAMA_HOST: hanging.url, DUEL_DB: db }) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Wait until the duel is recorded and the local model has been asked.
      for (let i = 0; i < 100 && !hanging.requests.some((r) => r.path === '/api/chat'); i++) await new Promise((r) => setTimeout(r, 100));
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      const store = openSqliteStore(db);
      const duels = (await store.listDuels({}, 10, 0)).duels;
      await store.close();
      expect(duels.map((d) => d.status)).toEqual(['no-contest']);
    } finally {
      await hanging.close();
    }
  });
});
