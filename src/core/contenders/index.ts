/**
 * Contenders: the models that draw. One module per provider (ollama.ts, anthropic.ts, openai.ts),
 * listed in registry.ts; see provider.ts for what a provider module declares.
 */
export { assertDistinctLabels, createContender, createLimitedContenders } from './create-contenders.js';
export { allProviders, defaultLabel, findProvider, listProviders, PROVIDERS, registerProvider, type ProviderSettings } from './registry.js';
export { defineProvider, type ContenderOptions, type Env, type ListRequest, type ProviderModule } from './provider.js';
export { parseSpec, queueKey, splitSpec, type ParsedSpec } from './spec.js';
export { readConcurrency, readProviderSettings } from './provider-config.js';
export { createLimiter, withLimit, type AcquireOptions, type Limiter } from './limiter.js';
export { createOllamaContender, OLLAMA_DEFAULT_HOST, type OllamaSettings } from './ollama.js';
export { OllamaHostPool, createMultiHostOllamaContender } from './ollama-hosts.js';
export { createAnthropicContender, thinkingBudget, type AnthropicSettings } from './anthropic.js';
export { createOpenAIContender, OPENAI_DEFAULT_BASE_URL, type OpenAIServer, type OpenAISettings } from './openai.js';
export { formatSeconds } from './deadline.js';
