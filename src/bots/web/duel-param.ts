/**
 * The `:id` of every duel route, looked up once: a hono middleware that answers the route's own
 * "not found" for an id that is malformed or unknown, and otherwise hands the duel to the handler
 * as `c.get('duel')`. The id is checked before the store is asked, so a path like `..%2F` never
 * reaches a query.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { DuelRecord } from '../../core/model/records.js';

export const DUEL_ID = /^[A-Za-z0-9_-]{1,64}$/;

export type DuelEnv = { Variables: { duel: DuelRecord } };

export async function findDuel(service: DuelApi, id: string | undefined): Promise<DuelRecord | undefined> {
  return id !== undefined && DUEL_ID.test(id) ? service.getDuel(id) : undefined;
}

/** Loads the duel named by `:id`; `notFound` is what this route answers when there is none. */
export function duelParam(service: DuelApi, notFound: (c: Context) => Response | Promise<Response>): MiddlewareHandler<DuelEnv> {
  return async (c, next) => {
    const duel = await findDuel(service, c.req.param('id'));
    if (!duel) return notFound(c);
    c.set('duel', duel);
    await next();
  };
}
