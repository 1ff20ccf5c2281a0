/**
 * Contenders: importing this module registers the built-in providers (ollama, anthropic, openai).
 * A new provider is one file exporting a factory plus one `registerProvider` line here.
 */
import type { Contender } from '../model/types.js';
import { createAnthropicContender } from './anthropic.js';
import { createLimiter, withLimit, type Limiter } from './limiter.js';
import { createOllamaContender } from './ollama.js';
import { OllamaHostPool } from './ollama-hosts.js';
import { createOpenAIContender } from './openai.js';
import { createContender, limiterKey, parseSpec, providerInfo, registerProvider, type ContenderOptions } from './registry.js';

/** One local GPU serves one generation at a time well. */
export const OLLAMA_DEFAULT_CONCURRENCY = 1;
/** The hosted API takes several at once; more would mostly hit rate limits. */
export const ANTHROPIC_DEFAULT_CONCURRENCY = 4;
/** Per OpenAI-compatible server; a local llama.cpp wants `DUEL_CONCURRENCY=openai@name=1`. */
export const OPENAI_DEFAULT_CONCURRENCY = 4;

registerProvider('ollama', createOllamaContender, { defaultConcurrency: OLLAMA_DEFAULT_CONCURRENCY });
registerProvider('anthropic', createAnthropicContender, { defaultConcurrency: ANTHROPIC_DEFAULT_CONCURRENCY });
registerProvider('openai', createOpenAIContender, { defaultConcurrency: OPENAI_DEFAULT_CONCURRENCY, servers: true });

/**
 * Build contenders behind one shared limiter per provider (all Ollama models share the GPU).
 * `concurrency` overrides a provider's default, e.g. `{ ollama: 2 }`.
 */
export function createLimitedContenders(
  options: ContenderOptions[],
  concurrency: Record<string, number> = {},
): { contenders: Contender[]; limiters: Map<string, Limiter> } {
  const limiters = new Map<string, Limiter>();
  let pool: OllamaHostPool | undefined;
  const contenders = options.map((o) => {
    const { provider } = parseSpec(o.spec);
    if (provider === 'ollama' && o.ollamaHosts && o.ollamaHosts.length > 1) {
      // Several hosts: one pool for every Ollama model, each host with its own limit, is the queue.
      pool ??= new OllamaHostPool({ hosts: o.ollamaHosts, perHost: concurrency.ollama ?? OLLAMA_DEFAULT_CONCURRENCY });
      return createContender({ ...o, ollamaPool: pool });
    }
    const contender = createContender(o);
    // Each named server (openai@openrouter) has its own queue; `DUEL_CONCURRENCY` may set either.
    const key = limiterKey(o.spec);
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = createLimiter(concurrency[key] ?? concurrency[provider] ?? providerInfo(provider)?.defaultConcurrency ?? 1);
      limiters.set(key, limiter);
    }
    return withLimit(contender, limiter);
  });
  return { contenders, limiters };
}

export {
  createContender,
  defaultLabel,
  limiterKey,
  listProviders,
  parseSpec,
  providerInfo,
  registerProvider,
  type ContenderFactory,
  type ContenderOptions,
  type OpenAIServer,
  type ParsedSpec,
  type ProviderInfo,
} from './registry.js';
export { createLimiter, withLimit, type AcquireOptions, type Limiter } from './limiter.js';
export { createOllamaContender } from './ollama.js';
export { OllamaHostPool, createMultiHostOllamaContender } from './ollama-hosts.js';
export { createAnthropicContender, thinkingBudget } from './anthropic.js';
export { createOpenAIContender, OPENAI_DEFAULT_BASE_URL } from './openai.js';
export { formatSeconds } from './deadline.js';
