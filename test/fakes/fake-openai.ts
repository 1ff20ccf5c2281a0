/**
 * A fake OpenAI-compatible server: real HTTP on 127.0.0.1 (random port by default) speaking
 * enough of the Chat Completions API for the official `openai` client (point its `baseURL` at
 * `fake.url`, which ends in `/v1` like a real server's):
 *   GET  /v1/models           -> {"object":"list","data":[{"id","object":"model","created","owned_by"}]}
 *   POST /v1/chat/completions -> stream: true: SSE `data: {chat.completion.chunk}` lines: a role
 *        chunk, reasoning chunks (`delta.reasoning_content`) when the request asks for reasoning
 *        (`reasoning_effort`), content chunks (or `delta.refusal` chunks), a chunk with
 *        `finish_reason` ("stop" | "length" | "content_filter"), a usage chunk with `choices: []` when
 *        `stream_options.include_usage` is set, then `data: [DONE]`; stream: false -> one chat.completion.
 *   Errors use OpenAI's body: {"error":{"message","type","param","code"}}.
 * Checks: the key (`authorization: Bearer`) must equal `apiKey` when that option is set (else 401
 * invalid_api_key); `model` must be in `models` (else 404 model_not_found). An answer longer than
 * `max_tokens`/`max_completion_tokens` (chars / 4) is cut with finish_reason "length".
 *
 * Behaviour (see fake-model-common.ts): the same shape as for the other fakes. `errorAfterChunks`
 * sends `data: {"error": {...}}` mid-stream; `cutAfterChunks` destroys the socket; `refusal`
 * streams a refusal instead of an answer; `noFinish` ends the response politely with no finish
 * reason and no [DONE] (a dropped stream a proxy closed cleanly).
 *
 * Usage:
 *   const fake = await startFakeOpenAI({ models: ['gpt-5.1'], apiKey: 'sk-test' });
 *   new OpenAI({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 });
 */
import type { ServerResponse } from 'node:http';
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

export interface FakeOpenAIOptions {
  /** Models `/v1/models` lists and chat accepts. Default `['gpt-5.1']`. */
  models?: string[];
  /** When set, requests must carry `authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Decides each chat reply. Default: a streamed pelican. */
  reply?: ReplyFn | Behaviour;
  /** Answer /v1/models with 404, like servers that have no model list. */
  noModelList?: boolean;
  port?: number;
  host?: string;
}

const ERRORS: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided' },
  403: { type: 'invalid_request_error', code: 'unsupported_country_region_territory', message: 'Country, region, or territory not supported' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist or you do not have access to it.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
  503: { type: 'server_error', code: null, message: 'The engine is currently overloaded, please try again later' },
};

function sendError(res: ServerResponse, status: number, message?: string, retryAfter?: number): void {
  const e = ERRORS[status] ?? { type: status >= 500 ? 'server_error' : 'invalid_request_error', code: null, message: `fake error ${status}` };
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_fake_${Math.random().toString(16).slice(2, 10)}`,
    ...(retryAfter != null ? { 'retry-after': String(retryAfter) } : {}),
  });
  res.end(JSON.stringify({ error: { message: message ?? e.message, type: e.type, param: null, code: e.code } }));
}

function promptText(body: any): string {
  const msgs: Array<{ content?: unknown }> = Array.isArray(body?.messages) ? body.messages : [];
  return msgs.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

async function reply(rec: FakeRequest, res: ServerResponse, b: Behaviour): Promise<void> {
  const body = rec.body ?? {};
  if (b.headersDelayMs) await sleep(b.headersDelayMs);
  if (b.hang === 'before-headers') return;
  if (!alive(res)) return;
  if (b.status && b.status >= 400) return sendError(res, b.status, b.errorMessage, b.retryAfterSeconds);

  const wantsThinking = body.reasoning_effort != null && body.reasoning_effort !== 'none';
  const thinking = wantsThinking ? (b.thinking ?? '') : '';
  let text = b.refusal != null ? '' : (b.text ?? defaultReplyText('#81b29a', 'night'));
  const limit = Number(body.max_completion_tokens ?? body.max_tokens);
  let truncated = Boolean(b.truncated);
  if (Number.isFinite(limit) && limit > 0 && estimateTokens(thinking + text) > limit) {
    text = text.slice(0, Math.max(0, limit * 4 - thinking.length));
    truncated = true;
  }
  const input = b.inputTokens ?? estimateTokens(promptText(body));
  const output = b.outputTokens ?? estimateTokens(thinking + text);
  const id = `chatcmpl-fake${Math.random().toString(36).slice(2, 12)}`;
  const model = String(body.model);
  const created = Math.floor(Date.now() / 1000);
  const finishReason = b.refusal != null ? 'stop' : truncated ? 'length' : 'stop';
  const counted = (n: number): unknown => (b.hostileTokens !== undefined ? b.hostileTokens : n);
  const usage = { prompt_tokens: counted(input), completion_tokens: counted(output), total_tokens: counted(input + output) };

  if (body.stream !== true) {
    if (b.hang) return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: b.refusal ?? null }, finish_reason: finishReason }],
        usage,
      }),
    );
    return;
  }

  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  if (b.hang) return;
  if (b.firstChunkDelayMs) await sleep(b.firstChunkDelayMs);
  if (!alive(res)) return;
  for (const line of b.rawLines ?? []) res.write(`${line}\n`);
  res.write(chunk({ role: 'assistant', content: '' }));
  if (b.hostileContent !== undefined) res.write(chunk({ content: b.hostileContent }));

  const parts: Array<Record<string, string>> = [
    ...chunkText(thinking, b.chunkSize).map((t) => ({ reasoning_content: t })),
    ...(b.refusal != null ? chunkText(b.refusal, b.chunkSize).map((r) => ({ refusal: r })) : chunkText(text, b.chunkSize).map((c) => ({ content: c }))),
  ];
  let sent = 0;
  const interrupted = (): boolean => {
    if (b.errorAfterChunks != null && sent >= b.errorAfterChunks) {
      const e = { message: b.errorMessage ?? 'The server had an error while processing your request.', type: b.errorType ?? 'server_error', param: null, code: null };
      res.end(`data: ${JSON.stringify({ error: e })}\n\n`);
      return true;
    }
    if (b.cutAfterChunks != null && sent >= b.cutAfterChunks) {
      res.socket?.destroy();
      return true;
    }
    return false;
  };
  for (const delta of parts) {
    if (!alive(res) || interrupted()) return;
    if (sent > 0 && b.chunkDelayMs) await sleep(b.chunkDelayMs);
    if (!alive(res)) return;
    res.write(chunk(delta));
    sent++;
  }
  if (!alive(res) || interrupted()) return;
  if (b.giantLineBytes) {
    const head = `data: {"id":"${id}","object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"choices":[{"index":0,"delta":{"content":"`;
    if (!(await sendGiantLine(res, head, b.giantLineBytes, '"},"finish_reason":null}]}\n\n'))) return;
  }
  if (b.floodBytes && !(await sendFlood(res, b.floodBytes, b.chunkSize ?? FLOOD_CHUNK, (content) => chunk({ content })))) return;
  if (!alive(res)) return;
  if (b.noFinish) {
    res.end();
    return;
  }
  res.write(chunk({}, finishReason));
  if (body.stream_options?.include_usage) {
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [], usage })}\n\n`);
  }
  res.end('data: [DONE]\n\n');
}

/** Start a fake OpenAI-compatible server. See the top of this file. */
export async function startFakeOpenAI(opts: FakeOpenAIOptions = {}): Promise<FakeModelServer & { models: string[] }> {
  const models = [...(opts.models ?? ['gpt-5.1'])];
  let replyFn = toReplyFn(opts.reply);
  const srv = await startRecordingServer(
    async (rec, _req, res) => {
      const auth = rec.headers['authorization'];
      const key = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7) : undefined;
      if (opts.apiKey != null && key !== opts.apiKey) return sendError(res, 401, `Incorrect API key provided: ${key ? `${key.slice(0, 3)}***` : 'none'}.`);
      if (rec.method === 'GET' && rec.path === '/v1/models') {
        if (opts.noModelList) return sendError(res, 404, 'Not found');
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: models.map((id) => ({ id, object: 'model', created: 1_760_000_000, owned_by: 'fake' })) }));
        return;
      }
      if (rec.method === 'POST' && rec.path === '/v1/chat/completions') {
        const body = rec.body;
        if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) return sendError(res, 400, 'model and messages are required');
        if (!models.includes(body.model)) return sendError(res, 404, `The model \`${body.model}\` does not exist or you do not have access to it.`);
        return reply(rec, res, await replyFn(rec));
      }
      return sendError(res, 404, `Unknown request URL: ${rec.method} ${rec.path}`);
    },
    { port: opts.port, host: opts.host },
  );
  return {
    url: `${srv.url}/v1`,
    port: srv.port,
    requests: srv.requests,
    models,
    setBehaviour(fn) {
      replyFn = toReplyFn(fn);
    },
    close: srv.close,
  };
}
