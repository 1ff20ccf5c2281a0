/**
 * Votes and the early close of a web duel. The vote rules (one vote per voter, changing it, taking
 * it back, closed duels) are core's; this adds only the arena's per-address limit and the words.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import type pino from 'pino';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { CHOICES, type Choice } from '../../core/model/types.js';
import { VOTE_REJECTION_MESSAGES } from '../../core/votes/vote-messages.js';
import type { DuelEnv } from './duel-param.js';
import { voteCount } from './duel-state.js';
import type { LiveDuels } from './live.js';
import { voterKey } from './voter.js';
import { addressOf, voterRequired, type Visitors } from './visitors.js';

export interface VoteDeps {
  service: DuelApi;
  live: LiveDuels;
  logger: pino.Logger;
  visitors: Visitors;
}

export function mountVotes(app: Hono, deps: VoteDeps, duelParam: MiddlewareHandler<DuelEnv>): void {
  const { service, live, logger, visitors } = deps;
  const writer = voterRequired(visitors);

  app.post('/api/duels/:id/vote', writer, duelParam, async (c) => {
    const voter = c.get('voter');
    const duel = c.get('duel');
    const body = (await c.req.json().catch(() => null)) as { choice?: unknown; op?: unknown } | null;
    const choice = body?.choice as Choice;
    if (!CHOICES.includes(choice)) return c.json({ error: 'Choose A, B, tie or bad.' }, 400);
    const op = body?.op === 'remove' ? 'remove' : 'add';
    // A vote counts against its address once per duel and voter; changing it is free, and so is
    // taking it back (which only ever lowers the count).
    if (op === 'add' && duel.status === 'open' && !(await visitors.limits.take('vote', addressOf(c, visitors), `${duel.id}:${voter}`))) {
      logger.warn({ duelId: duel.id, limit: 'vote' }, 'web vote refused: address limit');
      const votes = await service.votes(duel.id);
      const current = votes.get(voterKey(voter)) ?? null;
      return c.json({ error: visitors.limits.message('vote'), reason: 'rate-limited', current, ...voteCount(votes.size) }, 429);
    }
    const result = await service.vote({ duelId: duel.id, voter: voterKey(voter), choice, op });
    live.poke(duel.id);
    const count = voteCount((await service.votes(duel.id)).size);
    if (!result.accepted && result.reason !== 'stale-remove') {
      return c.json({ error: VOTE_REJECTION_MESSAGES[result.reason ?? 'closed'], reason: result.reason, current: result.current, ...count }, 409);
    }
    return c.json({ accepted: result.accepted, current: result.current, ...count });
  });

  app.post('/api/duels/:id/close', writer, duelParam, async (c) => {
    const duel = c.get('duel');
    if (duel.status === 'generating') return c.json({ error: 'The drawings are not ready yet.' }, 409);
    if (duel.platform !== 'web' || (duel.status === 'open' && !(await service.canCloseEarly(duel.id, voterKey(c.get('voter')))))) {
      return c.json({ error: 'Only the person who started this duel can close it early; otherwise voting closes on its own.' }, 403);
    }
    const reveal = await service.close(duel.id);
    live.poke(duel.id);
    logger.info({ duelId: duel.id, votes: reveal.votes }, 'web duel closed by its author');
    return c.json({ status: reveal.status });
  });
}
