/**
 * Reading a provider's variables from the environment map it is given (never process.env):
 * a value is trimmed, and an empty one is the same as an unset one.
 */
import type { Env } from './provider.js';

/** The trimmed value of `name`, or undefined when it is unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * Whether `raw` is an http(s) URL, written out with its `//`: `http:gpu:11434` would parse, as
 * something else than the person meant.
 */
export function isHttpUrl(raw: string): boolean {
  if (!/^https?:\/\//i.test(raw)) return false;
  try {
    return ['http:', 'https:'].includes(new URL(raw).protocol);
  } catch {
    return false;
  }
}

/** `http://host:1/v1/` -> `http://host:1/v1`: one spelling of a base URL. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/** `http://user:pw@` inside any text: the user info of a URL (`user:pw@`), whatever follows. */
const USER_INFO = /\b(https?:\/\/)[^/\s@]*@/gi;

/**
 * `text` with the user info of every http(s) URL in it removed: a provider URL may carry a
 * password (`http://u:pw@host:11434`), and URLs are shown in messages, pages and logs.
 */
export function withoutUserInfo(text: string): string {
  return text.replace(USER_INFO, '$1');
}

/** A provider URL as the client uses it: without user info, which becomes the request's Basic auth. */
export interface ServerUrl {
  /** The URL without user info, without trailing slashes: what is shown and requested. */
  url: string;
  /** `Basic …` for the `Authorization` header, when the URL carried a user or a password. */
  authorization?: string;
}

/**
 * `http://u:pw@host:11434` -> `http://host:11434` and `Basic dTpwdw==`. Fetch refuses a URL with
 * user info, so it is turned into the header a reverse proxy with Basic auth expects. `raw` is an
 * http(s) URL (isHttpUrl).
 */
export function splitUserInfo(raw: string): ServerUrl {
  const parsed = new URL(raw);
  if (!parsed.username && !parsed.password) return { url: withoutTrailingSlash(raw) };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = '';
  parsed.password = '';
  return { url: withoutTrailingSlash(parsed.toString()), authorization: `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` };
}
