/**
 * The Anthropic provider (`anthropic:<model>`): `@anthropic-ai/sdk` streaming `/v1/messages` (SSE).
 * Thinking blocks are collected apart and never taken as the answer. The SDK is imported on the
 * first draw, so a process that never draws from Anthropic never loads it.
 *
 *   ANTHROPIC_API_KEY    the API key (without it every draw fails with kind `auth` and says so)
 *   ANTHROPIC_BASE_URL   the API's URL (default https://api.anthropic.com)
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { MessageStreamEvent } from '@anthropic-ai/sdk/resources/messages';
import { ConfigError, ContenderError } from '../model/errors.js';
import type { AskOptions, Contender, DrawOptions, DrawResult } from '../model/types.js';
import { runAsk } from './ask.js';
import { DEFAULT_MAX_RETRIES, SDK_TIMEOUT_MARGIN_MS, streamDraw, type StreamPiece } from './draw-stream.js';
import { envValue, isHttpUrl, splitUserInfo, withoutTrailingSlash, withoutUserInfo } from './env-values.js';
import {
  httpError,
  inStreamError,
  isConnectFailure,
  isStreamCut,
  otherFailure,
  refusedError,
  streamBrokenError,
  unreachableError,
  type ProviderContext,
} from './error-mapping.js';
import { capitalise } from './labels.js';
import { listFailure, listFetch, offeredModels, unlisted } from './offered-models.js';
import { defineProvider, type ContenderOptions, type Env } from './provider.js';
import { boundedFetch, replyCap } from './reply-limit.js';

type AnthropicModule = typeof import('@anthropic-ai/sdk');

let sdk: Promise<AnthropicModule> | undefined;
/** `@anthropic-ai/sdk`, imported once on first use. */
function loadAnthropic(): Promise<AnthropicModule> {
  return (sdk ??= import('@anthropic-ai/sdk'));
}

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';

const NO_KEY = 'ANTHROPIC_API_KEY is not set: set it to an API key from console.anthropic.com';

export interface AnthropicSettings {
  /** ANTHROPIC_API_KEY; unset: the contender fails its check and every draw (kind `auth`). */
  apiKey?: string;
  /** ANTHROPIC_BASE_URL without trailing slashes (the SDK's semantics) and without user info, default https://api.anthropic.com. */
  baseUrl: string;
  /** `Basic …` from user info in ANTHROPIC_BASE_URL (a proxy with Basic auth); the key still goes in `x-api-key`. */
  authorization?: string;
}

export function readAnthropicSettings(env: Env): AnthropicSettings {
  const apiKey = envValue(env, 'ANTHROPIC_API_KEY');
  const raw = envValue(env, 'ANTHROPIC_BASE_URL');
  if (raw !== undefined && !isHttpUrl(raw)) {
    throw new ConfigError(`ANTHROPIC_BASE_URL is "${withoutUserInfo(raw)}": use an http(s) URL such as http://127.0.0.1:11434.`, 'ANTHROPIC_BASE_URL');
  }
  const { url, authorization } = splitUserInfo(raw ?? ANTHROPIC_DEFAULT_BASE_URL);
  return { ...(apiKey ? { apiKey } : {}), baseUrl: url, ...(authorization ? { authorization } : {}) };
}

/** `claude-opus-4-7` -> `Claude Opus 4.7`; `claude-haiku-4-5-20251001` -> `Claude Haiku 4.5`. */
function anthropicLabel(model: string): string {
  const parts = model.split('-').filter((p) => p !== '' && !/^\d{8}$/.test(p) && p !== 'latest');
  const words: string[] = [];
  for (const part of parts) {
    const prev = words[words.length - 1];
    // Consecutive version numbers join with a dot: 4-7 -> 4.7, 3-5 -> 3.5.
    if (/^\d+$/.test(part) && prev !== undefined && /^\d+(\.\d+)*$/.test(prev)) words[words.length - 1] = `${prev}.${part}`;
    else words.push(/^\d/.test(part) ? part : capitalise(part));
  }
  return words.join(' ') || model;
}

/**
 * With Basic auth from the URL's user info (a proxy in front of the API), the `Authorization` header
 * is the proxy's; the SDK would put the key there as a bearer token, so the key goes in `x-api-key`,
 * which the API reads as well.
 */
function proxyAuthHeaders(authorization: string | undefined, apiKey: string): { defaultHeaders?: Record<string, string> } {
  return authorization ? { defaultHeaders: { Authorization: authorization, 'x-api-key': apiKey } } : {};
}

/** Extended thinking budget: at least the API minimum (1024), at most half of max_tokens. */
export function thinkingBudget(maxTokens: number): number {
  return Math.max(1024, Math.min(16_000, Math.floor(maxTokens / 2)));
}

/** In-stream `event: error` types -> the status the same failure has over HTTP. */
const TYPE_STATUS: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** What one SSE event carries, unchecked (the draw skeleton checks it); usage and the stop reason are kept in `seen`. */
function readEvent(event: MessageStreamEvent, seen: { input: unknown; output: unknown; stop: string | null; finished: boolean }): StreamPiece {
  switch (event.type) {
    case 'message_start':
      seen.input = event.message.usage?.input_tokens ?? null;
      seen.output = event.message.usage?.output_tokens ?? null;
      return {};
    case 'content_block_start':
      return event.content_block.type === 'text' ? { text: event.content_block.text } : {};
    case 'content_block_delta':
      if (event.delta.type === 'text_delta') return { text: event.delta.text };
      return event.delta.type === 'thinking_delta' ? { thinking: event.delta.thinking } : {};
    case 'message_delta':
      seen.stop = event.delta.stop_reason ?? seen.stop;
      if (event.usage?.output_tokens != null) seen.output = event.usage.output_tokens;
      if (event.usage?.input_tokens != null) seen.input = event.usage.input_tokens;
      return {};
    case 'message_stop':
      seen.finished = true;
      return {};
    default:
      return {};
  }
}

/** Any failure -> ContenderError. `started`: the response had begun. */
function mapAnthropicError(ctx: ProviderContext, err: unknown, started: boolean, { APIConnectionError, APIError }: AnthropicModule): ContenderError {
  if (err instanceof ContenderError) return err;
  if (err instanceof APIError && typeof err.status === 'number') {
    return httpError(ctx, { status: err.status, apiMessage: err.apiMessage, retryAfter: err.headers?.get('retry-after') ?? null });
  }
  // An SSE `event: error` arrives as an APIError without a status but with the error type.
  if (err instanceof APIError && err.type && err.constructor === APIError) return inStreamError(ctx, err.apiMessage ?? err.message, TYPE_STATUS[err.type]);
  if (!started && (err instanceof APIConnectionError || isConnectFailure(err))) return unreachableError(ctx);
  if (started && isStreamCut(err)) return streamBrokenError(ctx);
  return otherFailure(ctx, err, started);
}

export function createAnthropicContender(o: ContenderOptions, settings: AnthropicSettings = readAnthropicSettings({})): Contender {
  const baseURL = withoutTrailingSlash(settings.baseUrl);
  const ctx: ProviderContext = {
    spec: o.spec,
    label: o.label,
    model: o.model,
    providerName: 'Anthropic',
    serverName: 'Anthropic API',
    url: baseURL,
    unreachableHint: 'check your network or ANTHROPIC_BASE_URL',
    authMessage: (status) => `Anthropic rejected the API key (${status}): check ANTHROPIC_API_KEY`,
  };
  const log = o.logger?.child({ contender: o.spec });
  const apiKey = settings.apiKey?.trim() || undefined;
  const noKey = `${NO_KEY}, or remove the anthropic contender from DUEL_CONTENDERS`;

  let cached: Anthropic | undefined;
  /** The client, made on the first draw with a key. Everything is passed, so the SDK never reads the environment. */
  const clientFor = (mod: AnthropicModule, key: string): Anthropic =>
    (cached ??= new mod.default({
      apiKey: key,
      baseURL,
      maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
      timeout: o.totalTimeoutMs + SDK_TIMEOUT_MARGIN_MS,
      logLevel: 'off',
      ...proxyAuthHeaders(settings.authorization, key),
      // Bounds what the SDK reads and hands it whole SSE lines only (see reply-limit.ts).
      fetch: boundedFetch(replyCap(o)),
    }));

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    if (!apiKey) throw new ContenderError(noKey, o.spec, 'auth');
    const mod = await loadAnthropic();
    const client = clientFor(mod, apiKey);
    const seen = { input: null as unknown, output: null as unknown, stop: null as string | null, finished: false };
    const request = {
      model: o.model,
      max_tokens: o.maxTokens,
      messages: [{ role: 'user' as const, content: prompt }],
      stream: true as const,
      // Off means "do not ask": the model's own default applies.
      ...(o.thinking ? { thinking: { type: 'enabled' as const, budget_tokens: thinkingBudget(o.maxTokens) } } : {}),
    };
    return streamDraw<MessageStreamEvent>(o, options, {
      open: (signal) => client.messages.create(request, { signal }),
      read: (event) => readEvent(event, seen),
      end: (reply) => {
        if (!seen.finished) throw streamBrokenError(ctx);
        // Claude's safety stop: the model declined, nothing to retry and no drawing.
        if (seen.stop === 'refusal') throw refusedError(ctx, reply.text);
        return { tokens: { input: seen.input, output: seen.output }, truncated: seen.stop === 'max_tokens' };
      },
      mapError: (err, started) => mapAnthropicError(ctx, err, started, mod),
    }, { what: 'anthropic', log });
  }

  /** One short question, not streamed, without thinking; the answer is its text blocks joined. */
  async function ask(system: string, prompt: string, options: AskOptions): Promise<string> {
    if (!apiKey) throw new ContenderError(noKey, o.spec, 'auth');
    const mod = await loadAnthropic();
    const client = clientFor(mod, apiKey);
    const send = async (signal: AbortSignal) => {
      const message = await client.messages.create(
        { model: o.model, max_tokens: options.maxTokens, system, messages: [{ role: 'user', content: prompt }] },
        { signal },
      );
      // A hostile server may send anything: the text blocks' text, joined; a text that is not text is handed on to fail the call.
      const blocks: unknown[] = Array.isArray(message?.content) ? message.content : [];
      const texts = blocks.filter((b) => (b as { type?: unknown } | null)?.type === 'text').map((b) => (b as { text?: unknown }).text);
      return texts.find((t) => typeof t !== 'string') ?? texts.join('');
    };
    return runAsk(o, options, { send, mapError: (err) => mapAnthropicError(ctx, err, false, mod) }, { what: 'anthropic', log });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    // No network: a key's validity shows on the first draw (kind 'auth').
    return apiKey ? { ok: true, message: `ANTHROPIC_API_KEY is set (model ${o.model} at ${baseURL})` } : { ok: false, message: noKey };
  }

  return { spec: o.spec, label: o.label, provider: 'anthropic', draw, check, ask };
}

export const anthropic = defineProvider({
  prefix: 'anthropic',
  /** The hosted API takes several at once; more would mostly hit rate limits. */
  defaultConcurrency: 4,
  readSettings: readAnthropicSettings,
  label: anthropicLabel,
  create: (o, settings) => createAnthropicContender(o, settings),
  listModels(settings, { specs, signal }) {
    // Listed when a contender uses it or a key is set; without a key nothing is asked.
    if (!specs.length && !settings.apiKey) return [];
    const url = settings.baseUrl;
    const list = async () => {
      if (!settings.apiKey) return unlisted('anthropic', url, NO_KEY);
      try {
        const { default: Client } = await loadAnthropic();
        const client = new Client({ apiKey: settings.apiKey, baseURL: url, maxRetries: 0, logLevel: 'off', fetch: listFetch(signal), ...proxyAuthHeaders(settings.authorization, settings.apiKey) });
        const ids: string[] = [];
        for await (const m of client.models.list({ limit: 100 }, { signal })) ids.push(m.id);
        return offeredModels('anthropic', url, ids, specs);
      } catch (err) {
        return listFailure({ provider: 'anthropic', url, title: 'Anthropic API', hint: 'check your network or ANTHROPIC_BASE_URL', keyHint: 'check ANTHROPIC_API_KEY' }, err);
      }
    };
    return [list()];
  },
});
