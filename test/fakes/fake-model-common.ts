/**
 * Shared parts of the model-server fakes (fake-ollama.ts, fake-anthropic.ts): the `Behaviour`
 * shape both understand, the recorded-request shape, an HTTP server that can be closed even
 * with hanging connections, and `pelicanSvg()` for ready-made replies.
 *
 * A Behaviour describes ONE reply. All fields are optional; `{}` is a good streamed pelican.
 * Order of what a streamed reply sends: (headersDelayMs) headers, (firstChunkDelayMs) thinking
 * chunks then answer chunks, each `chunkDelayMs` apart, then the final event(s).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Behaviour {
  /** Answer text, streamed in chunks. Default: `pelicanSvg('#e07a5f')` inside a short reply. */
  text?: string;
  /** Thinking text, streamed before the answer, only when the request asked for thinking. */
  thinking?: string;
  /** Characters per streamed chunk. Default 64. */
  chunkSize?: number;
  /** Delay before the response headers are sent, in ms. */
  headersDelayMs?: number;
  /** Delay between headers and the first chunk, in ms. */
  firstChunkDelayMs?: number;
  /** Delay between chunks, in ms. Default 0. */
  chunkDelayMs?: number;
  /** Answer with this HTTP status and the provider's JSON error body instead of a stream (404, 429, 500, 529...). */
  status?: number;
  /** Message in the error body (HTTP error or in-stream error). */
  errorMessage?: string;
  /** Anthropic error type for the error body / `event: error` (default derived from the status, in-stream `overloaded_error`). */
  errorType?: string;
  /** `retry-after` header (seconds) on an HTTP error. */
  retryAfterSeconds?: number;
  /** After this many chunks (thinking + answer), send an in-stream error and end the response. */
  errorAfterChunks?: number;
  /** After this many chunks (thinking + answer), destroy the socket (server drops mid-stream). */
  cutAfterChunks?: number;
  /** Never answer: `before-headers` sends nothing; `after-headers` (or `true`) sends 200 headers, then nothing. */
  hang?: boolean | 'before-headers' | 'after-headers';
  /** Stop as if the token limit was hit: Ollama `done_reason: 'length'`, Anthropic `stop_reason: 'max_tokens'`. */
  truncated?: boolean;
  /** Reported prompt tokens. Default: prompt chars / 4. */
  inputTokens?: number;
  /** Reported output tokens. Default: (thinking + answer chars) / 4. */
  outputTokens?: number;
  /**
   * A flooding model: after `text`, keep streaming this many more bytes of answer (SVG-looking
   * `<circle/>` elements) in chunks of `chunkSize` (default 16 KB here), made on the fly and
   * written with backpressure, so the fake itself never holds the flood.
   */
  floodBytes?: number;
  /** A hostile server: one single line (NDJSON line or SSE `data:` line) carrying this many bytes of answer. */
  giantLineBytes?: number;
  /** With `status`: send this body as `text/html` instead of the provider's JSON error (a proxy's error page). */
  errorBody?: string;
  /** The model declines: this refusal text is streamed instead of an answer (OpenAI `delta.refusal`). */
  refusal?: string;
  /** End the response politely without a finish reason or end marker (a dropped stream a proxy closed cleanly). */
  noFinish?: boolean;
  /** Raw lines sent before the reply, as they are (e.g. lines that are not JSON). */
  rawLines?: string[];
  /** A hostile server: every token count of the reply is sent as this value, as it is (`true`, `{}`, -3). */
  hostileTokens?: unknown;
  /** A hostile server: one answer chunk whose text (`content`, `text`) is this value, as it is (an object), before the answer. */
  hostileContent?: unknown;
}

/** Default chunk size of a flood (`floodBytes`). */
export const FLOOD_CHUNK = 16 * 1024;

/** One piece of flood text of about `size` bytes. */
export function floodPiece(size: number): string {
  const unit = '<circle cx="5" cy="5" r="4"/>';
  return unit.repeat(Math.max(1, Math.ceil(size / unit.length))).slice(0, Math.max(1, size));
}

/** Write and wait for the socket to drain; false when the client has gone. */
export async function writeDrained(res: ServerResponse, data: string | Buffer): Promise<boolean> {
  if (!alive(res)) return false;
  if (res.write(data)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(alive(res));
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Stream a flood: `frame(piece)` wraps each piece of text into the protocol's line(s).
 * Returns false when the client went away before the end.
 */
export async function sendFlood(res: ServerResponse, bytes: number, chunkSize: number, frame: (piece: string) => string): Promise<boolean> {
  const piece = floodPiece(chunkSize);
  for (let sent = 0; sent < bytes; sent += piece.length) {
    const part = sent + piece.length <= bytes ? piece : piece.slice(0, bytes - sent);
    if (!(await writeDrained(res, frame(part)))) return false;
  }
  return true;
}

/**
 * Stream one giant line: `head`, then `bytes` of answer characters that need no JSON escaping,
 * then `tail`. Returns false when the client went away before the end.
 */
export async function sendGiantLine(res: ServerResponse, head: string, bytes: number, tail: string): Promise<boolean> {
  if (!(await writeDrained(res, head))) return false;
  const block = Buffer.from(floodPiece(64 * 1024).replace(/"/g, "'"));
  for (let sent = 0; sent < bytes; sent += block.length) {
    const part = sent + block.length <= bytes ? block : block.subarray(0, bytes - sent);
    if (!(await writeDrained(res, part))) return false;
  }
  return writeDrained(res, tail);
}

/** One request as the fake saw it. */
export interface FakeRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (or undefined). */
  body: any;
  /** True once the client closed the connection before the response was complete (a real abort). */
  closedEarly: boolean;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /** `performance.now()` when the response was completely sent (unset if it never was). */
  finishedAt?: number;
  /** Bytes of response body the fake handed to the socket (a client that stops reading stops this growing). */
  bytesSent: number;
}

export type ReplyFn = (req: FakeRequest) => Behaviour | Promise<Behaviour>;

/** The handle every model fake returns. */
export interface FakeModelServer {
  /** Base URL, e.g. `http://127.0.0.1:38211` (no trailing slash). */
  url: string;
  port: number;
  /** Every request received, in order (including /api/tags and the like). */
  requests: FakeRequest[];
  /** Replace the reply function for later requests. */
  setBehaviour(fn: ReplyFn | Behaviour): void;
  /** Stop listening and destroy open connections (hanging ones too). */
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Rough token estimate used for fake usage numbers. */
export const estimateTokens = (s: string) => Math.ceil(s.length / 4);

export function chunkText(text: string, size = 64): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += Math.max(1, size)) out.push(text.slice(i, i + size));
  return out;
}

export function toReplyFn(b: ReplyFn | Behaviour | undefined): ReplyFn {
  if (typeof b === 'function') return b;
  const fixed = b ?? {};
  return () => fixed;
}

/** A reply shaped like a model's: a sentence and a fenced SVG. */
export function defaultReplyText(color = '#e07a5f', style: PelicanStyle = 'flat'): string {
  return `Here is a pelican riding a bicycle:\n\n\`\`\`svg\n${pelicanSvg(color, style)}\n\`\`\`\n`;
}

/** Whether the response is still writable (the client may have gone). */
export const alive = (res: ServerResponse) => !res.destroyed && !res.writableEnded;

export async function readJson(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/**
 * Start an HTTP server on `host:port` (port 0 = random) whose handler gets the recorded request.
 * Tracks sockets so close() ends hanging connections at once.
 */
export async function startRecordingServer(
  handler: (rec: FakeRequest, req: IncomingMessage, res: ServerResponse) => Promise<void>,
  opts: { port?: number; host?: string } = {},
): Promise<{ server: Server; url: string; port: number; requests: FakeRequest[]; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const rec: FakeRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '/').split('?')[0],
        headers: req.headers,
        body,
        closedEarly: false,
        receivedAt: performance.now(),
        bytesSent: 0,
      };
      requests.push(rec);
      // Count the body bytes written, whatever writes them.
      const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
      res.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) rec.bytesSent += Buffer.byteLength(chunk);
        return write(chunk, ...rest);
      }) as typeof res.write;
      const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
      res.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) rec.bytesSent += Buffer.byteLength(chunk);
        return end(chunk, ...rest);
      }) as typeof res.end;
      res.on('finish', () => {
        rec.finishedAt = performance.now();
      });
      res.on('close', () => {
        if (!res.writableFinished) rec.closedEarly = true;
      });
      try {
        await handler(rec, req, res);
      } catch (err) {
        if (alive(res)) {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: `fake server error: ${(err as Error).message}` }));
        }
      }
    })();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export type PelicanStyle = 'flat' | 'line' | 'night';

/**
 * A small, valid SVG of a pelican riding a bicycle (about 2 KB), in `color`.
 * Styles: `flat` (filled shapes on a sky), `line` (ink outlines on paper), `night` (moonlit).
 */
export function pelicanSvg(color = '#e07a5f', style: PelicanStyle = 'flat'): string {
  const bg = style === 'night' ? '#1d2440' : style === 'line' ? '#fbf7ef' : '#bde0fe';
  const ground = style === 'night' ? '#2e3a5c' : style === 'line' ? '#e9e1cf' : '#95d5b2';
  const ink = style === 'night' ? '#f1f1f1' : '#2b2d42';
  const body = style === 'line' ? 'none' : color;
  const bodyStroke = style === 'line' ? color : ink;
  const extra =
    style === 'night'
      ? '<circle cx="362" cy="36" r="20" fill="#f6f1c7"/><circle cx="60" cy="40" r="2" fill="#fff"/><circle cx="110" cy="70" r="1.5" fill="#fff"/>'
      : style === 'flat'
        ? '<circle cx="362" cy="36" r="22" fill="#ffd166"/>'
        : '<path d="M20 60 q30 -20 60 0" fill="none" stroke="#9aa" stroke-width="2"/>';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300">`,
    `<rect width="400" height="300" fill="${bg}"/>`,
    extra,
    `<rect y="262" width="400" height="38" fill="${ground}"/>`,
    `<g fill="none" stroke="${ink}" stroke-width="5" stroke-linecap="round" stroke-linejoin="round">`,
    `<circle cx="120" cy="220" r="46"/><circle cx="285" cy="220" r="46"/>`,
    `<path d="M120 220 L190 220 L175 150 L265 150 L285 220 M190 220 L265 150 M175 150 L168 140 M265 150 L260 125 L280 120"/>`,
    `</g>`,
    `<path d="M160 140 Q150 95 200 92 Q240 95 235 130 Q225 160 180 158 Z" fill="${body}" stroke="${bodyStroke}" stroke-width="4"/>`,
    `<path d="M175 115 Q200 100 222 122 Q200 135 178 128 Z" fill="${style === 'line' ? 'none' : ink}" opacity="0.35" stroke="${bodyStroke}" stroke-width="2"/>`,
    `<path d="M222 102 Q240 80 236 58" fill="none" stroke="${bodyStroke}" stroke-width="10" stroke-linecap="round"/>`,
    `<circle cx="238" cy="54" r="15" fill="${body === 'none' ? bg : '#ffffff'}" stroke="${bodyStroke}" stroke-width="4"/>`,
    `<circle cx="243" cy="50" r="3" fill="${ink}"/>`,
    `<path d="M250 50 L330 62 L252 62 Z" fill="#f4a261" stroke="${ink}" stroke-width="2"/>`,
    `<path d="M254 62 Q290 92 326 63 Z" fill="#e76f51" opacity="0.85"/>`,
    `<path d="M185 155 L200 222 M205 152 L225 205" stroke="#f4a261" stroke-width="5" stroke-linecap="round"/>`,
    `</svg>`,
  ].join('');
}
