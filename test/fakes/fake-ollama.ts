/**
 * A fake Ollama server: real HTTP on 127.0.0.1 (random port by default) speaking Ollama's API
 * well enough for the official `ollama` client:
 *   GET  /api/version -> {"version": "..."}
 *   GET  /api/tags    -> {"models": [...]} built from `models`
 *   POST /api/chat    -> NDJSON stream (`application/x-ndjson`) of
 *        {"model","created_at","message":{"role":"assistant","content","thinking"?},"done":false}
 *        ... and a final {"done":true,"done_reason":"stop"|"length","prompt_eval_count","eval_count",...}
 *        or a single JSON object when `stream: false`.
 *   A chat for a model not in `models` gets 404 {"error":"model 'x' not found"} like the real one.
 *
 * Usage:
 *   const fake = await startFakeOllama({ models: ['qwen3.6:35b-a3b'], reply: () => ({ text: 'hi' }) });
 *   const ollama = new Ollama({ host: fake.url });
 *   ...; fake.setBehaviour({ status: 500 }); ...; fake.requests[0].body.think; await fake.close();
 *
 * Behaviour (see fake-model-common.ts) is the same shape as for fake-anthropic: text, thinking,
 * chunking and delays, HTTP error `status`, `errorAfterChunks` (an NDJSON `{"error": "..."}` line
 * mid-stream), `cutAfterChunks` (socket destroyed mid-stream), `hang`, `truncated`, token counts.
 * Thinking is streamed in `message.thinking` only when the request has `think` set truthy.
 * Hostile servers: `rawLines` (lines sent as they are, e.g. not JSON), `giantLineBytes` (one
 * NDJSON line of that size), `floodBytes` (a reply that never stops), all with backpressure.
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

export interface FakeOllamaOptions {
  /** Models `/api/tags` lists and `/api/chat` accepts. Default `['qwen3.6:35b-a3b']`. */
  models?: string[];
  /** Decides each /api/chat reply. Default: a streamed pelican. */
  reply?: ReplyFn | Behaviour;
  /** Fixed port (0 or unset = random). */
  port?: number;
  host?: string;
}

const OLLAMA_VERSION = '0.12.6';

function promptText(body: any): string {
  const msgs: Array<{ content?: unknown }> = Array.isArray(body?.messages) ? body.messages : [];
  return msgs.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
}

function modelEntry(name: string) {
  return {
    name,
    model: name,
    modified_at: '2026-04-20T10:00:00.000Z',
    size: 21_000_000_000,
    digest: 'sha256:' + Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64),
    details: { parent_model: '', format: 'gguf', family: 'qwen3moe', families: ['qwen3moe'], parameter_size: '35B', quantization_level: 'Q4_K_M' },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

async function streamChat(rec: FakeRequest, res: ServerResponse, b: Behaviour): Promise<void> {
  const model = String(rec.body?.model ?? '');
  const created_at = () => new Date().toISOString();
  if (b.headersDelayMs) await sleep(b.headersDelayMs);
  if (b.hang === 'before-headers') return; // never answer; close() destroys the socket
  if (!alive(res)) return;

  if (b.status && b.status >= 400) {
    const headers: Record<string, string> = b.retryAfterSeconds != null ? { 'retry-after': String(b.retryAfterSeconds) } : {};
    if (b.errorBody != null) {
      res.writeHead(b.status, { 'content-type': 'text/html', ...headers });
      res.end(b.errorBody);
      return;
    }
    const message = b.errorMessage ?? (b.status === 404 ? `model '${model}' not found` : `fake error ${b.status}`);
    sendJson(res, b.status, { error: message }, headers);
    return;
  }

  const wantsThinking = Boolean(rec.body?.think);
  const thinking = wantsThinking ? (b.thinking ?? '') : '';
  let text = b.text ?? defaultReplyText();
  const numPredict = Number(rec.body?.options?.num_predict);
  let truncated = Boolean(b.truncated);
  if (Number.isFinite(numPredict) && numPredict > 0 && estimateTokens(thinking + text) > numPredict) {
    text = text.slice(0, Math.max(0, numPredict * 4 - thinking.length));
    truncated = true;
  }
  const input = b.inputTokens ?? estimateTokens(promptText(rec.body));
  const output = b.outputTokens ?? estimateTokens(thinking + text);
  const final = {
    model,
    created_at: created_at(),
    message: { role: 'assistant', content: '' },
    done: true,
    done_reason: truncated ? 'length' : 'stop',
    total_duration: 1_000_000,
    load_duration: 1_000,
    prompt_eval_count: b.hostileTokens !== undefined ? b.hostileTokens : input,
    prompt_eval_duration: 1_000,
    eval_count: b.hostileTokens !== undefined ? b.hostileTokens : output,
    eval_duration: 1_000,
  };

  if (rec.body?.stream === false) {
    if (b.hang) return;
    sendJson(res, 200, { ...final, message: { role: 'assistant', content: text, ...(thinking ? { thinking } : {}) } });
    return;
  }

  res.writeHead(200, { 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' });
  res.flushHeaders();
  if (b.hang) return; // headers sent, then silence
  if (b.firstChunkDelayMs) await sleep(b.firstChunkDelayMs);
  for (const line of b.rawLines ?? []) res.write(`${line}\n`);
  if (b.hostileContent !== undefined) res.write(JSON.stringify({ model, created_at: created_at(), message: { role: 'assistant', content: b.hostileContent }, done: false }) + '\n');

  const parts: Array<{ thinking?: string; content?: string }> = [
    ...chunkText(thinking, b.chunkSize).map((t) => ({ thinking: t })),
    ...chunkText(text, b.chunkSize).map((c) => ({ content: c })),
  ];
  let sent = 0;
  /** Ends the reply with an in-stream error or a dropped socket once the behaviour says so. */
  const interrupted = (): boolean => {
    if (b.errorAfterChunks != null && sent >= b.errorAfterChunks) {
      res.end(JSON.stringify({ error: b.errorMessage ?? 'an error was encountered while running the model: unexpected EOF' }) + '\n');
      return true;
    }
    if (b.cutAfterChunks != null && sent >= b.cutAfterChunks) {
      res.socket?.destroy();
      return true;
    }
    return false;
  };
  for (const part of parts) {
    if (!alive(res) || interrupted()) return;
    if (sent > 0 && b.chunkDelayMs) await sleep(b.chunkDelayMs);
    if (!alive(res)) return;
    const message = { role: 'assistant', content: part.content ?? '', ...(part.thinking ? { thinking: part.thinking } : {}) };
    res.write(JSON.stringify({ model, created_at: created_at(), message, done: false }) + '\n');
    sent++;
  }
  if (!alive(res) || interrupted()) return;
  if (b.giantLineBytes) {
    const head = `{"model":${JSON.stringify(model)},"created_at":"${created_at()}","message":{"role":"assistant","content":"`;
    if (!(await sendGiantLine(res, head, b.giantLineBytes, '"},"done":false}\n'))) return;
  }
  if (b.floodBytes) {
    const frame = (content: string) => JSON.stringify({ model, created_at: created_at(), message: { role: 'assistant', content }, done: false }) + '\n';
    if (!(await sendFlood(res, b.floodBytes, b.chunkSize ?? FLOOD_CHUNK, frame))) return;
  }
  if (!alive(res)) return;
  res.end(JSON.stringify(final) + '\n');
}

/** Start a fake Ollama. See the top of this file. */
export async function startFakeOllama(opts: FakeOllamaOptions = {}): Promise<FakeModelServer & { models: string[] }> {
  const models = [...(opts.models ?? ['qwen3.6:35b-a3b'])];
  let reply = toReplyFn(opts.reply);
  const srv = await startRecordingServer(
    async (rec, _req, res) => {
      if (rec.method === 'GET' && rec.path === '/api/version') return sendJson(res, 200, { version: OLLAMA_VERSION });
      if (rec.method === 'GET' && rec.path === '/api/tags') return sendJson(res, 200, { models: models.map(modelEntry) });
      if (rec.method === 'GET' && rec.path === '/') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('Ollama is running');
        return;
      }
      if (rec.method === 'POST' && rec.path === '/api/chat') {
        const model = String(rec.body?.model ?? '');
        if (!rec.body || !model) return sendJson(res, 400, { error: 'model is required' });
        const known = models.includes(model) || (!model.includes(':') && models.includes(`${model}:latest`));
        if (!known) return sendJson(res, 404, { error: `model '${model}' not found` });
        return streamChat(rec, res, await reply(rec));
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404 page not found');
    },
    { port: opts.port, host: opts.host },
  );
  return {
    url: srv.url,
    port: srv.port,
    requests: srv.requests,
    models,
    setBehaviour(fn) {
      reply = toReplyFn(fn);
    },
    close: srv.close,
  };
}
