/**
 * The OpenAI-compatible provider: the official `openai` client streaming `/chat/completions`
 * (SSE) with `stream_options.include_usage`, so one provider covers OpenAI, OpenRouter, vLLM,
 * llama.cpp's server, LM Studio, and Gemini's and DeepSeek's compatible endpoints. The SDK is
 * imported on the first draw, so a process that never draws with it never loads it.
 *
 *   openai:<model>         OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_API_KEY
 *   openai@<name>:<model>  OPENAI_<NAME>_BASE_URL (required), OPENAI_<NAME>_API_KEY (optional)
 *
 * `<NAME>` is the name in upper case with dashes as underscores: `openai@my-box:` reads
 * OPENAI_MY_BOX_BASE_URL. So a local llama.cpp and OpenRouter can be used at once. Every
 * OPENAI_<NAME>_BASE_URL set is a configured server (`duel models` lists it) even when no
 * contender uses it yet.
 */
import type { ClientOptions } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { ConfigError, ContenderError } from '../model/errors.js';
import type { AskOptions, Contender, DrawOptions, DrawResult } from '../model/types.js';
import { runAsk } from './ask.js';
import { DEFAULT_MAX_RETRIES, SDK_TIMEOUT_MARGIN_MS, streamDraw, type StreamPiece } from './draw-stream.js';
import { envValue, isHttpUrl, splitUserInfo, withoutTrailingSlash, withoutUserInfo } from './env-values.js';
import { httpError, inStreamError, isConnectFailure, isStreamCut, otherFailure, refusedError, streamBrokenError, unreachableError, type ProviderContext } from './error-mapping.js';
import { capitalise } from './labels.js';
import { listFailure, listFetch, offeredModels, type ProviderModels } from './offered-models.js';
import { defineProvider, type ContenderOptions, type Env } from './provider.js';
import { boundedFetch, replyCap } from './reply-limit.js';
import { splitSpec, type ParsedSpec } from './spec.js';

type OpenAIModule = typeof import('openai');
type OpenAIClient = InstanceType<OpenAIModule['default']>;

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** How long `check()` waits for `/models`, in ms. */
const CHECK_TIMEOUT_MS = 5_000;

let sdk: Promise<OpenAIModule> | undefined;
/** The SDK, imported once on first use. */
function loadOpenAI(): Promise<OpenAIModule> {
  return (sdk ??= import('openai'));
}

/** One OpenAI-compatible server and the variables that configure it (named in error messages). */
export interface OpenAIServer {
  /** `''` for the default server, else the name used in `openai@name:` specs. */
  name: string;
  /** Base URL including the API version path, e.g. `https://openrouter.ai/api/v1`. */
  baseUrl: string;
  /** Bearer key; absent for local servers that need none (no Authorization header is sent). */
  apiKey?: string;
  /** `Basic …` from user info in the base URL (a proxy with Basic auth); never together with `apiKey`. */
  authorization?: string;
  /** `OPENAI_BASE_URL` or `OPENAI_<NAME>_BASE_URL`. */
  baseUrlVariable: string;
  /** `OPENAI_API_KEY` or `OPENAI_<NAME>_API_KEY`. */
  apiKeyVariable: string;
}

export interface OpenAISettings {
  /** The servers by name (`''` = the default one), those the contenders use and those set. */
  servers: Record<string, OpenAIServer>;
}

const NAMED_BASE_URL = /^OPENAI_([A-Z][A-Z0-9_]*)_BASE_URL$/;

/** `openrouter` -> `OPENAI_OPENROUTER_`; `''` -> `OPENAI_`. */
export function openaiVariablePrefix(server: string): string {
  return server ? `OPENAI_${server.toUpperCase().replace(/-/g, '_')}_` : 'OPENAI_';
}

function readServer(env: Env, name: string): OpenAIServer {
  const prefix = openaiVariablePrefix(name);
  const baseUrlVariable = `${prefix}BASE_URL`;
  const raw = envValue(env, baseUrlVariable) ?? (name ? undefined : OPENAI_DEFAULT_BASE_URL);
  if (raw === undefined) {
    throw new ConfigError(
      `${baseUrlVariable} is not set: DUEL_CONTENDERS names the server openai@${name}; set ${baseUrlVariable} to its OpenAI-compatible URL, such as http://127.0.0.1:8080/v1.`,
      baseUrlVariable,
    );
  }
  if (!isHttpUrl(raw)) {
    throw new ConfigError(`${baseUrlVariable} is "${withoutUserInfo(raw)}": use the server's http(s) URL with its API path, such as http://127.0.0.1:8080/v1 or https://openrouter.ai/api/v1.`, baseUrlVariable);
  }
  const apiKey = envValue(env, `${prefix}API_KEY`);
  const { url, authorization } = splitUserInfo(raw);
  if (authorization && apiKey) {
    // Both would be the one Authorization header: say so rather than drop one without a word.
    throw new ConfigError(
      `${baseUrlVariable} has a user and password and ${prefix}API_KEY is set: both would be the request's Authorization header. Keep the one the server wants (the key for an API, the user and password for a proxy with Basic auth).`,
      baseUrlVariable,
    );
  }
  return { name, baseUrl: url, ...(apiKey ? { apiKey } : {}), ...(authorization ? { authorization } : {}), baseUrlVariable, apiKeyVariable: `${prefix}API_KEY` };
}

/**
 * The servers: the default (`''`) when a contender uses `openai:` or OPENAI_BASE_URL /
 * OPENAI_API_KEY is set, plus every named server used or set.
 */
export function readOpenAISettings(env: Env, used: readonly ParsedSpec[]): OpenAISettings {
  const names = new Set<string>(used.map((s) => s.server ?? ''));
  if (envValue(env, 'OPENAI_BASE_URL') || envValue(env, 'OPENAI_API_KEY')) names.add('');
  for (const key of Object.keys(env)) {
    const m = NAMED_BASE_URL.exec(key);
    if (m && envValue(env, key)) names.add(m[1]!.toLowerCase().replace(/_/g, '-'));
  }
  return { servers: Object.fromEntries([...names].map((name) => [name, readServer(env, name)])) };
}

/** `https://api.openai.com/v1` is OpenAI itself: it wants `max_completion_tokens`; every compatible server takes `max_tokens`. */
function isOpenAIItself(baseUrl: string): boolean {
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

/** The server's name for people: `OpenAI`, `OpenAI-compatible server`, `OpenAI-compatible server "openrouter"`. */
export function serverTitle(server: OpenAIServer): string {
  if (server.name) return `OpenAI-compatible server "${server.name}"`;
  return isOpenAIItself(server.baseUrl) ? 'OpenAI' : 'OpenAI-compatible server';
}

/** Client options with everything explicit, so the SDK reads no key, URL or organisation from the environment. */
function clientOptions(server: OpenAIServer, extra: Partial<ClientOptions>): ClientOptions {
  return {
    // Local servers need no key: a placeholder satisfies the SDK and the header is then omitted,
    // or is the Basic auth from the URL's user info.
    apiKey: server.apiKey ?? 'no-key',
    ...(server.apiKey ? {} : { defaultHeaders: { Authorization: server.authorization ?? null } }),
    baseURL: server.baseUrl,
    organization: null,
    project: null,
    webhookSecret: null,
    logLevel: 'off',
    ...extra,
  };
}

/**
 * `gpt-5.1` -> `GPT-5.1`; `openai/gpt-oss-120b` -> `GPT-OSS-120b`; `deepseek-chat` -> `Deepseek-Chat`:
 * the last path segment, words capitalised, known acronyms in capitals. A named server is said,
 * as two servers may offer the same model.
 */
function openaiLabel(model: string, server?: string): string {
  const name = model.split('/').pop() || model;
  const label = name.split('-').map((w) => (/^\d/.test(w) ? w : capitalise(w))).join('-');
  return server ? `${label} (${server})` : label;
}

/** Reasoning text in a delta: `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter, Ollama). */
function reasoningOf(delta: unknown): string {
  const d = delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined;
  if (typeof d?.reasoning_content === 'string') return d.reasoning_content;
  if (typeof d?.reasoning === 'string') return d.reasoning;
  return '';
}

/** What one chunk carries, unchecked (the draw skeleton checks it); usage and the finish reason are kept in `seen`. */
function readChunk(chunk: ChatCompletionChunk, seen: { input: unknown; output: unknown; finish: string | null }): StreamPiece {
  if (chunk.usage) {
    seen.input = chunk.usage.prompt_tokens ?? seen.input;
    seen.output = chunk.usage.completion_tokens ?? seen.output;
  }
  const choice = chunk.choices?.[0];
  if (!choice) return {};
  if (choice.finish_reason) seen.finish = choice.finish_reason;
  const { content, refusal } = choice.delta ?? {};
  return { thinking: reasoningOf(choice.delta), text: content, refusal };
}

/** Any failure -> ContenderError. `started`: the response had begun; `mod`: the SDK, once loaded. */
function mapOpenAIError(ctx: ProviderContext, err: unknown, started: boolean, mod: OpenAIModule | undefined): ContenderError {
  if (err instanceof ContenderError) return err;
  if (mod && err instanceof mod.APIError && typeof err.status === 'number') {
    const body = err.error as { message?: string } | undefined;
    return httpError(ctx, { status: err.status, apiMessage: body?.message ?? err.message, retryAfter: err.headers?.get('retry-after') ?? null });
  }
  if (!started && ((mod && err instanceof mod.APIConnectionError) || isConnectFailure(err))) return unreachableError(ctx);
  // `data: {"error": {...}}` mid-stream arrives as an APIError without a status.
  if (mod && err instanceof mod.APIError && !(err instanceof mod.APIUserAbortError) && !(err instanceof mod.APIConnectionError)) {
    return inStreamError(ctx, (err.error as { message?: string } | undefined)?.message ?? err.message);
  }
  if (started && isStreamCut(err)) return streamBrokenError(ctx);
  return otherFailure(ctx, err, started);
}

export function createOpenAIContender(o: ContenderOptions, settings: OpenAISettings = readOpenAISettings({}, [])): Contender {
  const serverName = splitSpec(o.spec)?.server ?? '';
  // The default server falls back to api.openai.com; a named one must be configured.
  const server = settings.servers[serverName] ?? (serverName ? undefined : readServer({}, ''));
  const missing = `contender ${o.spec} names the server "${serverName}", but ${openaiVariablePrefix(serverName)}BASE_URL is not set: set it to the server's OpenAI-compatible URL, e.g. http://127.0.0.1:8080/v1`;
  const baseURL = withoutTrailingSlash(server?.baseUrl ?? '');
  const title = server ? serverTitle(server) : 'OpenAI-compatible server';
  const ctx: ProviderContext = {
    spec: o.spec,
    label: o.label,
    model: o.model,
    providerName: title,
    serverName: title,
    url: baseURL,
    unreachableHint: `is the server running? Check ${server?.baseUrlVariable ?? 'OPENAI_BASE_URL'}`,
    keyHint: server?.apiKey ? `check ${server.apiKeyVariable}` : `set ${server?.apiKeyVariable ?? 'OPENAI_API_KEY'} to its API key`,
  };
  const log = o.logger?.child({ contender: o.spec });
  const limitOf = (n: number) => (server && isOpenAIItself(server.baseUrl) ? { max_completion_tokens: n } : { max_tokens: n });
  const tokenLimit = limitOf(o.maxTokens);

  let client: OpenAIClient | undefined;
  let mod: OpenAIModule | undefined;
  async function getClient(): Promise<OpenAIClient> {
    if (!server) throw new ContenderError(missing, o.spec, 'bad-request');
    mod ??= await loadOpenAI();
    return (client ??= new mod.default(
      clientOptions(server, { maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES, timeout: o.totalTimeoutMs + SDK_TIMEOUT_MARGIN_MS, fetch: boundedFetch(replyCap(o)) }),
    ));
  }

  const mapError = (err: unknown, started: boolean) => mapOpenAIError(ctx, err, started, mod);

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    const seen = { input: null as unknown, output: null as unknown, finish: null as string | null };
    const open = async (signal: AbortSignal) =>
      (await getClient()).chat.completions.create(
        {
          model: o.model,
          messages: [{ role: 'user', content: prompt }],
          stream: true,
          stream_options: { include_usage: true },
          ...tokenLimit,
          // Off means "do not ask": the model's own default applies (non-reasoning models reject the field).
          ...(o.thinking ? { reasoning_effort: 'high' as const } : {}),
        },
        { signal },
      );
    return streamDraw<ChatCompletionChunk>(o, options, {
      open,
      read: (chunk) => readChunk(chunk, seen),
      end: (reply) => {
        // A stream that ends without a finish reason was cut short, even if the socket closed politely.
        if (!seen.finish) throw streamBrokenError(ctx);
        if (seen.finish === 'content_filter' || (reply.refusal && !reply.text.trim())) throw refusedError(ctx, reply.refusal);
        return { tokens: { input: seen.input, output: seen.output }, truncated: seen.finish === 'length' };
      },
      mapError,
    }, { what: 'openai-compatible', log });
  }

  /** One short question, not streamed, without asking for reasoning; the answer is the first choice's content. */
  async function ask(system: string, prompt: string, options: AskOptions): Promise<string> {
    const send = async (signal: AbortSignal) => {
      const completion = await (await getClient()).chat.completions.create(
        {
          model: o.model,
          messages: [{ role: 'system', content: system }, { role: 'user', content: prompt }],
          ...limitOf(options.maxTokens),
        },
        { signal },
      );
      const choice = (completion as { choices?: Array<{ message?: { content?: unknown } } | null> } | undefined)?.choices?.[0];
      return choice?.message?.content;
    };
    return runAsk(o, options, { send, mapError: (err) => mapError(err, false) }, { what: 'openai-compatible', log });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    if (!server) return { ok: false, message: missing };
    try {
      const ids: string[] = [];
      for await (const m of (await getClient()).models.list({ signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })) ids.push(m.id);
      return ids.includes(o.model)
        ? { ok: true, message: `${title} at ${baseURL} has ${o.model}` }
        : { ok: false, message: `${title} at ${baseURL} does not list ${o.model}: check the spec ${o.spec} in DUEL_CONTENDERS` };
    } catch (err) {
      // Some compatible servers have no model list: reachable is all we can know.
      if (mod && err instanceof mod.APIError && err.status === 404) return { ok: true, message: `${title} at ${baseURL} answers (it has no model list)` };
      return { ok: false, message: mapError(err, false).message };
    }
  }

  return { spec: o.spec, label: o.label, provider: 'openai', draw, check, ask };
}

/** One server's models for `duel models`. */
async function listServer(server: OpenAIServer, specs: readonly ParsedSpec[], signal: AbortSignal): Promise<ProviderModels> {
  const provider = server.name ? `openai@${server.name}` : 'openai';
  try {
    const mod = await loadOpenAI();
    const client = new mod.default(clientOptions(server, { maxRetries: 0, fetch: listFetch(signal) }));
    const ids: string[] = [];
    for await (const m of client.models.list({ signal })) ids.push(m.id);
    return offeredModels(provider, server.baseUrl, ids.sort(), specs);
  } catch (err) {
    const keyHint = server.apiKey ? `check ${server.apiKeyVariable}` : `set ${server.apiKeyVariable}`;
    return listFailure({ provider, url: server.baseUrl, title: serverTitle(server), hint: `is the server running? Check ${server.baseUrlVariable}`, keyHint }, err);
  }
}

export const openai = defineProvider({
  prefix: 'openai',
  /** Per server; a local llama.cpp wants `DUEL_CONCURRENCY=openai@name=1`. */
  defaultConcurrency: 4,
  servers: true,
  readSettings: readOpenAISettings,
  label: openaiLabel,
  create: (o, settings) => createOpenAIContender(o, settings),
  listModels: (settings, { specs, signal }) => Object.values(settings.servers).map((server) => listServer(server, specs, signal)),
});
