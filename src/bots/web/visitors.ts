/**
 * Who is asking: the signed voter id from the cookie and the client address, with the
 * per-address limits applied. Pages get a voter id issued on the first visit (if the address
 * may have another); writes need an id this server signed.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { clientAddress } from './client-address.js';
import type { VoterIds } from './voter.js';
import type { WebLimits } from './web-limits.js';

export interface Visitors {
  ids: VoterIds;
  limits: WebLimits;
  /** Reverse proxies whose X-Forwarded-For is believed (DUEL_WEB_TRUST_PROXY). */
  trustProxy: number;
  secureCookies: boolean;
}

export const NO_COOKIE = 'Your browser did not send the arena cookie: reload the page, and allow cookies for this site.';
export const FORGED_COOKIE =
  'Your voter id was not issued by this server (or the server was reset): reload the page to get a new one.';

export function addressOf(c: Context, v: Visitors): string {
  return clientAddress(c, v.trustProxy);
}

/**
 * The voter id for a page view, issuing a signed one when the browser has none (or one we did
 * not sign). Undefined when this address already got its hour's share of new ids: the page
 * still shows, and a vote or a duel from it is refused with the limit's message.
 */
export async function ensureVoter(c: Context, v: Visitors): Promise<string | undefined> {
  const cookie = v.ids.read(c);
  if (cookie.status === 'ok') return cookie.id;
  const fresh = v.ids.issue();
  if (!(await v.limits.take('voter', addressOf(c, v), fresh.id))) return undefined;
  v.ids.setCookie(c, fresh.cookie, v.secureCookies);
  return fresh.id;
}

/** The voter behind a write, or why it is refused (HTTP status and a message for the page). */
export function requireVoter(c: Context, v: Visitors): { id: string } | { status: 403 | 429; error: string; reason: string } {
  const cookie = v.ids.read(c);
  if (cookie.status === 'ok') return { id: cookie.id };
  if (cookie.status === 'forged') return { status: 403, error: FORGED_COOKIE, reason: 'forged-voter' };
  return { status: 403, error: NO_COOKIE, reason: 'no-voter' };
}

export type VoterEnv = { Variables: { voter: string } };
export type VisitorEnv = { Variables: { visitor: string | undefined } };

/** Middleware for writes: refuses a request without a voter id this server signed, else sets `voter`. */
export function voterRequired(v: Visitors): MiddlewareHandler<VoterEnv> {
  return async (c, next) => {
    const who = requireVoter(c, v);
    if (!('id' in who)) return c.json({ error: who.error, reason: who.reason }, who.status);
    c.set('voter', who.id);
    await next();
  };
}

/** Middleware for pages: issues a voter id when needed (ensureVoter) and sets `visitor` (undefined at the limit). */
export function pageVisitor(v: Visitors): MiddlewareHandler<VisitorEnv> {
  return async (c, next) => {
    c.set('visitor', await ensureVoter(c, v));
    await next();
  };
}
