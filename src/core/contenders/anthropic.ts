/**
 * The Anthropic contender: `@anthropic-ai/sdk` streaming `/v1/messages` (SSE).
 * Thinking blocks are collected apart and never taken as the answer. The SDK is imported on the
 * first draw (sdk-loaders.ts), so a process that never draws from Anthropic never loads it.
 */
import type Anthropic from '@anthropic-ai/sdk';
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
import type { ContenderOptions } from './registry.js';
import { loadAnthropic, type AnthropicModule } from './sdk-loaders.js';
import { boundedFetch, DEFAULT_MAX_REPLY_BYTES, ReplyMeter, replyTooLargeError } from './reply-limit.js';

const DEFAULT_BASE_URL = 'https://api.anthropic.com';

/**
 * The SDK retries 408/409/429/5xx/529 and connection errors (before the stream starts) with
 * backoff. One retry rides out a blip; more would mostly spend the duel's deadline waiting on
 * an overloaded API while people watch, so a persistent 529 fails fast with a clear message.
 * Our total deadline aborts any retry sleep anyway.
 */
const DEFAULT_MAX_RETRIES = 1;

/** Extended thinking budget: at least the API minimum (1024), at most half of max_tokens. */
export function thinkingBudget(maxTokens: number): number {
  return Math.max(1024, Math.min(16_000, Math.floor(maxTokens / 2)));
}

function safeProgress(cb: DrawOptions['onProgress'], p: DrawProgress): void {
  try {
    cb?.(p);
  } catch {
    // A broken progress display must not break the drawing.
  }
}

export function createAnthropicContender(o: ContenderOptions): Contender {
  const baseURL = (o.anthropicBaseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const ctx: ProviderContext = {
    spec: o.spec,
    label: o.label,
    model: o.model,
    providerName: 'Anthropic',
    serverName: 'Anthropic API',
    url: baseURL,
    unreachableHint: 'check your network or ANTHROPIC_BASE_URL',
  };
  const log = o.logger?.child({ contender: o.spec });
  const apiKey = o.anthropicApiKey?.trim() || undefined;
  const maxReplyBytes = o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const tooLarge = () => replyTooLargeError(o, maxReplyBytes);
  const noKey = 'ANTHROPIC_API_KEY is not set: set it to an API key from console.anthropic.com, or remove the anthropic contender from DUEL_CONTENDERS';

  let cached: Anthropic | undefined;
  /** The client, made on the first draw with a key. */
  function clientFor(sdk: AnthropicModule, apiKey: string): Anthropic {
    // Everything is passed explicitly so the SDK never falls back to reading the environment.
    return (cached ??= new sdk.default({
      apiKey,
      baseURL,
      maxRetries: o.maxRetries ?? DEFAULT_MAX_RETRIES,
      // Our own deadlines (total and idle) govern; the SDK's timeout only backs them up.
      timeout: o.totalTimeoutMs + 5_000,
      logLevel: 'off',
      // Bounds what the SDK reads and hands it whole SSE lines only (see reply-limit.ts).
      fetch: boundedFetch({ maxReplyBytes, tooLarge }),
    }));
  }

  function mapError(err: unknown, started: boolean, { APIConnectionError, APIError }: AnthropicModule): ContenderError {
    if (err instanceof ContenderError) return err;
    if (err instanceof APIError && typeof err.status === 'number') {
      return httpError(ctx, {
        status: err.status,
        apiMessage: err.apiMessage,
        type: err.type,
        retryAfter: err.headers?.get('retry-after') ?? null,
      });
    }
    // An SSE `event: error` arrives as an APIError without a status but with the error type.
    if (err instanceof APIError && err.type && err.constructor === APIError) {
      return inStreamError(ctx, err.type, err.apiMessage ?? err.message);
    }
    if (!started && (err instanceof APIConnectionError || isConnectFailure(err))) return unreachableError(ctx);
    if (started && isStreamCut(err)) return streamBrokenError(ctx);
    const message = (err as { message?: string })?.message ?? String(err);
    return new ContenderError(`${o.label} failed: ${message}`, o.spec, started ? 'stream-broken' : 'unreachable');
  }

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    if (!apiKey) throw new ContenderError(noKey, o.spec, 'auth');
    const sdk = await loadAnthropic();
    const client = clientFor(sdk, apiKey);
    const t0 = performance.now();
    const deadlines = startDeadlines({
      spec: o.spec,
      label: o.label,
      totalMs: o.totalTimeoutMs,
      idleMs: o.idleTimeoutMs,
      signal: options.signal,
    });
    let started = false;
    log?.info({ event: 'draw-start', thinking: o.thinking, maxTokens: o.maxTokens }, 'anthropic draw started');
    safeProgress(options.onProgress, { state: 'thinking' });

    const work = async (): Promise<DrawResult> => {
      const stream = await client.messages.create(
        {
          model: o.model,
          max_tokens: o.maxTokens,
          messages: [{ role: 'user', content: prompt }],
          stream: true,
          // Off means "do not ask": the model's own default applies.
          ...(o.thinking ? { thinking: { type: 'enabled' as const, budget_tokens: thinkingBudget(o.maxTokens) } } : {}),
        },
        { signal: deadlines.signal },
      );
      started = true;
      deadlines.touch();
      let text = '';
      let thinking = '';
      let input: number | null = null;
      let output: number | null = null;
      let stopReason: string | null = null;
      let finished = false;
      let state: DrawProgress['state'] = 'thinking';
      const meter = new ReplyMeter(maxReplyBytes);
      for await (const event of stream) {
        deadlines.touch();
        switch (event.type) {
          case 'message_start':
            input = event.message.usage?.input_tokens ?? null;
            output = event.message.usage?.output_tokens ?? null;
            break;
          case 'content_block_start':
            if (event.content_block.type === 'text' && event.content_block.text) {
              text += event.content_block.text;
              meter.add(event.content_block.text);
            }
            break;
          case 'content_block_delta':
            if (event.delta.type === 'text_delta') {
              text += event.delta.text;
              meter.add(event.delta.text);
              state = 'drawing';
              safeProgress(options.onProgress, { state: 'drawing', chars: text.length });
            } else if (event.delta.type === 'thinking_delta') {
              thinking += event.delta.thinking;
              meter.add(event.delta.thinking);
              if (state !== 'thinking') {
                state = 'thinking';
                safeProgress(options.onProgress, { state: 'thinking' });
              }
            }
            break;
          case 'message_delta':
            stopReason = event.delta.stop_reason ?? stopReason;
            if (event.usage?.output_tokens != null) output = event.usage.output_tokens;
            if (event.usage?.input_tokens != null) input = event.usage.input_tokens;
            break;
          case 'message_stop':
            finished = true;
            break;
          default:
            break;
        }
        if (meter.over) deadlines.fail(tooLarge());
        if (deadlines.reason) break;
      }
      // The SDK ends the iteration quietly when its request is aborted: ask the deadlines why.
      const stop = deadlines.error();
      if (stop) throw stop;
      if (!finished) throw streamBrokenError(ctx);
      // Claude's safety stop: the model declined, nothing to retry and no drawing.
      if (stopReason === 'refusal') throw refusedError(ctx, text);
      return {
        text,
        ...(thinking ? { thinking } : {}),
        ms: Math.round(performance.now() - t0),
        tokens: { input, output },
        truncated: stopReason === 'max_tokens',
      };
    };

    return settleDraw(deadlines, work(), { log, what: 'anthropic', t0, mapError: (err) => mapError(err, started, sdk) });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    // No network: a key's validity shows on the first draw (kind 'auth').
    return apiKey
      ? { ok: true, message: `ANTHROPIC_API_KEY is set (model ${o.model} at ${baseURL})` }
      : { ok: false, message: noKey };
  }

  return { spec: o.spec, label: o.label, provider: 'anthropic', draw, check };
}
