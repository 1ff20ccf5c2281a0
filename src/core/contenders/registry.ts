/**
 * The contender registry: providers register a factory under a prefix (`ollama`, `anthropic`),
 * like plugins, so a third provider is one new file that calls `registerProvider`.
 * A spec is `provider:model`; the model part may itself contain colons (`ollama:qwen3.6:35b-a3b`).
 */
import type { Logger } from 'pino';
import { ConfigError } from '../model/errors.js';
import type { Contender } from '../model/types.js';

/** Everything a provider needs to build one contender. Built by the CLI from the config. */
export interface ContenderOptions {
  /** Full spec, e.g. `ollama:qwen3.6:35b-a3b`: provider, a colon, the provider's model name. */
  spec: string;
  /** The provider's model name, e.g. `qwen3.6:35b-a3b` (may contain colons). */
  model: string;
  /** Name shown to people, e.g. `Qwen3.6-35B-A3B (local)`. See `defaultLabel`. */
  label: string;
  /** Ask for thinking (Ollama `think`; Anthropic extended thinking). */
  thinking: boolean;
  /** Whole-generation deadline in ms, counted from the start of the request (not queue time). */
  totalTimeoutMs: number;
  /** Longest allowed gap between two stream chunks in ms (also covers waiting for the first one). */
  idleTimeoutMs: number;
  /** Output token limit, thinking included: Anthropic `max_tokens`, Ollama `num_predict`. Must not cut off a 30 KB SVG: default 32000. */
  maxTokens: number;
  /** Ollama server URL, default `http://127.0.0.1:11434`. */
  ollamaHost: string;
  /** Several Ollama servers (OLLAMA_HOST with commas): draws are spread over them (ollama-hosts.ts). */
  ollamaHosts?: string[];
  /** The pool those hosts share across Ollama contenders; made by createLimitedContenders. */
  ollamaPool?: import('./ollama-hosts.js').OllamaHostPool;
  /** Anthropic API key; without it the Anthropic contender fails its check and every draw (kind `auth`). */
  anthropicApiKey?: string;
  /** Anthropic API base URL (the SDK's ANTHROPIC_BASE_URL semantics), default `https://api.anthropic.com`. */
  anthropicBaseUrl?: string;
  /**
   * OpenAI-compatible servers by name: `''` is the default one (`openai:` specs, OPENAI_BASE_URL),
   * others are named in specs as `openai@name:` (OPENAI_<NAME>_BASE_URL). Missing default: api.openai.com.
   */
  openaiServers?: Record<string, OpenAIServer>;
  /**
   * Retries the Anthropic SDK may make on 408/409/429/5xx/529 and connection errors before the
   * stream starts. Default 1 (see anthropic.ts). Tests pass 0.
   */
  maxRetries?: number;
  /**
   * Most bytes (UTF-8) of reply text, answer and thinking together, read from the model; past it
   * the draw stops with kind `too-large`. Default 4 MB (DUEL_MAX_REPLY_BYTES).
   */
  maxReplyBytes?: number;
  /** Optional Ollama `num_ctx` (context window in tokens). Unset: the server's default. */
  ollamaNumCtx?: number;
  logger?: Logger;
}

/** One OpenAI-compatible server and the variables that configure it (named in error messages). */
export interface OpenAIServer {
  /** `''` for the default server, else the name used in `openai@name:` specs. */
  name: string;
  /** Base URL including the API version path, e.g. `https://openrouter.ai/api/v1`. */
  baseUrl: string;
  /** Bearer key; absent for local servers that need none (no Authorization header is sent). */
  apiKey?: string;
  /** `OPENAI_BASE_URL` or `OPENAI_<NAME>_BASE_URL`. */
  baseUrlVariable: string;
  /** `OPENAI_API_KEY` or `OPENAI_<NAME>_API_KEY`. */
  apiKeyVariable: string;
}

export type ContenderFactory = (o: ContenderOptions) => Contender;

/** Extra facts a provider declares about itself. */
export interface ProviderInfo {
  /** How many generations may run at once against this provider (see limiter.ts). */
  defaultConcurrency: number;
  /** Whether specs may name one of several servers, `provider@name:model` (openai). */
  servers?: boolean;
}

interface Registered {
  factory: ContenderFactory;
  info: ProviderInfo;
}

const providers = new Map<string, Registered>();

/** Register (or replace) the factory for a provider prefix such as `ollama`. */
export function registerProvider(prefix: string, factory: ContenderFactory, info: Partial<ProviderInfo> = {}): void {
  if (!/^[a-z][a-z0-9-]*$/.test(prefix)) {
    throw new Error(`provider prefix "${prefix}" must be lower-case letters, digits and dashes`);
  }
  providers.set(prefix, { factory, info: { defaultConcurrency: info.defaultConcurrency ?? 1, servers: info.servers ?? false } });
}

/** Registered provider prefixes, in registration order. */
export function listProviders(): string[] {
  return [...providers.keys()];
}

/** What a provider declared at registration, or undefined if it is unknown. */
export function providerInfo(prefix: string): ProviderInfo | undefined {
  return providers.get(prefix)?.info;
}

/** What a spec names: `openai@openrouter:x-ai/grok-4` -> provider `openai`, server `openrouter`, model `x-ai/grok-4`. */
export interface ParsedSpec {
  provider: string;
  model: string;
  /** The named server (`@name`) for providers that serve from several; absent means the default one. */
  server?: string;
}

const PROVIDER_PART = /^([a-z][a-z0-9-]*)(?:@([a-z][a-z0-9-]*))?$/;

/**
 * Split a spec at its FIRST colon: `ollama:qwen3.6:35b-a3b` -> `{ provider: 'ollama', model: 'qwen3.6:35b-a3b' }`;
 * a provider part `openai@name` also names a server. Throws ConfigError (naming DUEL_CONTENDERS) when a part is missing.
 */
export function parseSpec(spec: string): ParsedSpec {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  const head = colon > 0 ? trimmed.slice(0, colon).toLowerCase() : '';
  const model = colon > 0 ? trimmed.slice(colon + 1).trim() : '';
  const m = PROVIDER_PART.exec(head);
  if (!m || !model) {
    throw new ConfigError(
      `contender "${spec}" in DUEL_CONTENDERS is not of the form provider:model (for example ollama:qwen3.6:35b-a3b, anthropic:claude-opus-4-7 or openai@openrouter:openai/gpt-5.1)`,
      'DUEL_CONTENDERS',
    );
  }
  return { provider: m[1]!, model, ...(m[2] ? { server: m[2] } : {}) };
}

/** The queue a contender waits in: one per provider, one per named server (`openai@openrouter`). */
export function limiterKey(spec: string): string {
  const { provider, server } = parseSpec(spec);
  return server ? `${provider}@${server}` : provider;
}

/** Build a contender with its provider's factory. Unknown provider -> ConfigError naming DUEL_CONTENDERS. */
export function createContender(o: ContenderOptions): Contender {
  const { provider, server } = parseSpec(o.spec);
  const registered = providers.get(provider);
  if (!registered) {
    const known = listProviders();
    throw new ConfigError(
      `contender "${o.spec}" in DUEL_CONTENDERS uses the unknown provider "${provider}": ` +
        (known.length ? `use one of ${known.map((k) => `${k}:`).join(', ')}` : 'no providers are registered'),
      'DUEL_CONTENDERS',
    );
  }
  if (server && !registered.info.servers) {
    throw new ConfigError(
      `contender "${o.spec}" in DUEL_CONTENDERS names a server (@${server}), but ${provider}: has only one: write ${provider}:${parseSpec(o.spec).model}`,
      'DUEL_CONTENDERS',
    );
  }
  return registered.factory(o);
}

export { defaultLabel } from './labels.js';
