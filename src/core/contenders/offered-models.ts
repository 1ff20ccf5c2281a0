/**
 * The shape of "what a provider offers right now" (`duel models`, the web arena's model card) and
 * the pieces every provider's listing shares: a bounded fetch, one source's failure in plain
 * words, and marking which offered models are contenders. model-list.ts asks every provider.
 */
import { unreachableError } from './error-mapping.js';
import { boundedFetch, replyTooLargeError } from './reply-limit.js';
import { queueKey, specOf, type ParsedSpec } from './spec.js';

/** How long one provider may take to list its models, in ms. */
export const LIST_TIMEOUT_MS = 8_000;
/** A model list is small; this bounds a hostile one, in bytes. */
const LIST_MAX_BYTES = 8 * 1024 * 1024;

export interface OfferedModel {
  /** The spec to write in DUEL_CONTENDERS, e.g. `ollama:qwen3.6:35b-a3b`. */
  spec: string;
  /** The provider's own model id. */
  model: string;
  /** Whether a configured contender is this model. */
  contender: boolean;
}

export interface ProviderModels {
  /** `ollama`, `anthropic`, `openai` or `openai@name`: the spec prefix. */
  provider: string;
  /** The server asked (URL). */
  server: string;
  /** False when the list could not be had; `error` says why and what to do. */
  ok: boolean;
  error?: string;
  models: OfferedModel[];
  /** Contenders of this provider (and server) that it does not offer now. */
  missing: string[];
}

/** The `fetch` a listing client gets: bounded like a draw's, aborted with the listing. */
export function listFetch(signal: AbortSignal): typeof fetch {
  const tooLarge = () => replyTooLargeError({ spec: 'models', label: 'the model list' }, LIST_MAX_BYTES);
  return boundedFetch({ maxReplyBytes: LIST_MAX_BYTES, tooLarge, signal, jsonErrorBodies: true });
}

function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; status_code?: unknown };
  return typeof e?.status === 'number' ? e.status : typeof e?.status_code === 'number' ? e.status_code : undefined;
}

/** Who was asked, for a failure's words. */
export interface ListSource {
  /** The provider key (`ollama`, `openai@box`) and the server asked (URL). */
  provider: string;
  url: string;
  /** The server's name for people: `Ollama`, `Anthropic API`. */
  title: string;
  /** What to check when it cannot be reached. */
  hint: string;
  /** What to do about a refused key. */
  keyHint?: string;
}

/** A source whose models could not be had; `error` says why and what to do. */
export function unlisted(provider: string, server: string, error: string): ProviderModels {
  return { provider, server, ok: false, error, models: [], missing: [] };
}

/** One source that failed to list its models, with the reason in plain words. */
export function listFailure(source: ListSource, err: unknown): ProviderModels {
  return unlisted(source.provider, source.url, failureWords(err, source));
}

function failureWords(err: unknown, what: ListSource): string {
  const status = statusOf(err);
  if (status === 401 || status === 403) return `${what.title} refused the key (${status}): ${what.keyHint ?? 'check its key'}`;
  if (status === 404) return `${what.url} has no model list (404): is it the right URL?`;
  if (status !== undefined) return `${what.title} answered ${status} to the model list: try again later`;
  if ((err as { name?: string })?.name === 'TimeoutError' || (err as { name?: string })?.name === 'AbortError') {
    return `${what.title} at ${what.url} did not answer within ${LIST_TIMEOUT_MS / 1000} s: ${what.hint}`;
  }
  return unreachableError({ spec: '', label: '', model: '', providerName: what.title, serverName: what.title, url: what.url, unreachableHint: what.hint }).message;
}

/**
 * The models one server offers, contenders marked, and the contenders it does not offer.
 * `specs` are the provider's contenders (those of other servers are left out here);
 * `same` says whether a listed id is a spec's model.
 */
export function offeredModels(
  provider: string,
  server: string,
  ids: string[],
  specs: readonly ParsedSpec[],
  same = (model: string, id: string) => model === id,
): ProviderModels {
  const mine = specs.filter((s) => queueKey(s) === provider);
  const [prefix, name] = provider.split('@') as [string, string | undefined];
  const models = ids.map((model) => ({ spec: specOf(prefix, model, name), model, contender: mine.some((s) => same(s.model, model)) }));
  const missing = mine.filter((s) => !ids.some((id) => same(s.model, id))).map((s) => specOf(s.provider, s.model, s.server));
  return { provider, server, ok: true, models, missing };
}
