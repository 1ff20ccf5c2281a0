/**
 * `duel serve` as a real child process serves /metrics with the engine's numbers wired in (each
 * configured provider's duel counters start at 0), the render queue and the event loop, and
 * /healthz reads its database; with DUEL_METRICS=off, /metrics is 404.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { startServe } from '../../helpers/serve-child.js';

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

/** Runs `duel serve` with `env`, hands its URL to `check`, then stops it with SIGTERM (exit 0). */
async function serve(name: string, env: Record<string, string>, check: (url: string) => Promise<void>): Promise<void> {
  const child = await startServe({ OLLAMA_HOST: ollama.url, DUEL_DB: join(dir, `${name}.db`), ...env });
  try {
    await check(child.url);
  } finally {
    expect(await child.stop()).toBe(0);
  }
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
