/**
 * A fake Anthropic Messages API: real HTTP on 127.0.0.1 (random port by default) speaking enough
 * of `POST /v1/messages` for `@anthropic-ai/sdk` (point the SDK's `baseURL` at `fake.url`):
 *   stream: true  -> SSE: message_start, [ping], content_block_start/delta/stop (a `thinking` block
 *                    with thinking_delta + signature_delta when the request enables thinking, then a
 *                    `text` block with text_delta), message_delta (stop_reason, usage.output_tokens),
 *                    message_stop; or `event: error` mid-stream.
 *   stream: false -> one Message JSON.
 *   HTTP errors use the real body: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_..."}
 *   with `request-id` (and `retry-after` when given) headers.
 *   GET /v1/models -> {"data":[{"type":"model","id","display_name","created_at"}],"has_more":false,...}
 *                    (`models`, or three Claude models when unset).
 * Checks: the key (`x-api-key`, or `authorization: Bearer`) must equal `apiKey` when that option is set (else 401 authentication_error);
 * `model` must be in `models` when that option is set (else 404 not_found_error). When the answer
 * would exceed the request's `max_tokens` (chars / 4), it is cut and stop_reason is `max_tokens`.
 *
 * Usage:
 *   const fake = await startFakeAnthropic({ reply: () => ({ text: pelicanSvg('teal'), chunkDelayMs: 5 }) });
 *   new Anthropic({ apiKey: 'fake', baseURL: fake.url, maxRetries: 0 });
 *   fake.requests[0].body.max_tokens; fake.setBehaviour({ status: 529 }); await fake.close();
 *
 * Behaviour: the same shape as for fake-ollama (see fake-model-common.ts), floods and giant lines included. `errorAfterChunks`
 * sends `event: error` (type `errorType`, default `overloaded_error`) and ends the response.
 */
import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  alive,
  chunkText,
  defaultReplyText,
  estimateTokens,
  FLOOD_CHUNK,
  sendFlood,
  sendGiantLine,
  sleep,
  startRecordingServer,
  toReplyFn,
  type Behaviour,
  type FakeModelServer,
  type FakeRequest,
  type ReplyFn,
} from './fake-model-common.js';

export { pelicanSvg, type Behaviour, type FakeModelServer, type FakeRequest, type ReplyFn } from './fake-model-common.js';

export interface FakeAnthropicOptions {
  /** Decides each /v1/messages reply. Default: a streamed pelican. */
  reply?: ReplyFn | Behaviour;
  /** When set, requests must carry this `x-api-key`. */
  apiKey?: string;
  /** When set, only these models are known. */
  models?: string[];
  /** Fixed port (0 or unset = random). */
  port?: number;
  host?: string;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const ERROR_MESSAGES: Record<string, string> = {
  invalid_request_error: 'invalid request',
  authentication_error: 'invalid x-api-key',
  permission_error: 'Your API key does not have permission to use the specified resource.',
  not_found_error: 'not found',
  request_too_large: 'Request exceeds the maximum allowed number of bytes.',
  rate_limit_error: 'Number of request tokens has exceeded your per-minute rate limit',
  api_error: 'Internal server error',
  timeout_error: 'Request timed out',
  overloaded_error: 'Overloaded',
};

function sendError(res: ServerResponse, status: number, type?: string, message?: string, retryAfter?: number): void {
  const t = type ?? ERROR_TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
  const requestId = `req_fake_${randomUUID().slice(0, 8)}`;
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': requestId,
    'x-should-retry': status === 429 || status >= 500 ? 'true' : 'false',
    ...(retryAfter != null ? { 'retry-after': String(retryAfter) } : {}),
  });
  res.end(JSON.stringify({ type: 'error', error: { type: t, message: message ?? ERROR_MESSAGES[t] ?? 'error' }, request_id: requestId }));
}

function sse(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function promptText(body: any): string {
  const msgs: Array<{ content?: unknown }> = Array.isArray(body?.messages) ? body.messages : [];
  return msgs
    .map((m) =>
      typeof m.content === 'string'
        ? m.content
        : Array.isArray(m.content)
          ? m.content.map((c: any) => (typeof c?.text === 'string' ? c.text : '')).join('')
          : '',
    )
    .join('\n');
}

async function reply(rec: FakeRequest, res: ServerResponse, b: Behaviour): Promise<void> {
  const body = rec.body ?? {};
  if (b.headersDelayMs) await sleep(b.headersDelayMs);
  if (b.hang === 'before-headers') return;
  if (!alive(res)) return;
  if (b.status && b.status >= 400) return sendError(res, b.status, b.errorType, b.errorMessage, b.retryAfterSeconds);

  const wantsThinking = body.thinking?.type === 'enabled' || body.thinking?.type === 'adaptive';
  const thinking = wantsThinking ? (b.thinking ?? '') : '';
  let text = b.refusal ?? b.text ?? defaultReplyText('#3d5a80', 'line');
  const maxTokens = Number(body.max_tokens);
  let truncated = Boolean(b.truncated);
  if (Number.isFinite(maxTokens) && maxTokens > 0 && estimateTokens(thinking + text) > maxTokens) {
    text = text.slice(0, Math.max(0, maxTokens * 4 - thinking.length));
    truncated = true;
  }
  const input = b.inputTokens ?? estimateTokens(promptText(body));
  const output = b.outputTokens ?? estimateTokens(thinking + text);
  const stopReason = b.refusal != null ? 'refusal' : truncated ? 'max_tokens' : 'end_turn';
  const id = `msg_fake_${randomUUID().replace(/-/g, '').slice(0, 20)}`;
  const model = String(body.model ?? 'claude-opus-4-7');
  const signature = Buffer.from(`sig:${id}`).toString('base64');

  if (body.stream !== true) {
    if (b.hang) return;
    res.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_${id}` });
    res.end(
      JSON.stringify({
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [...(thinking ? [{ type: 'thinking', thinking, signature }] : []), { type: 'text', text }],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: input, output_tokens: output },
      }),
    );
    return;
  }

  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'request-id': `req_${id}` });
  res.flushHeaders();
  if (b.hang) return;
  if (b.firstChunkDelayMs) await sleep(b.firstChunkDelayMs);
  if (!alive(res)) return;

  sse(res, 'message_start', {
    type: 'message_start',
    message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: b.hostileTokens !== undefined ? b.hostileTokens : input, output_tokens: 1 } },
  });
  sse(res, 'ping', { type: 'ping' });

  let sent = 0;
  /** Before each chunk: returns false when the behaviour says to fail here. */
  const interrupt = (): boolean => {
    if (b.errorAfterChunks != null && sent >= b.errorAfterChunks) {
      const type = b.errorType ?? 'overloaded_error';
      sse(res, 'error', { type: 'error', error: { type, message: b.errorMessage ?? ERROR_MESSAGES[type] ?? 'error' } });
      res.end();
      return true;
    }
    if (b.cutAfterChunks != null && sent >= b.cutAfterChunks) {
      res.socket?.destroy();
      return true;
    }
    return false;
  };
  const blocks: Array<{ kind: 'thinking' | 'text'; chunks: string[] }> = [
    ...(thinking ? [{ kind: 'thinking' as const, chunks: chunkText(thinking, b.chunkSize) }] : []),
    { kind: 'text' as const, chunks: chunkText(text, b.chunkSize) },
  ];
  for (const [index, block] of blocks.entries()) {
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: block.kind === 'thinking' ? { type: 'thinking', thinking: '', signature: '' } : { type: 'text', text: '' },
    });
    if (block.kind === 'text' && b.hostileContent !== undefined) {
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.hostileContent } });
    }
    for (const chunk of block.chunks) {
      if (!alive(res) || interrupt()) return;
      if (sent > 0 && b.chunkDelayMs) await sleep(b.chunkDelayMs);
      if (!alive(res)) return;
      const delta = block.kind === 'thinking' ? { type: 'thinking_delta', thinking: chunk } : { type: 'text_delta', text: chunk };
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta });
      sent++;
    }
    if (block.kind === 'thinking') {
      sse(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature } });
    }
    if (block.kind === 'text' && b.giantLineBytes) {
      const head = `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":"`;
      if (!(await sendGiantLine(res, head, b.giantLineBytes, '"}}\n\n'))) return;
    }
    if (block.kind === 'text' && b.floodBytes) {
      const frame = (text: string) =>
        `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } })}\n\n`;
      if (!(await sendFlood(res, b.floodBytes, b.chunkSize ?? FLOOD_CHUNK, frame))) return;
    }
    sse(res, 'content_block_stop', { type: 'content_block_stop', index });
  }
  if (!alive(res) || interrupt()) return;
  sse(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: b.hostileTokens !== undefined ? b.hostileTokens : output } });
  sse(res, 'message_stop', { type: 'message_stop' });
  res.end();
}

/** Start a fake Anthropic API. See the top of this file. */
export async function startFakeAnthropic(opts: FakeAnthropicOptions = {}): Promise<FakeModelServer> {
  let replyFn = toReplyFn(opts.reply);
  const srv = await startRecordingServer(
    async (rec, _req, res) => {
      if (rec.method === 'GET' && rec.path === '/v1/models') {
        const auth = rec.headers['authorization'];
        const key = rec.headers['x-api-key'] ?? (typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined);
        if (opts.apiKey != null && key !== opts.apiKey) return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
        const ids = opts.models ?? ['claude-opus-4-7', 'claude-sonnet-4-6', 'claude-haiku-4-5'];
        const data = ids.map((id) => ({ type: 'model', id, display_name: id, created_at: '2026-04-01T00:00:00Z' }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data, has_more: false, first_id: ids[0] ?? null, last_id: ids.at(-1) ?? null }));
        return;
      }
      if (rec.method !== 'POST' || rec.path !== '/v1/messages') {
        return sendError(res, 404, 'not_found_error', `Not found: ${rec.method} ${rec.path}`);
      }
      // The SDK sends the key as `x-api-key` or (1.x) `authorization: Bearer <key>`.
      const auth = rec.headers['authorization'];
      const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const key = rec.headers['x-api-key'] ?? bearer;
      if (opts.apiKey != null && key !== opts.apiKey) {
        return sendError(res, 401, 'authentication_error', 'invalid x-api-key');
      }
      const body = rec.body;
      if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages) || typeof body.max_tokens !== 'number') {
        return sendError(res, 400, 'invalid_request_error', 'model, messages and max_tokens are required');
      }
      if (body.thinking?.type === 'enabled' && !(body.thinking.budget_tokens >= 1024 && body.thinking.budget_tokens < body.max_tokens)) {
        return sendError(res, 400, 'invalid_request_error', 'thinking.budget_tokens must be >= 1024 and less than max_tokens');
      }
      if (opts.models && !opts.models.includes(body.model)) {
        return sendError(res, 404, 'not_found_error', `model: ${body.model}`);
      }
      return reply(rec, res, await replyFn(rec));
    },
    { port: opts.port, host: opts.host },
  );
  return {
    url: srv.url,
    port: srv.port,
    requests: srv.requests,
    setBehaviour(fn) {
      replyFn = toReplyFn(fn);
    },
    close: srv.close,
  };
}
