/**
 * The OpenAI-compatible contender: the official `openai` client streaming `/chat/completions`
 * (SSE) with `stream_options.include_usage`, so one provider covers OpenAI, OpenRouter, vLLM,
 * llama.cpp's server, LM Studio, and Gemini's and DeepSeek's compatible endpoints.
 *
 * Specs: `openai:<model>` uses the default server (OPENAI_BASE_URL, OPENAI_API_KEY);
 * `openai@<name>:<model>` a named one (OPENAI_<NAME>_BASE_URL, OPENAI_<NAME>_API_KEY), so a local
 * llama.cpp and OpenRouter can be used at once. The SDK is imported on the first draw, so a
 * process that never draws with it never loads it.
 */
import type { ClientOptions } from 'openai';
import type { Contender, DrawOptions, DrawProgress, DrawResult } from '../model/types.js';
import { ContenderError } from '../model/errors.js';
import { startDeadlines, settleDraw } from './deadline.js';
import {
  httpError,
  inStreamError,
  isConnectFailure,
  isStreamCut,
  refusedError,
  streamBrokenError,
  unreachableError,
  type ProviderContext,
} from './error-mapping.js';
import type { ContenderOptions, OpenAIServer } from './registry.js';
import { boundedFetch, DEFAULT_MAX_REPLY_BYTES, ReplyMeter, replyTooLargeError } from './reply-limit.js';

type OpenAIModule = typeof import('openai');
type OpenAIClient = InstanceType<OpenAIModule['default']>;

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** Same reasoning as Anthropic's: one retry rides out a blip, more spends the duel's deadline. */
const DEFAULT_MAX_RETRIES = 1;

/** How long `check()` waits for `/models`, in ms. */
const CHECK_TIMEOUT_MS = 5_000;

let sdk: Promise<OpenAIModule> | undefined;
/** The SDK, imported once on first use. */
export function loadOpenAI(): Promise<OpenAIModule> {
  return (sdk ??= import('openai'));
}

/** The server a spec names (`''` = default), from the configured ones; the default falls back to api.openai.com. */
export function resolveServer(servers: Record<string, OpenAIServer> | undefined, name: string): OpenAIServer | undefined {
  const found = servers?.[name];
  if (found) return found;
  if (name) return undefined;
  return { name: '', baseUrl: OPENAI_DEFAULT_BASE_URL, baseUrlVariable: 'OPENAI_BASE_URL', apiKeyVariable: 'OPENAI_API_KEY' };
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
export function clientOptions(server: OpenAIServer, extra: Partial<ClientOptions>): ClientOptions {
  return {
    // Local servers need no key: a placeholder satisfies the SDK and the header is then omitted.
    apiKey: server.apiKey ?? 'no-key',
    ...(server.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
    baseURL: server.baseUrl,
    organization: null,
    project: null,
    webhookSecret: null,
    logLevel: 'off',
    ...extra,
  };
}

function safeProgress(cb: DrawOptions['onProgress'], p: DrawProgress): void {
  try {
    cb?.(p);
  } catch {
    // A broken progress display must not break the drawing.
  }
}

/** Reasoning text in a delta: `reasoning_content` (DeepSeek, vLLM, llama.cpp) or `reasoning` (OpenRouter, Ollama). */
function reasoningOf(delta: unknown): string {
  const d = delta as { reasoning_content?: unknown; reasoning?: unknown } | undefined;
  if (typeof d?.reasoning_content === 'string') return d.reasoning_content;
  if (typeof d?.reasoning === 'string') return d.reasoning;
  return '';
}

export function createOpenAIContender(o: ContenderOptions): Contender {
  const at = o.spec.indexOf('@');
  const colon = o.spec.indexOf(':');
  const serverName = at > 0 && at < colon ? o.spec.slice(at + 1, colon).toLowerCase() : '';
  const server = resolveServer(o.openaiServers, serverName);
  const missing = `contender ${o.spec} names the server "${serverName}", but OPENAI_${serverName.toUpperCase().replace(/-/g, '_')}_BASE_URL is not set: set it to the server's OpenAI-compatible URL, e.g. http://127.0.0.1:8080/v1`;
  const baseURL = (server?.baseUrl ?? '').replace(/\/+$/, '');
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
  const maxReplyBytes = o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const tooLarge = () => replyTooLargeError(o, maxReplyBytes);
  const tokenLimit = server && isOpenAIItself(server.baseUrl) ? { max_completion_tokens: o.maxTokens } : { max_tokens: o.maxTokens };

  let client: OpenAIClient | undefined;
  let mod: OpenAIModule | undefined;
  async function getClient(): Promise<{ client: OpenAIClient; mod: OpenAIModule }> {
    if (!server) throw new ContenderError(missing, o.spec, 'bad-request');
    mod ??= await loadOpenAI();
    client ??= new mod.default(
      clientOptions(server, {
        maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
        // Our own deadlines (total and idle) govern; the SDK's timeout only backs them up.
        timeout: o.totalTimeoutMs + 5_000,
        fetch: boundedFetch({ maxReplyBytes, tooLarge }),
      }),
    );
    return { client, mod };
  }

  function mapError(err: unknown, started: boolean): ContenderError {
    if (err instanceof ContenderError) return err;
    if (mod && err instanceof mod.APIError && typeof err.status === 'number') {
      const body = err.error as { message?: string } | undefined;
      return httpError(ctx, {
        status: err.status,
        apiMessage: body?.message ?? err.message,
        type: err.type ?? null,
        retryAfter: err.headers?.get('retry-after') ?? null,
      });
    }
    if (!started && ((mod && err instanceof mod.APIConnectionError) || isConnectFailure(err))) return unreachableError(ctx);
    // `data: {"error": {...}}` mid-stream arrives as an APIError without a status.
    if (mod && err instanceof mod.APIError && !(err instanceof mod.APIUserAbortError) && !(err instanceof mod.APIConnectionError)) {
      const body = err.error as { message?: string; type?: string } | undefined;
      return inStreamError(ctx, null, body?.message ?? err.message);
    }
    if (started && isStreamCut(err)) return streamBrokenError(ctx);
    const message = (err as { message?: string })?.message ?? String(err);
    return new ContenderError(`${o.label} failed: ${message}`, o.spec, started ? 'stream-broken' : 'unreachable');
  }

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    const t0 = performance.now();
    const deadlines = startDeadlines({
      spec: o.spec,
      label: o.label,
      totalMs: o.totalTimeoutMs,
      idleMs: o.idleTimeoutMs,
      signal: options.signal,
    });
    let started = false;
    log?.info({ event: 'draw-start', thinking: o.thinking, maxTokens: o.maxTokens }, 'openai-compatible draw started');
    safeProgress(options.onProgress, { state: 'thinking' });

    const work = async (): Promise<DrawResult> => {
      const { client } = await getClient();
      const stream = await client.chat.completions.create(
        {
          model: o.model,
          messages: [{ role: 'user', content: prompt }],
          stream: true,
          stream_options: { include_usage: true },
          ...tokenLimit,
          // Off means "do not ask": the model's own default applies (non-reasoning models reject the field).
          ...(o.thinking ? { reasoning_effort: 'high' as const } : {}),
        },
        { signal: deadlines.signal },
      );
      started = true;
      deadlines.touch();
      let text = '';
      let thinking = '';
      let refusal = '';
      let finish: string | null = null;
      let input: number | null = null;
      let output: number | null = null;
      let state: DrawProgress['state'] = 'thinking';
      const meter = new ReplyMeter(maxReplyBytes);
      for await (const chunk of stream) {
        deadlines.touch();
        if (chunk.usage) {
          input = chunk.usage.prompt_tokens ?? input;
          output = chunk.usage.completion_tokens ?? output;
        }
        const choice = chunk.choices?.[0];
        if (choice) {
          const reasoning = reasoningOf(choice.delta);
          if (reasoning) {
            thinking += reasoning;
            meter.add(reasoning);
            if (state !== 'thinking' || thinking.length === reasoning.length) {
              state = 'thinking';
              safeProgress(options.onProgress, { state: 'thinking' });
            }
          }
          const content = choice.delta?.content;
          if (typeof content === 'string' && content) {
            text += content;
            meter.add(content);
            state = 'drawing';
            safeProgress(options.onProgress, { state: 'drawing', chars: text.length });
          }
          const refused = choice.delta?.refusal;
          if (typeof refused === 'string' && refused) {
            refusal += refused;
            meter.add(refused);
          }
          if (choice.finish_reason) finish = choice.finish_reason;
        }
        if (meter.over) deadlines.fail(tooLarge());
        if (deadlines.reason) break;
      }
      // The SDK ends the iteration quietly when its request is aborted: ask the deadlines why.
      const stop = deadlines.error();
      if (stop) throw stop;
      // A stream that ends without a finish reason was cut short, even if the socket closed politely.
      if (!finish) throw streamBrokenError(ctx);
      if (finish === 'content_filter' || (refusal && !text.trim())) throw refusedError(ctx, refusal);
      return {
        text,
        ...(thinking ? { thinking } : {}),
        ms: Math.round(performance.now() - t0),
        tokens: { input, output },
        truncated: finish === 'length',
      };
    };

    return settleDraw(deadlines, work(), { log, what: 'openai-compatible', t0, mapError: (err) => mapError(err, started) });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    if (!server) return { ok: false, message: missing };
    try {
      const { client } = await getClient();
      const ids: string[] = [];
      for await (const m of client.models.list({ signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) })) ids.push(m.id);
      return ids.includes(o.model)
        ? { ok: true, message: `${title} at ${baseURL} has ${o.model}` }
        : { ok: false, message: `${title} at ${baseURL} does not list ${o.model}: check the spec ${o.spec} in DUEL_CONTENDERS` };
    } catch (err) {
      // Some compatible servers have no model list: reachable is all we can know.
      if (mod && err instanceof mod.APIError && err.status === 404) return { ok: true, message: `${title} at ${baseURL} answers (it has no model list)` };
      return { ok: false, message: mapError(err, false).message };
    }
  }

  return { spec: o.spec, label: o.label, provider: 'openai', draw, check };
}
