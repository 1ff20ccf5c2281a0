/**
 * `duel serve` as a real child process serves /metrics with the engine's numbers wired in (each
 * configured provider's duel counters start at 0), the render queue and the event loop, and
 * /healthz reads its database; with DUEL_METRICS=off, /metrics is 404.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { BIN, ROOT } from '../../cli/run-cli.js';

let ollama: FakeModelServer;
let dir: string;

beforeAll(async () => {
  ollama = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'duel-metrics-'));
});

afterAll(async () => {
  await ollama.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `duel serve` with `env` until it prints its URL, hands the URL to `check`, then stops it with SIGTERM. */
async function serve(name: string, env: Record<string, string>, check: (url: string) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', OLLAMA_HOST: ollama.url, DUEL_DB: join(dir, `${name}.db`), DUEL_WEB_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${stdout}`)), 30_000);
      child.stdout.on('data', () => {
        if (/No chat is configured/.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    await check(/open (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}

describe('duel serve', () => {
  it('serves /metrics with the engine wired in, and /healthz', async () => {
    await serve('on', {}, async (url) => {
      const res = await fetch(`${url}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      // The default contenders (ollama and anthropic): counted from 0 before any duel.
      expect(text).toMatch(/^prompt_duel_duels_started_total\{provider="ollama"\} 0$/m);
      expect(text).toMatch(/^prompt_duel_duels_opened_total\{provider="anthropic"\} 0$/m);
      expect(text).toMatch(/^prompt_duel_votes_counted_total\{platform="web"\} 0$/m);
      expect(text).toMatch(/^prompt_duel_render_queue_depth\{lane="still"\} 0$/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds [0-9.e-]+$/m);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.text()).toBe('ok');
    });
  });

  it('answers 404 on /metrics with DUEL_METRICS=off', async () => {
    await serve('off', { DUEL_METRICS: 'off' }, async (url) => {
      expect((await fetch(`${url}/metrics`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
    });
  });
});
