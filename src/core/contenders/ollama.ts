/**
 * The Ollama provider (`ollama:<model>`): the official `ollama` client streaming `/api/chat`
 * (NDJSON) from one host, or from several (ollama-hosts.ts).
 * Thinking (`message.thinking`) is kept apart and never taken as the answer; `<think>` blocks
 * inside the content are left for SVG extraction to skip.
 *
 *   OLLAMA_HOST   one Ollama server, or several separated by commas (default http://127.0.0.1:11434);
 *                 draws are spread over the ones that have the model. User info in a URL
 *                 (`http://u:pw@host:11434`, for a proxy with Basic auth) becomes that host's
 *                 `Authorization` header and is never shown.
 */
import type { ChatResponse } from 'ollama';
import { ConfigError, ContenderError } from '../model/errors.js';
import type { AskOptions, Contender, DrawOptions, DrawResult } from '../model/types.js';
import { runAsk } from './ask.js';
import { streamDraw } from './draw-stream.js';
import { envValue, isHttpUrl, splitUserInfo, withoutTrailingSlash, withoutUserInfo } from './env-values.js';
import { httpError, inStreamError, isConnectFailure, isStreamCut, otherFailure, streamBrokenError, unreachableError, type ProviderContext } from './error-mapping.js';
import { capitalise } from './labels.js';
import { listFailure, listFetch, offeredModels, type ProviderModels } from './offered-models.js';
import { authHeaders, hasModel, loadOllama, ollamaTags } from './ollama-client.js';
import { createMultiHostOllamaContender, OllamaHostPool } from './ollama-hosts.js';
import { defineProvider, type ContenderOptions, type Env } from './provider.js';
import { boundedFetch, replyCap } from './reply-limit.js';
import type { ParsedSpec } from './spec.js';

export const OLLAMA_DEFAULT_HOST = 'http://127.0.0.1:11434';

/** How long `check()` waits for `/api/tags`, in ms. */
const CHECK_TIMEOUT_MS = 5_000;

/** The message the client throws when the NDJSON stream ends without `done: true`. */
const NO_DONE = /did not receive done/i;

export interface OllamaSettings {
  /** Every server in OLLAMA_HOST, in order, without trailing slashes; draws are spread over them. */
  hosts: string[];
  /** Whether OLLAMA_HOST was set: `duel models` then lists Ollama even when no contender uses it. */
  hostSet: boolean;
  /** The `Authorization` header of each host whose URL carried user info, by host URL (as in `hosts`). */
  authorization?: Readonly<Record<string, string>>;
  /** Ollama `num_ctx` (context window, in tokens). Unset: the server's default. Not read from the environment. */
  numCtx?: number;
}

/** OLLAMA_HOST: `http://gpu-a:11434,http://gpu-b:11434` -> both, in order; duplicates refused. */
export function readOllamaSettings(env: Env): OllamaSettings {
  const set = envValue(env, 'OLLAMA_HOST');
  const raw = set ?? OLLAMA_DEFAULT_HOST;
  const listed = raw.split(',').map((h) => h.trim()).filter(Boolean);
  if (!listed.length) throw new ConfigError(`OLLAMA_HOST is "${withoutUserInfo(raw)}": use an http(s) URL such as http://127.0.0.1:11434, or several separated by commas.`, 'OLLAMA_HOST');
  const hosts: string[] = [];
  const authorization: Record<string, string> = {};
  for (const h of listed) {
    if (!isHttpUrl(h)) throw new ConfigError(`OLLAMA_HOST has "${withoutUserInfo(h)}": use an http(s) URL such as http://127.0.0.1:11434, or several separated by commas.`, 'OLLAMA_HOST');
    const server = splitUserInfo(h);
    if (hosts.includes(server.url)) throw new ConfigError(`OLLAMA_HOST names ${server.url} twice.`, 'OLLAMA_HOST');
    hosts.push(server.url);
    if (server.authorization) authorization[server.url] = server.authorization;
  }
  return { hosts, hostSet: set !== undefined, ...(Object.keys(authorization).length ? { authorization } : {}) };
}

/** `qwen3.6:35b-a3b` -> `Qwen3.6-35B-A3B (local)`; `hf.co/unsloth/Qwen3-GGUF:Q4_K_M` -> `Qwen3-GGUF-Q4_K_M (local)`. */
function ollamaLabel(model: string): string {
  const colon = model.indexOf(':');
  const repo = colon >= 0 ? model.slice(0, colon) : model;
  const tag = colon >= 0 ? model.slice(colon + 1) : '';
  const name = repo.split('/').pop() || repo;
  const head = name.split('-').map(capitalise).join('-');
  return `${!tag || tag === 'latest' ? head : `${head}-${tag.toUpperCase()}`} (local)`;
}

/** Any failure -> ContenderError. `started`: the response headers had arrived. */
function mapOllamaError(ctx: ProviderContext, err: unknown, started: boolean, retryAfter: string | null): ContenderError {
  if (err instanceof ContenderError) return err;
  const e = err as { name?: string; status_code?: number; error?: string; message?: string };
  if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
    return httpError(ctx, { status: e.status_code, apiMessage: e.error ?? e.message, retryAfter });
  }
  if (!started && isConnectFailure(err)) return unreachableError(ctx);
  if (isStreamCut(err) || NO_DONE.test(e?.message ?? '')) return started ? streamBrokenError(ctx) : unreachableError(ctx);
  // The client turns an NDJSON `{"error": "..."}` line into a plain Error with that text.
  if (started && e instanceof Error && e.constructor === Error) return inStreamError(ctx, e.message);
  return otherFailure(ctx, err, started);
}

/**
 * An Ollama contender. With several hosts it draws through `pool` (one per set of contenders, made
 * by the registry with each host's limit; without one, a pool of its own with one draw per host).
 */
export function createOllamaContender(o: ContenderOptions, settings: OllamaSettings = readOllamaSettings({}), pool?: OllamaHostPool): Contender {
  if (settings.hosts.length > 1) {
    const shared = pool ?? new OllamaHostPool({ hosts: settings.hosts, perHost: 1, authorization: settings.authorization });
    return createMultiHostOllamaContender(o, shared, (host) => oneHostContender(o, host, settings));
  }
  return oneHostContender(o, settings.hosts[0] ?? OLLAMA_DEFAULT_HOST, settings);
}

function oneHostContender(o: ContenderOptions, hostUrl: string, settings: OllamaSettings): Contender {
  const host = withoutTrailingSlash(hostUrl);
  const { numCtx } = settings;
  const authorization = settings.authorization?.[host];
  const notPulled = `model ${o.model} is not pulled: run \`ollama pull ${o.model}\``;
  const ctx: ProviderContext = {
    spec: o.spec,
    label: o.label,
    model: o.model,
    providerName: 'Ollama',
    serverName: 'Ollama',
    url: host,
    unreachableHint: 'is `ollama serve` running?',
    missingModelMessage: notPulled,
    overloadedStatuses: [503],
  };
  const log = o.logger?.child({ contender: o.spec });
  const cap = replyCap(o);

  /**
   * The client's `fetch`: requests also abort on `signal` (the client only exposes abort once
   * headers have arrived), the body is bounded and line-framed (see reply-limit.ts), invalid
   * NDJSON lines go to our logs instead of raw to stderr, and `retry-after` (which the client's
   * ResponseError drops) is kept in `seen`.
   */
  const clientFetch = (signal: AbortSignal, seen: { retryAfter: string | null } = { retryAfter: null }) =>
    boundedFetch({
      ...cap,
      signal,
      jsonErrorBodies: true,
      onInvalidLine: (excerpt, bytes) => log?.warn({ event: 'invalid-ndjson-line', bytes, excerpt }, 'Ollama sent a line that is not JSON; it was skipped'),
      onResponse: (res) => {
        seen.retryAfter = res.headers.get('retry-after');
      },
    });

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    const { Ollama } = await loadOllama();
    const seen = { retryAfter: null as string | null };
    let last: ChatResponse | null = null;
    const open = (signal: AbortSignal) =>
      new Ollama({ host, fetch: clientFetch(signal, seen), headers: authHeaders(authorization) }).chat({
        model: o.model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        think: o.thinking,
        // The token limit (thinking included), as Anthropic's max_tokens: a model cannot ramble on for ever.
        options: { num_predict: o.maxTokens, ...(numCtx ? { num_ctx: numCtx } : {}) },
      });
    return streamDraw<ChatResponse>(o, options, {
      open,
      read: (chunk) => {
        last = chunk;
        return { thinking: chunk.message?.thinking, text: chunk.message?.content };
      },
      end: () => {
        if (!last?.done) throw streamBrokenError(ctx);
        return { tokens: { input: last.prompt_eval_count ?? null, output: last.eval_count ?? null }, truncated: last.done_reason === 'length' };
      },
      mapError: (err, started) => mapOllamaError(ctx, err, started, seen.retryAfter),
    }, { what: 'ollama', log });
  }

  /** One short question, not streamed, with thinking off: a thinking model would spend the few tokens thinking. */
  async function ask(system: string, prompt: string, options: AskOptions): Promise<string> {
    const { Ollama } = await loadOllama();
    const seen = { retryAfter: null as string | null };
    const send = async (signal: AbortSignal) => {
      const reply = await new Ollama({ host, fetch: clientFetch(signal, seen), headers: authHeaders(authorization) }).chat({
        model: o.model,
        messages: [{ role: 'system', content: system }, { role: 'user', content: prompt }],
        stream: false,
        think: false,
        options: { num_predict: options.maxTokens, ...(numCtx ? { num_ctx: numCtx } : {}) },
      });
      return (reply as { message?: { content?: unknown } } | undefined)?.message?.content;
    };
    return runAsk(o, options, { send, mapError: (err) => mapOllamaError(ctx, err, false, seen.retryAfter) }, { what: 'ollama', log });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    try {
      const models = await ollamaTags(host, clientFetch(AbortSignal.timeout(CHECK_TIMEOUT_MS)), authorization);
      return hasModel(new Set(models.flatMap((m) => [m.name, m.model])), o.model)
        ? { ok: true, message: `Ollama at ${host} has ${o.model}` }
        : { ok: false, message: notPulled };
    } catch (err) {
      const e = err as { name?: string; status_code?: number };
      if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
        return { ok: false, message: `${host} answered ${e.status_code} to /api/tags: is it an Ollama server?` };
      }
      return { ok: false, message: unreachableError(ctx).message };
    }
  }

  return { spec: o.spec, label: o.label, provider: 'ollama', draw, check, ask };
}

/** One host's models for `duel models`. */
async function listHost(host: string, authorization: string | undefined, specs: readonly ParsedSpec[], signal: AbortSignal): Promise<ProviderModels> {
  try {
    const models = await ollamaTags(host, listFetch(signal), authorization);
    return offeredModels('ollama', host, models.map((m) => m.name).sort(), specs, (model, id) => hasModel(new Set([id]), model));
  } catch (err) {
    return listFailure({ provider: 'ollama', url: host, title: 'Ollama', hint: 'is `ollama serve` running? Check OLLAMA_HOST' }, err);
  }
}

export const ollama = defineProvider({
  prefix: 'ollama',
  /** One local GPU serves one generation at a time well. */
  defaultConcurrency: 1,
  readSettings: readOllamaSettings,
  label: ollamaLabel,
  create: (o, settings) => createOllamaContender(o, settings),
  // Several hosts: one pool for every Ollama model, each host with its own limit, is the queue.
  ownQueue(settings, perHost) {
    if (settings.hosts.length < 2) return undefined;
    const pool = new OllamaHostPool({ hosts: settings.hosts, perHost, authorization: settings.authorization });
    return (o) => createOllamaContender(o, settings, pool);
  },
  listModels(settings, { specs, signal }) {
    if (!specs.length && !settings.hostSet) return [];
    return settings.hosts.map((host) => listHost(host, settings.authorization?.[host], specs, signal));
  },
});
