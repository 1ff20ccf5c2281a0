/**
 * Anonymous web voters. The server issues each browser a random id signed with a key it made
 * once and keeps in the database (HMAC-SHA256), in an HttpOnly, SameSite=Lax cookie. An id
 * the server did not sign is refused, so a made-up cookie is neither a new voter nor a way
 * around the cooldown: new ids only come from the server, which counts them per address
 * (web-limits.ts). The id namespaces votes and the duel cooldown (`web:<id>`).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const VOTER_COOKIE = 'duel_voter';
/** Key of the signing secret in the settings table. */
export const VOTER_SECRET_SETTING = 'web.voter-secret';
const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

export type VoterCookie = { status: 'ok'; id: string } | { status: 'missing' } | { status: 'forged' };

export class VoterIds {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(secret, 'base64url');
    if (this.key.length < 32) throw new Error('The web voter secret is shorter than 32 bytes.');
  }

  /** A new id and the cookie value that carries it. */
  issue(): { id: string; cookie: string } {
    const id = randomBytes(16).toString('base64url');
    return { id, cookie: `${id}.${this.mac(id)}` };
  }

  /** What a cookie value is: an id we signed, nothing, or something we did not issue. */
  check(value: string | undefined): VoterCookie {
    if (!value) return { status: 'missing' };
    const m = SHAPE.exec(value);
    if (!m) return { status: 'forged' };
    const expected = Buffer.from(this.mac(m[1]!));
    const given = Buffer.from(m[2]!);
    return expected.length === given.length && timingSafeEqual(expected, given) ? { status: 'ok', id: m[1]! } : { status: 'forged' };
  }

  /** Read the request's cookie. */
  read(c: Context): VoterCookie {
    return this.check(getCookie(c, VOTER_COOKIE));
  }

  setCookie(c: Context, cookie: string, secure: boolean): void {
    setCookie(c, VOTER_COOKIE, cookie, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 365 * 24 * 3600, secure });
  }

  private mac(id: string): string {
    return createHmac('sha256', this.key).update(`voter:${id}`).digest().subarray(0, 16).toString('base64url');
  }
}

/** A fresh signing secret (32 random bytes). */
export const newVoterSecret = () => randomBytes(32).toString('base64url');

export const voterKey = (id: string) => `web:${id}`;
