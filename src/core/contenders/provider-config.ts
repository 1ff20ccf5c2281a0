/**
 * The provider parts of the configuration, read from the environment map config.ts is given
 * (never process.env): each provider's own settings (its module reads them, with their defaults),
 * and DUEL_CONCURRENCY, the number of draws at once in each queue.
 */
import { ConfigError } from '../model/errors.js';
import { envValue } from './env-values.js';
import type { Env } from './provider.js';
import { allProviders, type ProviderSettings } from './registry.js';
import { isQueueKey, splitSpec, type ParsedSpec } from './spec.js';

/** Every provider's settings; `specs` are the contenders in DUEL_CONTENDERS (each provider is told its own). */
export function readProviderSettings(env: Env, specs: readonly string[]): ProviderSettings {
  const parsed = specs.map(splitSpec).filter((p): p is ParsedSpec => p !== null);
  const entries = allProviders().map((m) => [m.prefix, m.readSettings(env, parsed.filter((p) => p.provider === m.prefix))]);
  return Object.fromEntries(entries) as ProviderSettings;
}

/** Most draws at once in one queue that DUEL_CONCURRENCY may ask for. */
const MAX_CONCURRENCY = 64;

/**
 * DUEL_CONCURRENCY: `provider=N` or `provider@server=N`, comma-separated, over each provider's
 * default (`ollama` 1: one local GPU; `anthropic` 4). A named server without its own entry takes
 * its provider's.
 */
export function readConcurrency(env: Env): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(allProviders().map((m) => [m.prefix, m.defaultConcurrency]));
  for (const part of (envValue(env, 'DUEL_CONCURRENCY') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    const key = part.slice(0, Math.max(eq, 0));
    const n = /^\d+$/.test(part.slice(eq + 1)) ? Number(part.slice(eq + 1)) : NaN;
    if (eq <= 0 || !isQueueKey(key) || !(n >= 1 && n <= MAX_CONCURRENCY)) {
      throw new ConfigError(
        `DUEL_CONCURRENCY has "${part}": write provider=N or openai@server=N, e.g. ollama=1,anthropic=4,openai@local=1.`,
        'DUEL_CONCURRENCY',
      );
    }
    out[key.toLowerCase()] = n;
  }
  return out;
}
