/**
 * The contender spec grammar, written once. Every reader of a spec (the config, the registry,
 * the labels, the queues, the model lists) goes through here.
 *
 *   provider:model           ollama:qwen3.6:35b-a3b   (split at the FIRST colon: models may hold colons)
 *   provider@server:model    openai@openrouter:x-ai/grok-4   (a named server of a provider that has several)
 *   spec=Label               in DUEL_CONTENDERS: the label people see instead of the default one
 *
 * Provider and server names are lower-case letters, digits and dashes, starting with a letter;
 * they are read case-insensitively. The queue a contender waits in is `provider` or `provider@server`,
 * the same words DUEL_CONCURRENCY takes.
 */
import { ConfigError } from '../model/errors.js';

/** What a spec names: `openai@openrouter:x-ai/grok-4` -> provider `openai`, server `openrouter`, model `x-ai/grok-4`. */
export interface ParsedSpec {
  provider: string;
  model: string;
  /** The named server (`@name`) for providers that serve from several; absent means the default one. */
  server?: string;
}

const NAME = '[a-z][a-z0-9-]*';
const NAME_ONLY = new RegExp(`^${NAME}$`);
const HEAD = new RegExp(`^(${NAME})(?:@(${NAME}))?$`);

/** Whether `name` may be a provider prefix or a server name. */
export function isName(name: string): boolean {
  return NAME_ONLY.test(name);
}

/** A spec split into its parts, or null when it is not `provider:model` / `provider@server:model`. */
export function splitSpec(spec: string): ParsedSpec | null {
  const trimmed = spec.trim();
  const colon = trimmed.indexOf(':');
  if (colon <= 0) return null;
  const m = HEAD.exec(trimmed.slice(0, colon).toLowerCase());
  const model = trimmed.slice(colon + 1).trim();
  if (!m || !model) return null;
  return { provider: m[1]!, model, ...(m[2] ? { server: m[2] } : {}) };
}

/**
 * Split a spec: `ollama:qwen3.6:35b-a3b` -> `{ provider: 'ollama', model: 'qwen3.6:35b-a3b' }`.
 * Throws ConfigError (naming DUEL_CONTENDERS) when a part is missing.
 */
export function parseSpec(spec: string): ParsedSpec {
  const parsed = splitSpec(spec);
  if (!parsed) {
    throw new ConfigError(
      `contender "${spec}" in DUEL_CONTENDERS is not of the form provider:model (for example ollama:qwen3.6:35b-a3b, anthropic:claude-opus-4-7 or openai@openrouter:openai/gpt-5.1)`,
      'DUEL_CONTENDERS',
    );
  }
  return parsed;
}

/** The queue a spec waits in: its provider, or `provider@server` for a named server. */
export function queueKey(spec: string | ParsedSpec): string {
  const { provider, server } = typeof spec === 'string' ? parseSpec(spec) : spec;
  return server ? `${provider}@${server}` : provider;
}

/** Whether `key` names a queue as DUEL_CONCURRENCY writes it: `ollama`, `openai@local` (any case). */
export function isQueueKey(key: string): boolean {
  return HEAD.test(key.toLowerCase());
}

/** The spec of a provider's model: `('openai', 'box', 'qwen3')` -> `openai@box:qwen3`. */
export function specOf(provider: string, model: string, server?: string): string {
  return `${queueKey({ provider, model, server })}:${model}`;
}

/**
 * One DUEL_CONTENDERS entry, `spec` or `spec=Label` (the label is what follows the first `=`),
 * or null when its spec is not of the grammar. The spec is kept as written.
 */
export function parseContenderEntry(entry: string): { spec: string; label?: string } | null {
  const eq = entry.indexOf('=');
  const spec = (eq >= 0 ? entry.slice(0, eq) : entry).trim();
  const label = eq >= 0 ? entry.slice(eq + 1).trim() : '';
  if (!splitSpec(spec)) return null;
  return { spec, ...(label ? { label } : {}) };
}
