/**
 * The arena's JSON and server-sent-event endpoints. Every write is same-origin only
 * (security.ts) and carries the anonymous voter cookie. Duel rules (cooldown, queue,
 * vote rules, closing) all live in the engine: this file only translates.
 */
import { isRevealed } from '../../core/model/records.js';
import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { bodyLimit } from 'hono/body-limit';
import type pino from 'pino';
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { DuelRecord } from '../../core/model/records.js';
import { DuelRejectedError } from '../../core/model/errors.js';
import { CHOICES, type Choice } from '../../core/model/types.js';
import type { LiveDuels } from './live.js';
import { sameOriginWrites } from './security.js';
import { voterKey } from './voter.js';
import { addressOf, requireVoter, type Visitors } from './visitors.js';
import { plural } from './plural.js';
import { progressWords } from './views/progress.js';
import { VOTE_REJECTION_MESSAGES } from '../../core/votes/vote-messages.js';

export interface ApiDeps {
  service: DuelApi;
  live: LiveDuels;
  logger: pino.Logger;
  /** Aborted when the server stops, ending every event stream. */
  stopping: AbortSignal;
  visitors: Visitors;
}

export const DUEL_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** An event stream ends after this long; EventSource reconnects by itself. */
const STREAM_MAX_MS = 5 * 60_000;
const TICK_MS = 1000;


/** What the live view needs to know about a duel. Blind: no spec or label, ever. */
export function duelState(service: DuelApi, live: LiveDuels, duel: DuelRecord) {
  const l = live.get(duel.id);
  const votes = duel.status === 'open' ? service.votes(duel.id).size : (service.getReveal(duel.id)?.votes ?? 0);
  return {
    id: duel.id,
    status: duel.status,
    closesAt: duel.closesAt,
    votes,
    /** The count in words ("1 vote"), so the page never pluralizes on its own. */
    votesText: plural(votes, 'vote'),
    // One state for the duel while it is drawn, never per side (blind progress), with the
    // page's words for it (`words`), so the page script never words anything itself.
    progress:
      duel.status === 'generating' && l?.progress
        ? { state: l.progress.state, elapsedMs: l.progress.elapsedMs, queue: l.progress.queue ?? null, text: l.progress.text, words: progressWords(l.progress) }
        : null,
    error: l?.error ?? null,
  };
}

function rejection(c: Context, err: DuelRejectedError) {
  const status = err.reason === 'cooldown' || err.reason === 'busy' ? 429 : 400;
  if (err.retryAfterMs) c.header('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
  return c.json({ error: err.message, reason: err.reason, retryAfterMs: err.retryAfterMs ?? null }, status);
}

export function mountApi(app: Hono, deps: ApiDeps): void {
  const { service, live, logger, visitors } = deps;
  app.use('/api/*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.json({ error: 'Request too large.' }, 413) }));
  app.use('/api/*', sameOriginWrites());

  app.post('/api/duels', async (c) => {
    const who = requireVoter(c, visitors);
    if (!('id' in who)) return c.json({ error: who.error, reason: who.reason }, who.status);
    const voter = who.id;
    const body = (await c.req.json().catch(() => null)) as { prompt?: unknown; contenders?: unknown } | null;
    const prompt = typeof body?.prompt === 'string' ? body.prompt : '';
    // Zero, one or two named contenders ("random" or empty means: let the arena pick); core
    // resolves the names and answers an unknown one with the list of valid names.
    const named = Array.isArray(body?.contenders)
      ? body.contenders.filter((n): n is string => typeof n === 'string' && n.trim() !== '' && n !== 'random').slice(0, 3)
      : [];
    const input = { platform: 'web' as const, community: 'web', author: voterKey(voter), prompt, ...(named.length ? { contenders: named } : {}) };
    const refused = service.precheck(input);
    if (refused) return rejection(c, refused);
    // Checked and spent in one synchronous step, so parallel requests cannot all slip under it.
    const address = addressOf(c, visitors);
    const ticket = `${voter}:${Date.now()}:${Math.random()}`;
    if (!visitors.limits.take('duel', address, ticket)) {
      logger.warn({ limit: 'duel' }, 'web duel refused: address limit');
      return c.json({ error: visitors.limits.message('duel'), reason: 'rate-limited' }, 429);
    }

    let resolveId!: (id: string) => void;
    const firstProgress = new Promise<string>((resolve) => (resolveId = resolve));
    let duelId: string | undefined;
    const outcome = service.startDuel({
      ...input,
      channel: 'arena',
      onProgress: (p) => {
        duelId ??= p.duelId;
        live.update(p);
        resolveId(p.duelId);
      },
    });
    outcome.then(
      (o) => live.finish(o.duel.id),
      (err: unknown) => {
        if (!duelId) return; // answered below
        logger.error({ err, duelId }, 'web duel failed');
        live.finish(duelId, 'Something went wrong while finishing this duel; it will not count.');
      },
    );
    try {
      const id = await Promise.race([firstProgress, outcome.then((o) => o.duel.id)]);
      logger.info({ duelId: id }, 'web duel started');
      return c.json({ id, url: `/duels/${id}` }, 201);
    } catch (err) {
      visitors.limits.release('duel', address, ticket);
      if (err instanceof DuelRejectedError) return rejection(c, err);
      logger.error({ err }, 'web duel could not start');
      return c.json({ error: 'The duel could not start. Try again in a moment; if it keeps failing, check the server log.' }, 500);
    }
  });

  app.get('/api/duels/:id', (c) => {
    const id = c.req.param('id');
    const duel = DUEL_ID.test(id) ? service.getDuel(id) : undefined;
    if (!duel) return c.json({ error: 'There is no such duel.' }, 404);
    const cookie = visitors.ids.read(c);
    const voter = cookie.status === 'ok' ? cookie.id : undefined;
    const reveal = service.getReveal(duel.id);
    return c.json({
      ...duelState(service, live, duel),
      prompt: duel.prompt,
      platform: duel.platform,
      createdAt: duel.createdAt,
      myVote: voter && duel.status === 'open' ? (service.votes(duel.id).get(voterKey(voter)) ?? null) : null,
      reveal: reveal ?? null,
    });
  });

  app.get('/api/duels/:id/events', (c) => {
    const id = c.req.param('id');
    const duel = DUEL_ID.test(id) ? service.getDuel(id) : undefined;
    if (!duel) return c.json({ error: 'There is no such duel.' }, 404);
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      const onStop = () => abort.abort();
      deps.stopping.addEventListener('abort', onStop);
      const started = Date.now();
      let last = '';
      try {
        while (!abort.signal.aborted && Date.now() - started < STREAM_MAX_MS) {
          const d = service.getDuel(id);
          if (!d) break;
          const json = JSON.stringify(duelState(service, live, d));
          if (json !== last) {
            await stream.writeSSE({ event: 'state', data: json });
            last = json;
          }
          if (isRevealed(d)) break;
          await live.next(id, TICK_MS, abort.signal);
        }
      } finally {
        deps.stopping.removeEventListener('abort', onStop);
      }
    });
  });

  app.post('/api/duels/:id/vote', async (c) => {
    const who = requireVoter(c, visitors);
    if (!('id' in who)) return c.json({ error: who.error, reason: who.reason }, who.status);
    const voter = who.id;
    const id = c.req.param('id');
    const duel = DUEL_ID.test(id) ? service.getDuel(id) : undefined;
    if (!duel) return c.json({ error: 'There is no such duel.' }, 404);
    if (duel.platform !== 'web') return c.json({ error: `This duel is voted on in ${duel.platform}, where it was posted.` }, 409);
    const body = (await c.req.json().catch(() => null)) as { choice?: unknown; op?: unknown } | null;
    const choice = body?.choice as Choice;
    if (!CHOICES.includes(choice)) return c.json({ error: 'Choose A, B, tie or bad.' }, 400);
    const op = body?.op === 'remove' ? 'remove' : 'add';
    // A vote counts against its address once per duel and voter; changing it is free, and so is
    // taking it back (which only ever lowers the count).
    if (op === 'add' && duel.status === 'open' && !visitors.limits.take('vote', addressOf(c, visitors), `${duel.id}:${voter}`)) {
      logger.warn({ duelId: duel.id, limit: 'vote' }, 'web vote refused: address limit');
      const votes = service.votes(duel.id).size;
      return c.json({ error: visitors.limits.message('vote'), reason: 'rate-limited', current: service.votes(duel.id).get(voterKey(voter)) ?? null, votes, votesText: plural(votes, 'vote') }, 429);
    }
    const result = service.vote({ duelId: duel.id, voter: voterKey(voter), choice, op });
    live.poke(duel.id);
    const votes = service.votes(duel.id).size;
    if (!result.accepted && result.reason !== 'stale-remove') {
      return c.json({ error: VOTE_REJECTION_MESSAGES[result.reason ?? 'closed'], reason: result.reason, current: result.current, votes, votesText: plural(votes, 'vote') }, 409);
    }
    return c.json({ accepted: result.accepted, current: result.current, votes, votesText: plural(votes, 'vote') });
  });

  app.post('/api/duels/:id/close', (c) => {
    const who = requireVoter(c, visitors);
    if (!('id' in who)) return c.json({ error: who.error, reason: who.reason }, who.status);
    const voter = who.id;
    const id = c.req.param('id');
    const duel = DUEL_ID.test(id) ? service.getDuel(id) : undefined;
    if (!duel) return c.json({ error: 'There is no such duel.' }, 404);
    if (duel.status === 'generating') return c.json({ error: 'The drawings are not ready yet.' }, 409);
    if (duel.platform !== 'web' || (duel.status === 'open' && !service.canCloseEarly(duel.id, voterKey(voter)))) {
      return c.json({ error: 'Only the person who started this duel can close it early; otherwise voting closes on its own.' }, 403);
    }
    const reveal = service.close(duel.id);
    live.poke(duel.id);
    logger.info({ duelId: duel.id, votes: reveal.votes }, 'web duel closed by its author');
    return c.json({ status: reveal.status });
  });
}
