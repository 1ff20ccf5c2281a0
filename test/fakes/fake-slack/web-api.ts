/**
 * A fake Slack Web API on 127.0.0.1 for tests that drive the REAL @slack/bolt / @slack/web-api.
 *
 * It speaks the wire format the SDK uses (POST /api/<method>, form-encoded or multipart body,
 * `Authorization: Bearer <token>`, JSON `{ ok, ... }` replies, 429 + Retry-After), records every
 * call, keeps enough state to behave like Slack (messages, reactions, uploaded files), and hosts
 * the upload URLs handed out by files.getUploadURLExternal plus response_url endpoints.
 * A Socket Mode WebSocket is attached to the same server (see socket-mode.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeSocketMode } from './socket-mode.js';

/** One Web API call as the fake received it. `params` are decoded (JSON-ish fields parsed). */
export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  token: string | null;
}

export interface FakeMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  /** Reaction name -> user ids, in the order they reacted. */
  reactions: Map<string, string[]>;
}

export interface FakeFile {
  id: string;
  filename: string;
  length: number;
  /** Bytes received at the upload URL (null until then). */
  bytes: Buffer | null;
  completed: boolean;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  botName?: string;
}

type Handler = (p: Record<string, unknown>, token: string | null) => Record<string, unknown>;

export class FakeSlack {
  readonly botToken: string;
  readonly appToken: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly botName: string;
  readonly calls: RecordedCall[] = [];
  /** Bodies POSTed to response_url endpoints (`respond()` in Bolt), by path. */
  readonly responses: Array<{ path: string; body: Record<string, unknown> }> = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly files = new Map<string, FakeFile>();
  /** Channels the bot is not a member of: posting there fails with not_in_channel. */
  readonly notInChannel = new Set<string>();
  /**
   * How many more times an image block naming an uploaded file is refused with invalid_blocks,
   * as real Slack does while it is still processing a fresh upload.
   */
  imageNotReady = 0;
  /** Scripted failures: method -> queue of Slack error codes (or 'ratelimited:<sec>' for a 429). */
  private readonly failures = new Map<string, string[]>();
  private server!: Server;
  private seq = 0;
  socket!: FakeSocketMode;
  baseUrl = '';

  constructor(opts: FakeSlackOptions = {}) {
    this.botToken = opts.botToken ?? 'xoxb-fake-bot-token';
    this.appToken = opts.appToken ?? 'xapp-fake-app-token';
    this.teamId = opts.teamId ?? 'T0FAKE';
    this.botUserId = opts.botUserId ?? 'UBOT';
    this.botId = opts.botId ?? 'BBOT';
    this.botName = opts.botName ?? 'prompt-duel';
  }

  /** The value for `SLACK_API_URL` / `clientOptions.slackApiUrl`. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(err));
      });
    });
    this.socket = new FakeSocketMode(this.server);
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await this.socket.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** User ids of other apps' bots (users.info says is_bot). */
  readonly otherBots = new Set<string>();

  /** Methods that fail with this Slack error code on every call until `heal(method)`. */
  private readonly broken = new Map<string, string>();

  /** Make every call of `method` fail with `error` until healed. */
  breakMethod(method: string, error: string): void {
    this.broken.set(method, error);
  }

  heal(method: string): void {
    this.broken.delete(method);
  }

  /** Make the next call(s) of `method` fail with these Slack error codes ('ratelimited:1' = HTTP 429, Retry-After 1). */
  failNext(method: string, ...errors: string[]): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...errors]);
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.get(`${channel}:${ts}`);
  }

  /** Change reactions directly (as if users reacted while the bot was down). */
  setReaction(channel: string, ts: string, name: string, users: string[]): void {
    const m = this.mustMessage(channel, ts);
    if (users.length === 0) m.reactions.delete(name);
    else m.reactions.set(name, [...users]);
  }

  /**
   * A user adds or removes a reaction: the fake's state changes as Slack's would, and the
   * matching event body (for reaction_added / reaction_removed) is returned for delivery.
   */
  userReacts(op: 'add' | 'remove', user: string, name: string, channel: string, ts: string): Record<string, unknown> {
    const m = this.mustMessage(channel, ts);
    const users = (m.reactions.get(name) ?? []).filter((u) => u !== user);
    if (op === 'add') users.push(user);
    this.setReaction(channel, ts, name, users);
    return { type: op === 'add' ? 'reaction_added' : 'reaction_removed', user, reaction: name, item: { type: 'message', channel, ts }, item_user: this.botUserId };
  }

  /** A response URL the fake records POSTs to (used as the slash command's response_url). */
  responseUrl(id: string): string {
    return `${this.baseUrl}/response/${id}`;
  }

  private mustMessage(channel: string, ts: string): FakeMessage {
    const m = this.message(channel, ts);
    if (!m) throw new Error(`fake slack: no message ${channel}:${ts}`);
    return m;
  }

  private nextTs(): string {
    this.seq += 1;
    return `${1_700_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const raw = await readBody(req);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    if (url.pathname.startsWith('/upload/')) {
      const id = url.pathname.slice('/upload/'.length);
      const file = this.files.get(id);
      if (!file || req.method !== 'POST') return json(404, { ok: false });
      file.bytes = await uploadedBytes(req, raw);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${file.bytes.length}`);
      return;
    }
    if (url.pathname.startsWith('/response/')) {
      this.responses.push({ path: url.pathname, body: JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown> });
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!url.pathname.startsWith('/api/')) return json(404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice('/api/'.length);
    const params = await decodeParams(req, raw);
    const auth = req.headers.authorization;
    const token = auth?.startsWith('Bearer ') ? auth.slice(7) : typeof params.token === 'string' ? params.token : null;
    this.calls.push({ method, params, token });

    const queued = this.failures.get(method);
    const failure = queued?.shift() ?? this.broken.get(method);
    if (failure?.startsWith('ratelimited:')) {
      return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': failure.split(':')[1] ?? '1' });
    }
    if (failure) return json(200, failure === 'missing_scope' ? { ok: false, error: failure, needed: 'chat:write', provided: 'commands' } : { ok: false, error: failure });

    const wantApp = method === 'apps.connections.open';
    if (token !== (wantApp ? this.appToken : this.botToken)) {
      return json(200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    }
    const handler = this.handlers[method];
    if (!handler) return json(200, { ok: false, error: 'unknown_method' });
    try {
      json(200, { ok: true, ...handler(params, token) });
    } catch (err) {
      json(200, { ok: false, error: (err as Error).message });
    }
  }

  private postable(channel: unknown): string {
    if (typeof channel !== 'string' || !/^[CGD]/.test(channel)) throw new Error('channel_not_found');
    if (this.notInChannel.has(channel)) throw new Error('not_in_channel');
    return channel;
  }

  private checkBlocks(blocks: unknown[]): void {
    for (const b of blocks as Array<Record<string, unknown>>) {
      const sf = b.type === 'image' ? (b.slack_file as { id?: string } | undefined) : undefined;
      if (!sf) continue;
      if (!this.files.get(sf.id ?? '')?.completed) throw new Error('invalid_blocks');
      if (this.imageNotReady > 0) {
        this.imageNotReady -= 1;
        throw new Error('invalid_blocks');
      }
    }
  }

  private readonly handlers: Record<string, Handler> = {
    'auth.test': () => ({
      url: 'https://fake.slack.test/',
      team: 'Fake Team',
      user: this.botName,
      team_id: this.teamId,
      user_id: this.botUserId,
      bot_id: this.botId,
    }),
    'apps.connections.open': () => ({ url: this.socket.url(this.baseUrl) }),
    'users.info': (p) => {
      const id = String(p.user ?? '');
      if (!id) throw new Error('user_not_found');
      const isBot = id === this.botUserId || this.otherBots.has(id);
      return { user: { id, team_id: this.teamId, name: id.toLowerCase(), deleted: false, is_bot: isBot, is_app_user: false } };
    },
    'chat.postMessage': (p) => {
      const channel = this.postable(p.channel);
      const blocks = (p.blocks as unknown[] | undefined) ?? [];
      if (!p.text && blocks.length === 0) throw new Error('no_text');
      this.checkBlocks(blocks);
      const threadTs = typeof p.thread_ts === 'string' ? p.thread_ts : undefined;
      if (threadTs && !this.message(channel, threadTs)) throw new Error('thread_not_found');
      const ts = this.nextTs();
      const msg: FakeMessage = { channel, ts, text: String(p.text ?? ''), blocks, threadTs, reactions: new Map() };
      this.messages.set(`${channel}:${ts}`, msg);
      return { channel, ts, message: { type: 'message', text: msg.text, ts, user: this.botUserId, bot_id: this.botId } };
    },
    'chat.update': (p) => {
      const m = this.message(String(p.channel), String(p.ts));
      if (!m) throw new Error('message_not_found');
      const blocks = (p.blocks as unknown[] | undefined) ?? m.blocks;
      this.checkBlocks(blocks);
      if (p.text !== undefined) m.text = String(p.text);
      m.blocks = blocks;
      return { channel: m.channel, ts: m.ts, text: m.text };
    },
    'chat.delete': (p) => {
      if (!this.messages.delete(`${String(p.channel)}:${String(p.ts)}`)) throw new Error('message_not_found');
      return { channel: p.channel, ts: p.ts };
    },
    'chat.postEphemeral': (p) => {
      this.postable(p.channel);
      return { message_ts: this.nextTs() };
    },
    'reactions.add': (p) => {
      const m = this.message(String(p.channel), String(p.timestamp));
      if (!m) throw new Error('message_not_found');
      const name = String(p.name);
      const users = m.reactions.get(name) ?? [];
      if (users.includes(this.botUserId)) throw new Error('already_reacted');
      m.reactions.set(name, [...users, this.botUserId]);
      return {};
    },
    'reactions.get': (p) => {
      const m = this.message(String(p.channel), String(p.timestamp));
      if (!m) throw new Error('message_not_found');
      const reactions = [...m.reactions].map(([name, users]) => ({ name, users, count: users.length }));
      return { type: 'message', channel: m.channel, message: { type: 'message', text: m.text, ts: m.ts, reactions } };
    },
    'files.getUploadURLExternal': (p) => {
      const length = Number(p.length);
      if (!p.filename || !Number.isFinite(length) || length <= 0) throw new Error('invalid_arguments');
      const id = `F${String(++this.seq).padStart(8, '0')}`;
      this.files.set(id, { id, filename: String(p.filename), length, bytes: null, completed: false });
      return { upload_url: `${this.baseUrl}/upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (p) => {
      const list = p.files as Array<{ id: string; title?: string }>;
      if (!Array.isArray(list) || list.length === 0) throw new Error('invalid_arguments');
      if (p.channel_id !== undefined || p.channels !== undefined) this.postable(p.channel_id ?? p.channels);
      return {
        files: list.map((f) => {
          const file = this.files.get(f.id);
          if (!file?.bytes) throw new Error('file_not_found');
          if (file.bytes.length !== file.length) throw new Error('file_size_mismatch');
          file.completed = true;
          return { id: file.id, name: file.filename, title: f.title ?? file.filename, mimetype: file.filename.endsWith('.gif') ? 'image/gif' : 'image/png', size: file.length };
        }),
      };
    },
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Decode a Web API body the way Slack does: form fields, with JSON-looking values parsed. */
async function decodeParams(req: IncomingMessage, raw: Buffer): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  const out: Record<string, unknown> = {};
  if (type.includes('application/json')) return JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
  const entries: Array<[string, unknown]> = type.includes('multipart/form-data')
    ? [...(await new Response(raw, { headers: { 'content-type': type } }).formData()).entries()]
    : [...new URLSearchParams(raw.toString('utf8')).entries()];
  for (const [k, v] of entries) {
    if (typeof v !== 'string') continue;
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

/** The upload URL accepts raw bytes or a multipart body (the SDK sends multipart with one file part). */
async function uploadedBytes(req: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const type = req.headers['content-type'] ?? '';
  if (!type.includes('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
  for (const [, v] of form.entries()) {
    if (typeof v !== 'string') return Buffer.from(await v.arrayBuffer());
  }
  throw new Error('upload without a file part');
}
