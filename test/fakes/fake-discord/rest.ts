/**
 * The fake REST API (node http): the routes discord.js calls for this bot, with
 * Discord's status codes and error bodies. Every request is recorded on the state.
 */
import http from 'node:http';
import type { FakeDiscordState, RecordedCall } from './state.js';
import { parseMultipart, type MultipartPart } from './multipart.js';
import { emojiKey, messagePayload, snowflake, userPayload, channelPayload, type FakeMessage } from './payloads.js';

type Json = Record<string, any>;
interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const unknown = (what: string, code: number): Reply => ({ status: 404, body: { message: `Unknown ${what}`, code } });

export function createRestServer(state: FakeDiscordState): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const line = `${(req.method ?? 'GET').toUpperCase()} ${decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api/, '').replace(/^\/v\d+/, ''))}`;
      const hold = state.holds.find((h) => h.match.test(line));
      if (hold) {
        hold.held++;
        await hold.until;
      }
      let reply: Reply;
      try {
        reply = handle(state, req, Buffer.concat(chunks));
      } catch (err) {
        reply = { status: 500, body: { message: String(err), code: 0 } };
      }
      const headers: Record<string, string> = { ...(reply.headers ?? {}) };
      let payload: string | undefined;
      if (reply.body !== undefined) {
        payload = JSON.stringify(reply.body);
        headers['content-type'] = 'application/json';
      }
      res.writeHead(reply.status, headers);
      res.end(payload);
    });
  });
}

function handle(state: FakeDiscordState, req: http.IncomingMessage, raw: Buffer): Reply {
  const url = new URL(req.url ?? '/', 'http://x');
  // discord.js calls `${api}/v10/...`; accept the path with or without those prefixes.
  const path = url.pathname.replace(/^\/api/, '').replace(/^\/v\d+/, '');
  const method = (req.method ?? 'GET').toUpperCase();
  const contentType = String(req.headers['content-type'] ?? '');
  let body: Json | undefined;
  let files: MultipartPart[] = [];
  if (raw.length > 0 && contentType.startsWith('multipart/form-data')) {
    const parts = parseMultipart(raw, contentType);
    const json = parts.find((p) => p.name === 'payload_json');
    body = json ? JSON.parse(json.data.toString('utf8')) : {};
    files = parts.filter((p) => p.name !== 'payload_json');
  } else if (raw.length > 0) {
    body = JSON.parse(raw.toString('utf8'));
  }
  const decodedPath = path.split('/').map(decodeURIComponent).join('/');
  const call: RecordedCall = { method, path: decodedPath, query: url.searchParams, body, files, auth: req.headers.authorization };
  state.calls.push(call);

  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  const noAuth = seg[0] === 'interactions' || seg[0] === 'webhooks';
  if (!noAuth && req.headers.authorization !== `Bot ${state.token}`) {
    return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
  }
  const limit = state.rateLimits.find((l) => l.remaining > 0 && l.match.test(`${method} ${decodedPath}`));
  if (limit) {
    limit.remaining--;
    state.rateLimited++;
    const after = String(limit.retryAfterSec);
    return {
      status: 429,
      headers: { 'retry-after': after, 'x-ratelimit-limit': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': after, 'x-ratelimit-bucket': 'fake-bucket', 'x-ratelimit-scope': 'user' },
      body: { message: 'You are being rate limited.', retry_after: limit.retryAfterSec, global: false },
    };
  }
  const route = `${method} /${seg.map((s, i) => (isParam(seg, i) ? ':' : s)).join('/')}`;
  const r = routes[route];
  if (!r) return { status: 404, body: { message: `404: Not Found (${route})`, code: 0 } };
  const reply = r(state, seg, call);
  state.emit('call', call);
  return reply;
}

/** Which path segments are ids (so routes can be matched by shape). */
function isParam(seg: string[], i: number): boolean {
  const prev = seg[i - 1];
  const s = seg[i];
  if (s === '@me' || s === '@original') return false;
  if (prev === 'reactions') return true; // the emoji
  return /^\d+$/.test(s) || (prev === 'webhooks' && i === 1) || (seg[0] === 'webhooks' && i === 2) || (seg[0] === 'interactions' && i === 2);
}

type Handler = (state: FakeDiscordState, seg: string[], call: RecordedCall) => Reply;

const routes: Record<string, Handler> = {
  'GET /gateway/bot': (s) => ({
    status: 200,
    // max_concurrency 16 lets several shards identify at once (no 5 s wait between them in tests).
    body: { url: s.gateway.url, shards: s.recommendedShards, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 } },
  }),
  'GET /gateway': (s) => ({ status: 200, body: { url: s.gateway.url } }),
  'GET /users/@me': (s) => ({ status: 200, body: userPayload(s.bot) }),
  'GET /applications/@me': (s) => ({ status: 200, body: applicationPayload(s) }),
  'GET /oauth2/applications/@me': (s) => ({ status: 200, body: applicationPayload(s) }),
  'PUT /applications/:/commands': (s, seg, c) => putCommands(s, seg[1], null, c),
  'PUT /applications/:/guilds/:/commands': (s, seg, c) => putCommands(s, seg[1], seg[3], c),
  'GET /applications/:/commands': (s) => ({ status: 200, body: s.commands.global }),
  'POST /interactions/:/:/callback': interactionCallback,
  'PATCH /webhooks/:/:/messages/@original': (s, seg, c) => editOriginal(s, seg[2], c),
  'GET /webhooks/:/:/messages/@original': (s, seg) => {
    const i = s.interactionByToken(seg[2]);
    return i?.original ? { status: 200, body: s.payload(i.original) } : unknown('Message', 10008);
  },
  'DELETE /webhooks/:/:/messages/@original': (s, seg) => {
    const i = s.interactionByToken(seg[2]);
    if (!i?.original) return unknown('Message', 10008);
    i.deleted = true;
    return { status: 204 };
  },
  'POST /webhooks/:/:': (s, seg, c) => {
    const i = s.interactionByToken(seg[2]);
    if (!i) return unknown('Webhook', 10015);
    const m = s.createMessage(i.channelId, s.bot.id, c, { flags: c.body?.flags ?? 0, interaction: { token: i.token } });
    i.followups.push(m);
    return { status: 200, body: s.payload(m) };
  },
  'GET /channels/:': (s, seg) => {
    const ch = s.channels.get(seg[1]);
    return ch ? { status: 200, body: channelPayload(ch.id, ch.guildId, ch.name) } : unknown('Channel', 10003);
  },
  'POST /channels/:/messages': (s, seg, c) => {
    if (!s.channels.has(seg[1])) return unknown('Channel', 10003);
    if (s.failChannelSend) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
    const m = s.createMessage(seg[1], s.bot.id, c, {});
    return { status: 200, body: s.payload(m) };
  },
  'GET /channels/:/messages/:': (s, seg) => {
    const m = s.messages.get(seg[3]);
    return m && m.channelId === seg[1] ? { status: 200, body: s.payload(m) } : unknown('Message', 10008);
  },
  'PATCH /channels/:/messages/:': (s, seg, c) => {
    const m = s.messages.get(seg[3]);
    if (!m || m.channelId !== seg[1]) return unknown('Message', 10008);
    if (s.failMessageEdit) return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
    s.applyEdit(m, c);
    return { status: 200, body: s.payload(m) };
  },
  'PUT /channels/:/messages/:/reactions/:/@me': (s, seg) => {
    const m = s.messages.get(seg[3]);
    if (!m) return unknown('Message', 10008);
    s.react(m.id, s.bot.id, seg[5], true);
    return { status: 204 };
  },
  'DELETE /channels/:/messages/:/reactions/:/@me': (s, seg) => {
    const m = s.messages.get(seg[3]);
    if (!m) return unknown('Message', 10008);
    s.unreact(m.id, s.bot.id, seg[5], true);
    return { status: 204 };
  },
  'GET /channels/:/messages/:/reactions/:': (s, seg, c) => {
    const m = s.messages.get(seg[3]);
    if (!m) return unknown('Message', 10008);
    const r = m.reactions.get(emojiKey(seg[5]));
    const limit = Math.min(100, Number(c.query.get('limit') ?? 25));
    const after = BigInt(c.query.get('after') ?? '0');
    const ids = (r?.users ?? []).filter((id) => BigInt(id) > after).sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
    return { status: 200, body: ids.slice(0, limit).map((id) => userPayload(s.users.get(id) ?? { id, username: 'u' + id })) };
  },
};

function applicationPayload(s: FakeDiscordState) {
  return { id: s.appId, name: 'prompt-duel', description: '', icon: null, bot_public: true, bot_require_code_grant: false, flags: 0, owner: userPayload(s.owner), team: null, verify_key: '00' };
}

function putCommands(s: FakeDiscordState, appId: string, guildId: string | null, c: RecordedCall): Reply {
  if (appId !== s.appId) return { status: 403, body: { message: 'Missing Access', code: 50001 } };
  const list = (c.body as unknown as Json[]).map((cmd) => ({ id: snowflake(), application_id: appId, version: snowflake(), type: 1, guild_id: guildId ?? undefined, ...cmd }));
  if (guildId) s.commands.guild.set(guildId, list);
  else s.commands.global = list;
  return { status: 200, body: list };
}

function interactionCallback(s: FakeDiscordState, seg: string[], c: RecordedCall): Reply {
  const i = s.interactions.get(seg[1]);
  if (!i || i.token !== seg[2]) return unknown('interaction', 10062);
  if (i.acknowledged) return { status: 400, body: { message: 'Interaction has already been acknowledged.', code: 40060 } };
  i.acknowledged = true;
  const type = c.body?.type;
  i.callbackType = type;
  const data = (c.body?.data ?? {}) as Json;
  if (type === 4 || type === 5) {
    const ephemeral = ((data.flags ?? 0) & 64) !== 0;
    i.ephemeral = ephemeral;
    const m = s.createMessage(i.channelId, s.bot.id, { ...c, body: data }, { flags: data.flags ?? 0, interaction: { token: i.token }, deferred: type === 5 });
    i.original = m;
  } else if (type === 8) {
    i.choices = data.choices ?? [];
  }
  const withResponse = c.query.get('with_response') === 'true';
  if (!withResponse) return { status: 204 };
  return {
    status: 200,
    body: {
      interaction: { id: i.id, type: i.type, activity_instance_id: null, response_message_id: i.original?.id ?? null, response_message_loading: type === 5, response_message_ephemeral: i.ephemeral ?? false },
      resource: i.original ? { type, message: s.payload(i.original) } : { type },
    },
  };
}

function editOriginal(s: FakeDiscordState, token: string, c: RecordedCall): Reply {
  const i = s.interactionByToken(token);
  if (!i?.original) return unknown('Message', 10008);
  s.applyEdit(i.original, c);
  i.edits.push(i.original.content);
  return { status: 200, body: s.payload(i.original) };
}

export type { FakeMessage };
export { messagePayload };
