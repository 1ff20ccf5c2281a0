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
