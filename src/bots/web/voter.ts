/**
 * Anonymous web voters: a random id in an HttpOnly, SameSite=Lax cookie. The id namespaces
 * votes and the duel cooldown (`web:<id>`); clearing cookies makes a new voter, which is why
 * web duels count in their own `web` community (see the README's web arena section).
 */
import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const VOTER_COOKIE = 'duel_voter';
const VALID = /^[A-Za-z0-9_-]{16,64}$/;

/** The voter id from the cookie, or undefined when absent or malformed. */
export function readVoter(c: Context): string | undefined {
  const v = getCookie(c, VOTER_COOKIE);
  return v && VALID.test(v) ? v : undefined;
}

/** The voter id, creating and setting the cookie on first visit. */
export function ensureVoter(c: Context, secure: boolean): string {
  const existing = readVoter(c);
  if (existing) return existing;
  const id = randomBytes(16).toString('base64url');
  setCookie(c, VOTER_COOKIE, id, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 365 * 24 * 3600, secure });
  return id;
}

export const voterKey = (id: string) => `web:${id}`;
