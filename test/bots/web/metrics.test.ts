/**
 * /metrics and /healthz against the real engine (fake model servers, real SQLite, real render
 * pool), wired as `duel serve` wires them: a duel drawn and voted over HTTP shows in the numbers,
 * which name no prompt and no voter; DUEL_METRICS=off hides them; /healthz follows the database.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createArenaMetrics, startWebServer, type WebServer } from '../../../src/bots/web/index.js';
import { createTestEngine, type TestEngine, type TestEngineOptions } from '../../helpers/engine.js';
import { newClient } from './web-client.js';
import { NO_LIMITS } from './web-harness.js';

const running: Array<{ web: WebServer; engine: TestEngine }> = [];
afterEach(async () => {
  for (const { web, engine } of running.splice(0)) {
    await web.stop();
    await engine.close();
  }
});

/** The engine and the arena, with the engine's numbers on /metrics as serve.ts wires them (when DUEL_METRICS is on). */
async function start(opts: TestEngineOptions = {}): Promise<{ base: string; engine: TestEngine }> {
  const engine = await createTestEngine(opts);
  const config = engine.config.web;
  const metrics = config.metrics
    ? createArenaMetrics({ contenders: engine.service.contenders().map((c) => c.spec), renderQueue: () => engine.engine.renderQueue() })
    : undefined;
  if (metrics) engine.engine.observe(metrics.observer);
  const web = await startWebServer({
    service: engine.service,
    store: engine.engine.store,
    config: { ...config, port: 0, host: '127.0.0.1', limits: NO_LIMITS },
    logger: pino({ level: 'silent' }),
    metrics,
  });
  running.push({ web, engine });
  return { base: web.url, engine };
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The Prometheus text format, read strictly: every line is a comment (# HELP / # TYPE with a
 * metric name) or `name{label="value",...} number`; anything else fails the test.
 */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (comment) {
      if (comment[1] === 'TYPE') types.set(comment[2]!, comment[3]!);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?(?:[0-9.eE+-]+|NaN|\+Inf|-Inf))$/.exec(line);
    if (!m) throw new Error(`not a Prometheus text line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { samples, types };
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hit = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hit.length ? hit.reduce((sum, s) => sum + s.value, 0) : undefined;
}

describe('/metrics', () => {
  it('counts a duel drawn and voted over HTTP by provider and platform, with draw and render times, and names no prompt or voter', async () => {
    const { base, engine } = await start();
    const prompt = 'a heron reading a newspaper in the rain';
    const client = await newClient(base);
    const id = await client.duel(prompt);
    expect((await (await client.get(`/api/duels/${id}`)).json()) as { status: string }).toMatchObject({ status: 'open' });
    const vote = await client.post(`/api/duels/${id}/vote`, { choice: 'A' });
    expect(((await vote.json()) as { accepted: boolean }).accepted).toBe(true);
    // A changed vote is the same voter's one vote: counted once.
    await client.post(`/api/duels/${id}/vote`, { choice: 'B' });

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const { samples, types } = parsePrometheus(text);

    for (const provider of ['ollama', 'anthropic']) {
      expect(value(samples, 'prompt_duel_duels_started_total', { provider })).toBe(1);
      expect(value(samples, 'prompt_duel_duels_opened_total', { provider })).toBe(1);
      expect(value(samples, 'prompt_duel_duels_failed_total', { provider })).toBe(0);
      expect(value(samples, 'prompt_duel_draw_seconds_count', { provider })).toBe(1);
    }
    expect(types.get('prompt_duel_duels_started_total')).toBe('counter');
    expect(types.get('prompt_duel_draw_seconds')).toBe('histogram');
    expect(value(samples, 'prompt_duel_votes_counted_total', { platform: 'web' })).toBe(1);
    expect(value(samples, 'prompt_duel_votes_counted_total', { platform: 'discord' })).toBe(0);
    // Two drawings and the composite at least, each searched for and rasterized in the pool.
    expect(value(samples, 'prompt_duel_render_seconds_count', { lane: 'still', kind: 'drawing', outcome: 'ok' })).toBe(2);
    expect(value(samples, 'prompt_duel_render_seconds_count', { kind: 'composite', outcome: 'ok' })).toBeGreaterThan(0);
    expect(value(samples, 'prompt_duel_render_seconds_count')).toBeGreaterThan(0);
    expect(types.get('prompt_duel_render_queue_depth')).toBe('gauge');
    expect(value(samples, 'prompt_duel_render_queue_depth', { lane: 'still' })).toBe(0);
    expect(value(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');

    // Operational numbers only: not the prompt, not a voter id, not the cookie, not a model.
    const voters = [...(await engine.service.votes(id)).keys()];
    expect(voters).toHaveLength(1);
    for (const secret of [prompt, 'heron', ...voters, voters[0]!.split(':')[1]!, client.cookie.split('=')[1]!, 'qwen', 'claude', '<svg']) {
      expect(text).not.toContain(secret);
    }
  });

  it('counts a duel whose side fails as failed, not opened', async () => {
    const { base } = await start({ anthropicBehaviour: { text: 'I would rather not draw today.' } });
    const client = await newClient(base);
    const id = await client.duel('a lighthouse');
    expect((await (await client.get(`/api/duels/${id}`)).json()) as { status: string }).toMatchObject({ status: 'no-contest' });
    const { samples } = parsePrometheus(await (await fetch(`${base}/metrics`)).text());
    for (const provider of ['ollama', 'anthropic']) {
      expect(value(samples, 'prompt_duel_duels_started_total', { provider })).toBe(1);
      expect(value(samples, 'prompt_duel_duels_failed_total', { provider })).toBe(1);
      expect(value(samples, 'prompt_duel_duels_opened_total', { provider })).toBe(0);
    }
  });

  it('counts chat votes by the duel’s platform: live reactions and those reconciled after a restart, new votes only', async () => {
    const { base, engine } = await start();
    const { duel } = await engine.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author: 'discord:1', prompt: 'a crane' });
    expect(duel.status).toBe('open');
    await engine.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'add' });
    // The same reaction redelivered, and a vote taken back: no new vote.
    await engine.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'add' });
    await engine.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'remove' });
    // What the channel shows after a restart: two reactions the bot never saw live.
    expect(await engine.service.reconcile(duel.id, [{ voter: 'discord:3', choice: 'B' }, { voter: 'discord:4', choice: 'tie' }])).toBe(2);
    const { samples } = parsePrometheus(await (await fetch(`${base}/metrics`)).text());
    expect(value(samples, 'prompt_duel_votes_counted_total', { platform: 'discord' })).toBe(3);
    expect(value(samples, 'prompt_duel_votes_counted_total', { platform: 'web' })).toBe(0);
  });

  it('answers 404 with DUEL_METRICS=off', async () => {
    const { base, engine } = await start({ env: { DUEL_METRICS: 'off' } });
    expect(engine.config.web.metrics).toBe(false);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('nodejs_');
  });
});

describe('/healthz', () => {
  it('answers 200 ok while the database reads, and 503 with one line saying why once it is closed', async () => {
    const { base, engine } = await start();
    const ok = await fetch(`${base}/healthz`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('ok');
    expect(ok.headers.get('cache-control')).toBe('no-store');

    await engine.engine.store.close();
    const down = await fetch(`${base}/healthz`);
    expect(down.status).toBe(503);
    const why = await down.text();
    expect(why).toMatch(/^unhealthy: the database read failed: .*not open/);
    expect(why).not.toContain('\n');
  });

  it('answers 503 when the database does not answer in time: a transaction holds the connection', async () => {
    const { base, engine } = await start();
    let release: (() => void) | undefined;
    const holding = engine.engine.store.transaction(() => new Promise<void>((resolve) => (release = resolve)));
    try {
      const res = await fetch(`${base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('unhealthy: the database did not answer within 1000 ms');
    } finally {
      release?.();
      await holding;
    }
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
