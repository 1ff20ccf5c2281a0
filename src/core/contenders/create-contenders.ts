/**
 * Contenders from their options and their providers' settings: each built by its provider's
 * module, and put behind its queue's limit (one queue per provider, one per named server; all
 * Ollama models share the GPU), or behind the provider's own queue when it has one.
 */
import { ConfigError } from '../model/errors.js';
import type { Contender } from '../model/types.js';
import { createLimiter, withLimit, type Limiter } from './limiter.js';
import type { ContenderOptions, ProviderModule } from './provider.js';
import { findProvider, listProviders, settingsFor, type ProviderSettings } from './registry.js';
import { parseSpec, queueKey } from './spec.js';

/** The module for a spec's provider. Unknown provider, or a server it cannot have -> ConfigError naming DUEL_CONTENDERS. */
export function providerOf(spec: string): ProviderModule {
  const { provider, server, model } = parseSpec(spec);
  const module = findProvider(provider);
  if (!module) {
    const known = listProviders();
    throw new ConfigError(
      `contender "${spec}" in DUEL_CONTENDERS uses the unknown provider "${provider}": ` +
        (known.length ? `use one of ${known.map((k) => `${k}:`).join(', ')}` : 'no providers are registered'),
      'DUEL_CONTENDERS',
    );
  }
  if (server && !module.servers) {
    throw new ConfigError(`contender "${spec}" in DUEL_CONTENDERS names a server (@${server}), but ${provider}: has only one: write ${provider}:${model}`, 'DUEL_CONTENDERS');
  }
  return module;
}

/**
 * Refuses two contenders people could not tell apart: the same label (any case) would make a
 * reveal, a leaderboard row and a typed name mean either. ConfigError naming DUEL_CONTENDERS.
 */
export function assertDistinctLabels(options: readonly Pick<ContenderOptions, 'spec' | 'label'>[]): void {
  const seen = new Map<string, string>();
  for (const o of options) {
    const key = o.label.trim().toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigError(
        `contenders "${first}" and "${o.spec}" in DUEL_CONTENDERS are both labelled "${o.label}": give one its own label with =Label (e.g. ${o.spec}=${o.label} 2)`,
        'DUEL_CONTENDERS',
      );
    }
    seen.set(key, o.spec);
  }
}

/** One contender, with no queue in front. */
export function createContender(o: ContenderOptions, providers: Partial<ProviderSettings> = {}): Contender {
  const module = providerOf(o.spec);
  return module.create(o, settingsFor(module, providers));
}

/**
 * Contenders behind one shared limiter per queue. `concurrency` (DUEL_CONCURRENCY) overrides a
 * provider's default, per provider (`{ ollama: 2 }`) or per named server (`{ 'openai@box': 1 }`).
 */
export function createLimitedContenders(
  options: ContenderOptions[],
  providers: Partial<ProviderSettings> = {},
  concurrency: Readonly<Record<string, number>> = {},
): { contenders: Contender[]; limiters: Map<string, Limiter> } {
  const limiters = new Map<string, Limiter>();
  const ownQueues = new Map<string, ((o: ContenderOptions) => Contender) | undefined>();
  const contenders = options.map((o) => {
    const module = providerOf(o.spec);
    const settings = settingsFor(module, providers);
    const perProvider = concurrency[module.prefix] ?? module.defaultConcurrency;
    if (!ownQueues.has(module.prefix)) ownQueues.set(module.prefix, module.ownQueue?.(settings, perProvider));
    const own = ownQueues.get(module.prefix);
    if (own) return own(o);
    const key = queueKey(o.spec);
    let limiter = limiters.get(key);
    if (!limiter) limiters.set(key, (limiter = createLimiter(concurrency[key] ?? perProvider)));
    return withLimit(module.create(o, settings), limiter);
  });
  return { contenders, limiters };
}
