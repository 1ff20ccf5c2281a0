/**
 * A model reply is read up to a cap and no further, and a model server is as hostile as the
 * drawing it sends. Two guards, shared by every provider:
 *
 * - `ReplyMeter` counts the answer (and thinking) text a provider has collected; past the cap the
 *   provider stops the request and fails the side with `replyTooLargeError`.
 * - `boundedFetch` is the `fetch` handed to each official client. It hands the client the
 *   response body in whole lines only (NDJSON and SSE are both line-framed), so a client that
 *   re-splits its whole buffer on every chunk (the `ollama` client does, and so does the
 *   Stainless line decoder) never sees a partial giant line: its work stays linear and the event
 *   loop stays free. A line longer than the cap, a body past a multiple of it, or an error body
 *   past a few KB ends the read and cancels the connection. For Ollama it also drops lines that
 *   are not JSON (the client would `console.warn` them raw, outside the JSON logs) and turns a
 *   non-JSON error page into the JSON error the client expects (it would `console.log` instead).
 */
import { DRAW_DEFAULTS } from '../model/settings.js';
import { ContenderError } from '../model/errors.js';

/** Default cap on one reply (answer + thinking), in bytes of UTF-8: far above any real drawing. */
export const DEFAULT_MAX_REPLY_BYTES = DRAW_DEFAULTS.maxReplyBytes;

/** An error body (4xx/5xx) is read up to this many bytes: enough for any real API message. */
export const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * A streamed body wraps every few characters of text in JSON and framing (an NDJSON line or an
 * SSE event is ~150 bytes around a token of ~4 characters), so the body may be this many times
 * larger than the text it carries before we call it a flood.
 */
const BODY_PER_TEXT_FACTOR = 16;

/** Longest excerpt of a dropped invalid line that goes into the logs. */
const LOG_EXCERPT_CHARS = 200;

/** `4194304` -> `4 MB`, `65536` -> `64 KB`, `1000` -> `1000 bytes`. */
export function formatBytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${Number(mb.toFixed(1))} MB`;
  const kb = n / 1024;
  if (kb >= 1) return `${Number(kb.toFixed(1))} KB`;
  return `${n} bytes`;
}

export function replyTooLargeError(o: { spec: string; label: string }, maxBytes: number): ContenderError {
  return new ContenderError(
    `${o.label} sent more than ${formatBytes(maxBytes)} and was stopped: a drawing is far smaller than that ` +
      `(the limit is DUEL_MAX_REPLY_BYTES)`,
    o.spec,
    'too-large',
  );
}

/** A contender's reply cap in bytes (its own, or the default) and the error for a reply past it. */
export function replyCap(o: { spec: string; label: string; maxReplyBytes?: number }): { maxReplyBytes: number; tooLarge: () => ContenderError } {
  const maxReplyBytes = o.maxReplyBytes ?? DEFAULT_MAX_REPLY_BYTES;
  return { maxReplyBytes, tooLarge: () => replyTooLargeError(o, maxReplyBytes) };
}

/** Counts the UTF-8 bytes of collected reply text against a cap. */
export class ReplyMeter {
  bytes = 0;
  constructor(readonly maxBytes: number) {}
  /** Add a piece of text; true once the total is past the cap. */
  add(text: string): boolean {
    this.bytes += Buffer.byteLength(text, 'utf8');
    return this.bytes > this.maxBytes;
  }
  get over(): boolean {
    return this.bytes > this.maxBytes;
  }
}

export interface BoundedFetchOptions {
  /** The reply cap in bytes (see ReplyMeter); lines and bodies are bounded from it. */
  maxReplyBytes: number;
  /** The error a body past its bound fails with (the provider's `replyTooLargeError`). */
  tooLarge: () => ContenderError;
  /** Abort every request also on this signal (a draw's deadlines). */
  signal?: AbortSignal;
  /** NDJSON bodies: drop lines that are not JSON, reporting a short excerpt instead. */
  onInvalidLine?: (excerpt: string, bytes: number) => void;
  /** Turn a non-JSON error body into `{"error": "<text>"}` (the `ollama` client expects JSON). */
  jsonErrorBodies?: boolean;
  /** Sees each response's headers before the client does (e.g. to keep `retry-after`). */
  onResponse?: (res: Response) => void;
  /** The underlying fetch (default: the global one). */
  fetch?: typeof fetch;
}

function concatBytes(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

export interface FrameLimits {
  maxLineBytes: number;
  maxBodyBytes: number;
  tooLarge: () => ContenderError;
  /** Return false to drop a complete line (given without its `\n`). */
  keepLine?: (line: Uint8Array) => boolean;
}

/**
 * Re-chunk `source` into whole lines (each chunk ends at a `\n`, except a last line without one),
 * failing with `tooLarge()` past a line or body bound and cancelling the source. Linear in the
 * body: a line is scanned once and joined once.
 */
export function frameLines(source: ReadableStream<Uint8Array>, limits: FrameLimits): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let total = 0;

  const fail = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    const err = limits.tooLarge();
    pending = [];
    pendingBytes = 0;
    // Cancelling the source closes the connection: the rest of the flood is never read.
    reader.cancel(err).catch(() => undefined);
    controller.error(err);
  };

  /** Complete lines in `chunk` (joined with what was pending), or null when over a bound. */
  const take = (chunk: Uint8Array): Uint8Array[] | null => {
    const out: Uint8Array[] = [];
    let start = 0;
    let nl = chunk.indexOf(10);
    while (nl >= 0) {
      const piece = chunk.subarray(start, nl + 1);
      const lineBytes = pendingBytes + piece.byteLength;
      if (lineBytes - 1 > limits.maxLineBytes) return null;
      const line = pendingBytes ? concatBytes([...pending, piece], lineBytes) : piece;
      pending = [];
      pendingBytes = 0;
      if (!limits.keepLine || limits.keepLine(line.subarray(0, line.byteLength - 1))) out.push(line);
      start = nl + 1;
      nl = chunk.indexOf(10, start);
    }
    if (start < chunk.byteLength) {
      const rest = chunk.subarray(start);
      pending.push(rest);
      pendingBytes += rest.byteLength;
      if (pendingBytes > limits.maxLineBytes) return null;
    }
    return out;
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      // Keep reading until a whole line can be handed on: a pull that enqueues nothing stalls.
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          if (pendingBytes) {
            const last = concatBytes(pending, pendingBytes);
            pending = [];
            pendingBytes = 0;
            if (!limits.keepLine || limits.keepLine(last)) controller.enqueue(last);
          }
          controller.close();
          return;
        }
        total += value.byteLength;
        if (total > limits.maxBodyBytes) return fail(controller);
        const lines = take(value);
        if (!lines) return fail(controller);
        if (lines.length) {
          const bytes = lines.reduce((n, l) => n + l.byteLength, 0);
          controller.enqueue(concatBytes(lines, bytes));
          return;
        }
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

/** Read at most `max` bytes of a body as text, then cancel the rest. */
export async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ text: string; cut: boolean }> {
  if (!body) return { text: '', cut: false };
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  let cut = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.byteLength;
      if (bytes > max) {
        cut = true;
        await reader.cancel().catch(() => undefined);
        break;
      }
    }
  } finally {
    reader.releaseLock();
  }
  const text = new TextDecoder().decode(concatBytes(parts, bytes).subarray(0, Math.min(bytes, max)));
  return { text, cut };
}

function copyHeaders(h: Headers, contentType?: string): Headers {
  const out = new Headers(h);
  // The body handed on is already decoded and may be shorter: its old length and encoding no longer hold.
  out.delete('content-length');
  out.delete('content-encoding');
  if (contentType) out.set('content-type', contentType);
  return out;
}

/** A `fetch` for an official model client that bounds what the client reads (see the top of this file). */
export function boundedFetch(o: BoundedFetchOptions): typeof fetch {
  const inner = o.fetch ?? fetch;
  const decoder = new TextDecoder();
  const keepLine = o.onInvalidLine
    ? (line: Uint8Array): boolean => {
        if (line.byteLength === 0 || (line.byteLength === 1 && line[0] === 13)) return true;
        const text = decoder.decode(line);
        try {
          JSON.parse(text);
          return true;
        } catch {
          o.onInvalidLine!(text.slice(0, LOG_EXCERPT_CHARS), line.byteLength);
          return false;
        }
      }
    : undefined;

  return async (input, init) => {
    const signal = o.signal ? (init?.signal ? AbortSignal.any([init.signal, o.signal]) : o.signal) : init?.signal;
    const res = await inner(input, { ...init, signal });
    o.onResponse?.(res);
    if (!res.body || [101, 204, 205, 304].includes(res.status)) return res;
    if (!res.ok) {
      const { text, cut } = await readCapped(res.body, ERROR_BODY_MAX_BYTES);
      const isJson = /json/i.test(res.headers.get('content-type') ?? '');
      if (o.jsonErrorBodies && (!isJson || cut)) {
        const message = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 300);
        return new Response(JSON.stringify({ error: message || `${res.status} ${res.statusText}` }), {
          status: res.status,
          statusText: res.statusText,
          headers: copyHeaders(res.headers, 'application/json'),
        });
      }
      return new Response(cut ? '' : text, { status: res.status, statusText: res.statusText, headers: copyHeaders(res.headers) });
    }
    const framed = frameLines(res.body, {
      maxLineBytes: o.maxReplyBytes + ERROR_BODY_MAX_BYTES,
      maxBodyBytes: o.maxReplyBytes * BODY_PER_TEXT_FACTOR,
      tooLarge: o.tooLarge,
      keepLine,
    });
    return new Response(framed, { status: res.status, statusText: res.statusText, headers: copyHeaders(res.headers) });
  };
}
