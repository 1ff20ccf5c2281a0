/**
 * What a provider is: one module (ollama.ts, anthropic.ts, openai.ts) that declares its spec
 * prefix, reads its own settings from the environment map with their defaults, lists the models
 * its servers offer, and builds its contenders. registry.ts lists the modules; nothing else in
 * contenders or config names a provider (test/core/contenders/provider-modules.test.ts checks).
 *
 * Adding a provider `acme:`:
 *   1. `acme.ts`: `export const acme = defineProvider({ prefix: 'acme', defaultConcurrency,
 *      readSettings(env) { ...ACME_API_KEY, with defaults... }, label, create, listModels })`.
 *      `create` builds a Contender whose `draw` is `streamDraw(o, options, { open, read, end,
 *      mapError }, ...)` (draw-stream.ts): deadlines, the reply cap, progress and logs come with it;
 *      `boundedFetch` (reply-limit.ts) bounds what its client reads; error-mapping.ts words failures.
 *   2. registry.ts: one line, `acme,` in PROVIDERS.
 * Its settings then appear in `config.providers.acme`, DUEL_CONCURRENCY takes `acme=N`, and
 * `duel models` lists what it offers.
 */
import type { Logger } from 'pino';
import type { Contender } from '../model/types.js';
import type { ProviderModels } from './offered-models.js';
import type { ParsedSpec } from './spec.js';

/** The environment as config.ts is given it (never process.env itself). */
export type Env = Readonly<Record<string, string | undefined>>;

/** What every provider needs to build one contender: the draw settings, alike for all providers. */
export interface ContenderOptions {
  /** Full spec, e.g. `ollama:qwen3.6:35b-a3b`: provider, a colon, the provider's model name. */
  spec: string;
  /** The provider's model name, e.g. `qwen3.6:35b-a3b` (may contain colons). */
  model: string;
  /** Name shown to people, e.g. `Qwen3.6-35B-A3B (local)`. See `defaultLabel`. */
  label: string;
  /** Ask for thinking (Ollama `think`, Anthropic extended thinking, OpenAI `reasoning_effort`). */
  thinking: boolean;
  /** Whole-generation deadline in ms, counted from the start of the request (not queue time). */
  totalTimeoutMs: number;
  /** Longest allowed gap between two stream chunks in ms (also covers waiting for the first one). */
  idleTimeoutMs: number;
  /** Output token limit, thinking included (Anthropic `max_tokens`, Ollama `num_predict`). */
  maxTokens: number;
  /**
   * Most bytes (UTF-8) of reply text, answer and thinking together, read from the model; past it
   * the draw stops with kind `too-large`. Default DRAW_DEFAULTS.maxReplyBytes (DUEL_MAX_REPLY_BYTES).
   */
  maxReplyBytes?: number;
  /**
   * Retries a hosted API's SDK may make on 408/409/429/5xx/529 and connection errors before the
   * stream starts. Default 1 (one blip ridden out, see draw-stream.ts). Tests pass 0.
   */
  maxRetries?: number;
  logger?: Logger;
}

/** Where and how a provider lists its models (see model-list.ts). */
export interface ListRequest {
  /** The contenders of this provider in DUEL_CONTENDERS (empty: none uses it). */
  specs: readonly ParsedSpec[];
  /** Aborts every request when the listing's time is up. */
  signal: AbortSignal;
}

/**
 * One provider. `S` is its settings, read from the environment by `readSettings` and handed back
 * to every other member. Methods (not function properties) so that a module with its own `S`
 * fits the registry's list of `ProviderModule`s.
 */
export interface ProviderModule<P extends string = string, S = unknown> {
  /** The spec prefix: `ollama` in `ollama:qwen3.6:35b-a3b`. Lower-case letters, digits and dashes. */
  readonly prefix: P;
  /** Draws at once in one queue (the provider's, or a named server's) unless DUEL_CONCURRENCY says otherwise. */
  readonly defaultConcurrency: number;
  /** Whether specs may name one of several servers, `prefix@name:model`. Default false. */
  readonly servers?: boolean;
  /**
   * The provider's settings from the environment map, defaults filled in. `used` are its
   * contenders' specs. Throws a ConfigError naming the variable and what a valid value looks like.
   */
  readSettings(env: Env, used: readonly ParsedSpec[]): S;
  /** A readable label for a model (`Claude Opus 4.7`); `server` is set for a named server. Unset: `model (prefix)`. */
  label?(model: string, server?: string): string;
  /** One contender, not yet behind a queue (the registry puts it behind its queue's limit). */
  create(o: ContenderOptions, settings: S): Contender;
  /**
   * A queue of the provider's own instead of one limit per queue key (Ollama over several hosts:
   * one pool, `concurrency` draws on each host). Called once for a set of contenders; undefined
   * means the usual limit.
   */
  ownQueue?(settings: S, concurrency: number): ((o: ContenderOptions) => Contender) | undefined;
  /** The models each configured server offers now: one promise per server (none when not configured), never rejecting. */
  listModels?(settings: S, request: ListRequest): Promise<ProviderModels>[];
}

/** The settings type of a provider module. */
export type SettingsOf<M> = M extends ProviderModule<string, infer S> ? S : never;

/** Declare a provider module (keeps its prefix as a literal type, so the registry can name its settings). */
export function defineProvider<const P extends string, S>(module: ProviderModule<P, S>): ProviderModule<P, S> {
  return module;
}
