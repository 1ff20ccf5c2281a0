/**
 * The Ollama contender: the official `ollama` client streaming `/api/chat` (NDJSON).
 * Thinking (`message.thinking`) is kept apart and never taken as the answer; `<think>` blocks
 * inside the content are left for SVG extraction to skip.
 */
import type { ChatResponse } from 'ollama';
import type { Contender, DrawOptions, DrawProgress, DrawResult } from '../model/types.js';
import { ContenderError } from '../model/errors.js';
import { startDeadlines, settleDraw } from './deadline.js';
import {
  httpError,
  inStreamError,
  isConnectFailure,
  isStreamCut,
  streamBrokenError,
  unreachableError,
  type ProviderContext,
} from './error-mapping.js';
import { createMultiHostOllamaContender, OllamaHostPool } from './ollama-hosts.js';
import type { ContenderOptions } from './registry.js';
import { loadOllama } from './sdk-loaders.js';
import { boundedFetch, DEFAULT_MAX_REPLY_BYTES, ReplyMeter, replyTooLargeError } from './reply-limit.js';

/** How long `check()` waits for `/api/tags`, in ms. */
const CHECK_TIMEOUT_MS = 5_000;

/** The message the client throws when the NDJSON stream ends without `done: true`. */
const NO_DONE = /did not receive done/i;

function safeProgress(cb: DrawOptions['onProgress'], p: DrawProgress): void {
  try {
    cb?.(p);
  } catch {
    // A broken progress display must not break the drawing.
  }
}

export function createOllamaContender(o: ContenderOptions): Contender {
  if (o.ollamaHosts && o.ollamaHosts.length > 1) {
    const pool = o.ollamaPool ?? new OllamaHostPool({ hosts: o.ollamaHosts, perHost: 1 });
    return createMultiHostOllamaContender(o, pool, createOllamaContender);
  }
  const host = (o.ollamaHost || 'http://127.0.0.1:11434').replace(/\/+$/, '');
  const ctx: ProviderContext = {
    spec: o.spec,
    label: o.label,
    model: o.model,
    providerName: 'Ollama',
    serverName: 'Ollama',
    url: host,
    unreachableHint: 'is `ollama serve` running?',
  };
  const log = o.logger?.child({ contender: o.spec });
  const maxReplyBytes = o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  const tooLarge = () => replyTooLargeError(o, maxReplyBytes);

  /**
   * The client's `fetch`: requests also abort on `signal` (the client only exposes abort once
   * headers have arrived), the body is bounded and line-framed (see reply-limit.ts), invalid
   * NDJSON lines go to our logs instead of raw to stderr, and `retry-after` (which the client's
   * ResponseError drops) is kept in `seen`.
   */
  const clientFetch = (signal: AbortSignal, seen: { retryAfter: string | null } = { retryAfter: null }) =>
    boundedFetch({
      maxReplyBytes,
      tooLarge,
      signal,
      jsonErrorBodies: true,
      onInvalidLine: (excerpt, bytes) => log?.warn({ event: 'invalid-ndjson-line', bytes, excerpt }, 'Ollama sent a line that is not JSON; it was skipped'),
      onResponse: (res) => {
        seen.retryAfter = res.headers.get('retry-after');
      },
    });

  /** Any failure -> ContenderError. `started`: the response headers had arrived. */
  function mapError(err: unknown, started: boolean, retryAfter: string | null): ContenderError {
    if (err instanceof ContenderError) return err;
    const e = err as { name?: string; status_code?: number; error?: string; message?: string };
    if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
      return httpError(ctx, { status: e.status_code, apiMessage: e.error ?? e.message, retryAfter });
    }
    if (!started && isConnectFailure(err)) return unreachableError(ctx);
    if (isStreamCut(err) || NO_DONE.test(e?.message ?? '')) {
      return started ? streamBrokenError(ctx) : unreachableError(ctx);
    }
    // The client turns an NDJSON `{"error": "..."}` line into a plain Error with that text.
    if (started && e instanceof Error && e.constructor === Error) return inStreamError(ctx, null, e.message);
    return new ContenderError(
      `${o.label} failed: ${e?.message ?? String(err)}`,
      o.spec,
      started ? 'stream-broken' : 'unreachable',
    );
  }

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    const { Ollama } = await loadOllama();
    const t0 = performance.now();
    const deadlines = startDeadlines({
      spec: o.spec,
      label: o.label,
      totalMs: o.totalTimeoutMs,
      idleMs: o.idleTimeoutMs,
      signal: options.signal,
    });
    const seen = { retryAfter: null as string | null };
    const client = new Ollama({ host, fetch: clientFetch(deadlines.signal, seen) });
    let started = false;
    log?.info({ event: 'draw-start', thinking: o.thinking }, 'ollama draw started');
    safeProgress(options.onProgress, { state: 'thinking' });

    const work = async (): Promise<DrawResult> => {
      const stream = await client.chat({
        model: o.model,
        messages: [{ role: 'user', content: prompt }],
        stream: true,
        think: o.thinking,
        // The token limit (thinking included), as Anthropic's max_tokens: a model cannot ramble on for ever.
        options: { num_predict: o.maxTokens, ...(o.ollamaNumCtx ? { num_ctx: o.ollamaNumCtx } : {}) },
      });
      started = true;
      deadlines.touch();
      let text = '';
      let thinking = '';
      let last: ChatResponse | null = null;
      let state: DrawProgress['state'] = 'thinking';
      const meter = new ReplyMeter(maxReplyBytes);
      for await (const chunk of stream) {
        deadlines.touch();
        last = chunk;
        const t = chunk.message?.thinking;
        const c = chunk.message?.content;
        if ((t && meter.add(t)) || (c && meter.add(c))) {
          deadlines.fail(tooLarge());
          break;
        }
        if (t) {
          thinking += t;
          if (state !== 'thinking' || thinking.length === t.length) {
            state = 'thinking';
            safeProgress(options.onProgress, { state: 'thinking' });
          }
        }
        if (c) {
          text += c;
          state = 'drawing';
          safeProgress(options.onProgress, { state: 'drawing', chars: text.length });
        }
        if (deadlines.reason) break;
      }
      const stop = deadlines.error();
      if (stop) throw stop;
      if (!last?.done) throw streamBrokenError(ctx);
      return {
        text,
        ...(thinking ? { thinking } : {}),
        ms: Math.round(performance.now() - t0),
        tokens: { input: last.prompt_eval_count ?? null, output: last.eval_count ?? null },
        truncated: last.done_reason === 'length',
      };
    };

    return settleDraw(deadlines, work(), { log, what: 'ollama', t0, mapError: (err) => mapError(err, started, seen.retryAfter) });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    const { Ollama } = await loadOllama();
    const client = new Ollama({ host, fetch: clientFetch(AbortSignal.timeout(CHECK_TIMEOUT_MS)) });
    try {
      const { models } = await client.list();
      const names = new Set(models.flatMap((m) => [m.name, m.model]));
      // `qwen3` is stored as `qwen3:latest`.
      const present = names.has(o.model) || (!o.model.includes(':') && names.has(`${o.model}:latest`));
      return present
        ? { ok: true, message: `Ollama at ${host} has ${o.model}` }
        : { ok: false, message: `model ${o.model} is not pulled: run \`ollama pull ${o.model}\`` };
    } catch (err) {
      const e = err as { name?: string; status_code?: number };
      if (e?.name === 'ResponseError' && typeof e.status_code === 'number') {
        return { ok: false, message: `${host} answered ${e.status_code} to /api/tags: is it an Ollama server?` };
      }
      return { ok: false, message: unreachableError(ctx).message };
    }
  }

  return { spec: o.spec, label: o.label, provider: 'ollama', draw, check };
}
