/**
 * What each configured provider offers right now (`duel models`, and the web arena's model card):
 * every provider module lists its servers (Ollama's `/api/tags` on every host, `/models` on every
 * OpenAI-compatible server, Anthropic's model list through its SDK), all at once under one
 * timeout; one that is down gets a plain error and the others are still listed. Marks which
 * offered models are contenders, and names contenders their provider does not offer.
 */
import { LIST_TIMEOUT_MS, type ProviderModels } from './offered-models.js';
import { allProviders, settingsFor, type ProviderSettings } from './registry.js';
import { splitSpec, type ParsedSpec } from './spec.js';

export type { OfferedModel, ProviderModels } from './offered-models.js';

/** Where to ask: the parsed configuration has both. */
export interface ModelSources {
  /** The contenders in DUEL_CONTENDERS. */
  contenders: readonly { spec: string }[];
  /** The providers' settings; a provider missing here is asked with its defaults. */
  providers: Partial<ProviderSettings>;
}

/**
 * Ask every configured provider at once; never rejects. A provider is asked when a contender uses
 * it or its settings say it is configured (OLLAMA_HOST, ANTHROPIC_API_KEY, an OpenAI server set).
 */
export async function listModels(sources: ModelSources, timeoutMs: number = LIST_TIMEOUT_MS): Promise<ProviderModels[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const specs = sources.contenders.map((c) => splitSpec(c.spec)).filter((p): p is ParsedSpec => p !== null);
  const jobs = allProviders().flatMap((m) => m.listModels?.(settingsFor(m, sources.providers), { specs: specs.filter((s) => s.provider === m.prefix), signal }) ?? []);
  return Promise.all(jobs);
}
