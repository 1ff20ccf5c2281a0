/**
 * `duel serve` (what `npm start` runs) as a real child process with nothing but the defaults and
 * fake model servers: it serves the arena at the URL it prints, says which contenders are ready,
 * and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { BIN, ROOT } from './run-cli.js';
import { startServe } from '../helpers/serve-child.js';

let ollama: FakeModelServer;
let dir: string;

beforeAll(async () => {
  ollama = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'duel-serve-'));
});

afterAll(async () => {
  await ollama.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('duel serve', () => {
  it('serves the arena at the printed URL, reports the contenders, and stops on SIGTERM', async () => {
    const child = await startServe({ OLLAMA_HOST: ollama.url, DUEL_DB: join(dir, 'duels.db') });
    try {
      expect(child.stdout()).toMatch(/ready\s+Qwen3\.6-35B-A3B \(local\)/);
      expect(child.stdout()).toMatch(/NOT READY Claude Opus 4\.7 \(anthropic:claude-opus-4-7\): ANTHROPIC_API_KEY is not set/);
      const page = await fetch(child.url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('prompt-duel');
    } finally {
      expect(await child.stop()).toBe(0);
    }
  });

  it('stops with exit 0 on SIGTERM while it is still starting (a model server that never answers the check)', async () => {
    // Accepts every request and never answers: the contender check hangs, so serve is mid-start-up.
    const held: Array<() => void> = [];
    const silent: Server = createServer((req, res) => held.push(() => res.destroy()));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', OLLAMA_HOST: `http://127.0.0.1:${port}`, DUEL_DB: join(dir, 'starting.db'), DUEL_WEB_PORT: '0', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    try {
      // The arena is up and the check has been asked: the model server holds the request.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stdout}`)), 60_000);
        const poll = setInterval(() => {
          if (/prompt-duel is running/.test(stdout) && held.length > 0) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          }
        }, 50);
      });
      expect(stdout).not.toMatch(/No chat is configured/);
      child.kill('SIGTERM');
      expect(await exited).toEqual({ code: 0, signal: null });
    } finally {
      child.kill('SIGKILL');
      for (const h of held) h();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});
