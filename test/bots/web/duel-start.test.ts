/**
 * `POST /api/duels` goes through core's chat sequence (runChatDuel) with the web's DuelRequest:
 * each step of the sequence against a scripted engine, checking the HTTP answer, the per-address
 * duel token (spent at acknowledge, given back when the duel did not start) and the live state.
 */
import { Hono } from 'hono';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import { DuelRejectedError } from '../../../src/core/model/errors.js';
import type { DuelOutcome, DuelRecord, StartDuelInput } from '../../../src/core/model/records.js';
import { mountDuelStart } from '../../../src/bots/web/api-duel-start.js';
import { LiveDuels } from '../../../src/bots/web/live.js';
import { VoterIds, newVoterSecret } from '../../../src/bots/web/voter.js';
import type { Visitors } from '../../../src/bots/web/visitors.js';
import { webChatPlatform } from '../../../src/bots/web/web-platform.js';
import { WebLimits, type RateStore } from '../../../src/bots/web/web-limits.js';

/** The rate tokens in memory: enough for WebLimits. */
function memoryRates(): RateStore & { count(): number } {
  const rows = new Map<string, number>();
  return {
    async takeRateToken(kind, subject, token, limit, since, at) {
      const key = `${kind}|${subject}|${token}`;
      if (rows.has(key)) return true;
      if ([...rows.keys()].filter((k) => k.startsWith(`${kind}|${subject}|`) && rows.get(k)! >= since).length >= limit) return false;
      rows.set(key, at);
      return true;
    },
    releaseRateToken: async (kind, subject, token) => void rows.delete(`${kind}|${subject}|${token}`),
    pruneRateTokens: async () => 0,
    count: () => rows.size,
  };
}

function duelRecord(id: string, input: StartDuelInput): DuelRecord {
  return { id, platform: 'web', community: 'web', channel: input.channel, messageRef: null, author: input.author, prompt: input.prompt, aSpec: 'a', bSpec: 'b', createdAt: 0, closesAt: 1, closedAt: null, status: 'open', flags: [] };
}

/** A scripted engine: `start` plays the duel (progress, then an outcome or a throw). */
function setup(start: (input: StartDuelInput) => Promise<DuelOutcome>, opts: { duelsPerHour?: number; precheck?: DuelRejectedError } = {}) {
  const refs = new Map<string, string>();
  const service = {
    precheck: () => opts.precheck ?? null,
    startDuel: start,
    attachMessage: (id: string, ref: string) => void refs.set(id, ref),
    getDuel: () => undefined,
    close: () => {
      throw new Error('not closed here');
    },
  } as unknown as DuelApi;
  const secret = newVoterSecret();
  const rates = memoryRates();
  const ids = new VoterIds(secret);
  const visitors: Visitors = { ids, limits: new WebLimits(rates, { votersPerHour: 0, votesPerHour: 0, duelsPerHour: opts.duelsPerHour ?? 1 }, secret), trustProxy: 0, secureCookies: false };
  const live = new LiveDuels();
  const app = new Hono();
  mountDuelStart(app, { service, platform: webChatPlatform(live), live, logger: pino({ level: 'silent' }), visitors });
  const post = (prompt = 'a cat') =>
    app.request('/api/duels', { method: 'POST', headers: { cookie: `duel_voter=${ids.issue().cookie}`, 'content-type': 'application/json' }, body: JSON.stringify({ prompt }) });
  return { app, post, live, refs, rates };
}

const outcomeOf = (id: string, input: StartDuelInput): DuelOutcome =>
  ({ duel: duelRecord(id, input), entries: {}, images: { A: null, B: null, composite: Buffer.from('png') }, contest: true }) as unknown as DuelOutcome;
const progress = (duelId: string) => ({ duelId, state: 'drawing' as const, elapsedMs: 5, text: 'drawing · 0 s' });
const settle = () => new Promise((r) => setTimeout(r, 20));

describe('starting a web duel through core', () => {
  it('answers 201 with the id on the first progress, then posts: the duel page is the message', async () => {
    let finish!: () => void;
    const t = setup(async (input) => {
      input.onProgress?.(progress('d1'));
      await new Promise<void>((r) => (finish = r));
      return outcomeOf('d1', input);
    });
    const res = await t.post();
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'd1', url: '/duels/d1' });
    expect(t.live.get('d1')).toMatchObject({ finished: false, progress: { state: 'drawing' } });
    finish();
    await settle();
    expect(t.live.get('d1')?.finished).toBe(true);
    expect(t.refs.get('d1')).toBe('d1');
  });

  it('answers a precheck refusal with the engine reason, spending no token', async () => {
    const t = setup(async () => Promise.reject(new Error('never started')), { precheck: new DuelRejectedError('The prompt is empty.', 'empty-prompt') });
    const res = await t.post('  ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'The prompt is empty.', reason: 'empty-prompt', retryAfterMs: null });
    expect(t.rates.count()).toBe(0);
  });

  it('refuses over the address limit at acknowledge, before anything starts', async () => {
    let started = 0;
    const t = setup(async (input) => {
      started++;
      input.onProgress?.(progress(`d${started}`));
      return outcomeOf(`d${started}`, input);
    });
    expect((await t.post()).status).toBe(201);
    const refused = await t.post();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ reason: 'rate-limited', error: expect.stringContaining('DUEL_WEB_DUELS_PER_HOUR') });
    expect(started).toBe(1);
  });

  it('gives the token back when core refuses after acknowledging, with Retry-After', async () => {
    const t = setup(async () => Promise.reject(new DuelRejectedError('Wait a bit: you can start another in 1 min.', 'cooldown', 60_000)));
    const res = await t.post();
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('60');
    expect(await res.json()).toMatchObject({ reason: 'cooldown', retryAfterMs: 60_000 });
    expect(t.rates.count()).toBe(0);
  });

  it('answers 500 and gives the token back when the duel fails before it has an id', async () => {
    const t = setup(async () => Promise.reject(new Error('disk full')));
    const res = await t.post();
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: string }).error).toMatch(/could not start/);
    expect(t.rates.count()).toBe(0);
  });

  it('tells the open page when the duel fails after the answer, and keeps the token', async () => {
    let fail!: () => void;
    const t = setup(async (input) => {
      input.onProgress?.(progress('d9'));
      await new Promise<void>((r) => (fail = r));
      throw new Error('composite failed');
    });
    expect((await t.post()).status).toBe(201);
    fail();
    await settle();
    expect(t.live.get('d9')).toMatchObject({ finished: true, error: expect.stringMatching(/will not count/) });
    expect(t.rates.count()).toBe(1);
  });
});
