/**
 * What each configured provider offers right now (`duel models`, and the web arena's model card):
 * Ollama's `/api/tags` on every host, `/models` on every OpenAI-compatible server, Anthropic's
 * model list through its SDK. Each source is asked at once with its own timeout; one that is down
 * gets a plain error and the others are still listed. Marks which offered models are contenders,
 * and names contenders their provider does not offer.
 */
import type { Config } from '../config/config.js';
import { unreachableError, type ProviderContext } from './error-mapping.js';
import { clientOptions, loadOpenAI, serverTitle } from './openai.js';
import { boundedFetch, replyTooLargeError } from './reply-limit.js';
import { parseSpec, type OpenAIServer } from './registry.js';
import { loadAnthropic, loadOllama } from './sdk-loaders.js';

/** How long one provider may take to list its models, in ms. */
export const LIST_TIMEOUT_MS = 8_000;
/** A model list is small; this bounds a hostile one. */
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

/** Where to ask, from the parsed configuration. */
export interface ModelSources {
  /** Contender specs from DUEL_CONTENDERS. */
  contenders: string[];
  ollamaHosts: string[];
  /** Ask Ollama even when no contender uses it (OLLAMA_HOST was set). */
  ollamaConfigured: boolean;
  anthropic?: { apiKey?: string; baseUrl?: string };
  openaiServers: Record<string, OpenAIServer>;
  timeoutMs?: number;
}

/** The sources a configuration names: a provider is listed when a contender uses it or its settings are set. */
export function modelSources(config: Pick<Config, 'contenders' | 'ollamaHosts' | 'anthropicApiKey' | 'anthropicBaseUrl' | 'openaiServers'>, env: { ollamaHostSet?: boolean } = {}): ModelSources {
  const specs = config.contenders.map((c) => c.spec);
  const uses = (p: string) => specs.some((s) => parseSpec(s).provider === p);
  return {
    contenders: specs,
    ollamaHosts: config.ollamaHosts,
    ollamaConfigured: uses('ollama') || Boolean(env.ollamaHostSet),
    ...(uses('anthropic') || config.anthropicApiKey ? { anthropic: { apiKey: config.anthropicApiKey, baseUrl: config.anthropicBaseUrl } } : {}),
    openaiServers: config.openaiServers,
  };
}

function listFetch(signal: AbortSignal): typeof fetch {
  const tooLarge = () => replyTooLargeError({ spec: 'models', label: 'the model list' }, LIST_MAX_BYTES);
  return boundedFetch({ maxReplyBytes: LIST_MAX_BYTES, tooLarge, signal, jsonErrorBodies: true });
}

function statusOf(err: unknown): number | undefined {
  const e = err as { status?: unknown; status_code?: unknown };
  return typeof e?.status === 'number' ? e.status : typeof e?.status_code === 'number' ? e.status_code : undefined;
}

/** One source's failure in plain words. */
function failure(err: unknown, what: { title: string; url: string; hint: string; keyHint?: string }): string {
  const status = statusOf(err);
  if (status === 401 || status === 403) return `${what.title} refused the key (${status}): ${what.keyHint ?? 'check its key'}`;
  if (status === 404) return `${what.url} has no model list (404): is it the right URL?`;
  if (status !== undefined) return `${what.title} answered ${status} to the model list: try again later`;
  if ((err as { name?: string })?.name === 'TimeoutError' || (err as { name?: string })?.name === 'AbortError') {
    return `${what.title} at ${what.url} did not answer within ${LIST_TIMEOUT_MS / 1000} s: ${what.hint}`;
  }
  const ctx: ProviderContext = { spec: '', label: '', model: '', providerName: what.title, serverName: what.title, url: what.url, unreachableHint: what.hint };
  return unreachableError(ctx).message;
}

/** Mark contenders and find the missing ones. `same` says whether a listed id is a spec's model. */
function assemble(provider: string, server: string, ids: string[], contenders: string[], same = (a: string, b: string) => a === b): ProviderModels {
  const mine = contenders.filter((s) => {
    const p = parseSpec(s);
    return (p.server ? `${p.provider}@${p.server}` : p.provider) === provider;
  });
  const models = ids.map((model) => ({ spec: `${provider}:${model}`, model, contender: mine.some((s) => same(parseSpec(s).model, model)) }));
  const missing = mine.filter((s) => !ids.some((id) => same(parseSpec(s).model, id)));
  return { provider, server, ok: true, models, missing };
}

/** Ollama stores `qwen3` as `qwen3:latest`. */
const sameOllamaModel = (spec: string, id: string) => spec === id || (!spec.includes(':') && id === `${spec}:latest`);

async function ollamaModels(host: string, s: ModelSources, signal: AbortSignal): Promise<ProviderModels> {
  try {
    const { Ollama } = await loadOllama();
    const { models } = await new Ollama({ host, fetch: listFetch(signal) }).list();
    return assemble('ollama', host, models.map((m) => m.name).sort(), s.contenders, sameOllamaModel);
  } catch (err) {
    return { provider: 'ollama', server: host, ok: false, error: failure(err, { title: 'Ollama', url: host, hint: 'is `ollama serve` running? Check OLLAMA_HOST' }), models: [], missing: [] };
  }
}

async function anthropicModels(a: NonNullable<ModelSources['anthropic']>, s: ModelSources, signal: AbortSignal): Promise<ProviderModels> {
  const url = (a.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '');
  const fail = (error: string): ProviderModels => ({ provider: 'anthropic', server: url, ok: false, error, models: [], missing: [] });
  if (!a.apiKey) return fail('ANTHROPIC_API_KEY is not set: set it to an API key from console.anthropic.com');
  try {
    const { default: Anthropic } = await loadAnthropic();
    const client = new Anthropic({ apiKey: a.apiKey, baseURL: url, maxRetries: 0, logLevel: 'off', fetch: listFetch(signal) });
    const ids: string[] = [];
    for await (const m of client.models.list({ limit: 100 }, { signal })) ids.push(m.id);
    return assemble('anthropic', url, ids, s.contenders);
  } catch (err) {
    return fail(failure(err, { title: 'Anthropic API', url, hint: 'check your network or ANTHROPIC_BASE_URL', keyHint: 'check ANTHROPIC_API_KEY' }));
  }
}

async function openaiModels(server: OpenAIServer, s: ModelSources, signal: AbortSignal): Promise<ProviderModels> {
  const provider = server.name ? `openai@${server.name}` : 'openai';
  try {
    const mod = await loadOpenAI();
    const client = new mod.default(clientOptions(server, { maxRetries: 0, fetch: listFetch(signal) }));
    const ids: string[] = [];
    for await (const m of client.models.list({ signal })) ids.push(m.id);
    return assemble(provider, server.baseUrl, ids.sort(), s.contenders);
  } catch (err) {
    const title = serverTitle(server);
    const keyHint = server.apiKey ? `check ${server.apiKeyVariable}` : `set ${server.apiKeyVariable}`;
    const error = failure(err, { title, url: server.baseUrl, hint: `is the server running? Check ${server.baseUrlVariable}`, keyHint });
    return { provider, server: server.baseUrl, ok: false, error, models: [], missing: [] };
  }
}

/** Ask every configured source at once; never rejects. */
export async function listModels(s: ModelSources): Promise<ProviderModels[]> {
  const signal = AbortSignal.timeout(s.timeoutMs ?? LIST_TIMEOUT_MS);
  const jobs: Array<Promise<ProviderModels>> = [];
  if (s.ollamaConfigured) for (const host of s.ollamaHosts) jobs.push(ollamaModels(host, s, signal));
  if (s.anthropic) jobs.push(anthropicModels(s.anthropic, s, signal));
  for (const server of Object.values(s.openaiServers)) jobs.push(openaiModels(server, s, signal));
  return Promise.all(jobs);
}
