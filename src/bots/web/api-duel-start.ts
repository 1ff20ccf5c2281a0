/**
 * `POST /api/duels`: start a duel from the arena's prompt box. Admission (prompt, cooldown,
 * queue) is core's; this adds the per-address duel limit and answers once the duel has an id.
 */
import type { Context, Hono } from 'hono';
import type pino from 'pino';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { DuelRejectedError } from '../../core/model/errors.js';
import type { LiveDuels } from './live.js';
import { voterKey } from './voter.js';
import { addressOf, voterRequired, type Visitors } from './visitors.js';

export interface DuelStartDeps {
  service: DuelApi;
  live: LiveDuels;
  logger: pino.Logger;
  visitors: Visitors;
}

/** How many names the body may carry; core refuses more than two with its own message. */
const MAX_NAMED = 3;

function rejection(c: Context, err: DuelRejectedError) {
  const status = err.reason === 'cooldown' || err.reason === 'busy' ? 429 : 400;
  if (err.retryAfterMs) c.header('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
  return c.json({ error: err.message, reason: err.reason, retryAfterMs: err.retryAfterMs ?? null }, status);
}

/**
 * Zero, one or two named contenders ("random" or empty means: let the arena pick); core
 * resolves the names and answers an unknown one with the list of valid names.
 */
function namedContenders(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((n): n is string => typeof n === 'string' && n.trim() !== '' && n !== 'random').slice(0, MAX_NAMED);
}

export function mountDuelStart(app: Hono, deps: DuelStartDeps): void {
  const { service, live, logger, visitors } = deps;
  app.post('/api/duels', voterRequired(visitors), async (c) => {
    const voter = c.get('voter');
    const body = (await c.req.json().catch(() => null)) as { prompt?: unknown; contenders?: unknown } | null;
    const prompt = typeof body?.prompt === 'string' ? body.prompt : '';
    const named = namedContenders(body?.contenders);
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
}
