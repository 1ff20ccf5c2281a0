/**
 * The fake gateway: a `ws` WebSocket server speaking Discord's gateway protocol v10
 * (JSON encoding, no compression): HELLO, IDENTIFY -> READY + GUILD_CREATE,
 * heartbeat ACKs, RESUME, and DISPATCH events pushed by tests. Sharding as Discord does it:
 * IDENTIFY's `shard: [id, count]` gets READY for that shard with only its guilds, a guild's events
 * go to the sessions of the shard that owns the guild, a DM's to shard 0, and an id >= count is
 * closed with 4010 (Invalid shard). A second IDENTIFY for a shard already connected is accepted
 * (Discord lets both sessions run; each then gets that shard's events).
 */
import { WebSocketServer, type WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { snowflake } from './payloads.js';

/** What the fake sends right after a successful IDENTIFY. */
export interface GatewayIdentity {
  token: string;
  readyPayload(shard: [number, number], sessionId: string, resumeUrl: string): unknown;
  /** GUILD_CREATE payloads (one per guild on this shard), sent after READY. */
  guildCreates(shard: [number, number]): unknown[];
}

interface Session {
  ws: WebSocket;
  id: string;
  seq: number;
  identified: boolean;
  shard: [number, number];
  /** Query string of the connection, as the client sent it. */
  query: URLSearchParams;
}

export interface IdentifyRecord {
  token: string;
  intents: number;
  shard?: [number, number];
  compress?: boolean;
}

export class FakeGateway {
  readonly wss: WebSocketServer;
  readonly sessions = new Set<Session>();
  readonly identifies: IdentifyRecord[] = [];
  /** Every op the clients sent, for assertions (heartbeats included). */
  readonly received: Array<{ op: number; d: unknown }> = [];
  readonly connectQueries: URLSearchParams[] = [];
  /** Every DISPATCH sent, with the shard of the session it went to. */
  readonly deliveries: Array<{ t: string; shard: [number, number] }> = [];
  /** Heartbeat interval announced in HELLO (ms). */
  heartbeatInterval = 41_250;
  private readyWaiters: Array<() => void> = [];

  private constructor(private readonly identity: GatewayIdentity, wss: WebSocketServer) {
    this.wss = wss;
    wss.on('connection', (ws, req) => this.onConnection(ws, new URL(req.url ?? '/', 'ws://x').searchParams));
  }

  static async start(identity: GatewayIdentity): Promise<FakeGateway> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    return new FakeGateway(identity, wss);
  }

  get url(): string {
    const { port } = this.wss.address() as AddressInfo;
    return `ws://127.0.0.1:${port}`;
  }

  /** Sessions that completed IDENTIFY and are still open. */
  get readySessions(): number {
    return [...this.sessions].filter((s) => s.identified).length;
  }

  /** Resolves once some client has identified and received READY (or already has). */
  waitForReady(): Promise<void> {
    if (this.readySessions > 0) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Shards of the sessions that completed IDENTIFY and are still open. */
  get readyShards(): Array<[number, number]> {
    return [...this.sessions].filter((s) => s.identified).map((s) => s.shard);
  }

  /**
   * Push a DISPATCH event: a guild's events go only to the sessions of the shard that owns the
   * guild, others (DMs) to shard 0's, as Discord routes them.
   */
  dispatch(t: string, d: unknown): void {
    const guildId = (d as { guild_id?: string } | null)?.guild_id;
    for (const s of this.sessions) {
      if (!s.identified) continue;
      if ((guildId ? shardOf(guildId, s.shard[1]) : 0) !== s.shard[0]) continue;
      this.deliveries.push({ t, shard: s.shard });
      this.send(s, { op: 0, t, s: ++s.seq, d });
    }
  }

  async close(): Promise<void> {
    for (const s of this.sessions) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(s: Session, payload: { op: number; t?: string | null; s?: number | null; d: unknown }): void {
    if (s.ws.readyState !== s.ws.OPEN) return;
    s.ws.send(JSON.stringify({ t: null, s: null, ...payload }));
  }

  private onConnection(ws: WebSocket, query: URLSearchParams): void {
    this.connectQueries.push(query);
    const session: Session = { ws, id: snowflake(), seq: 0, identified: false, shard: [0, 1], query };
    this.sessions.add(session);
    ws.on('close', () => this.sessions.delete(session));
    ws.on('message', (raw, isBinary) => {
      if (isBinary && query.get('encoding') === 'etf') return ws.close(4002, 'etf not supported by the fake');
      let msg: { op: number; d: any };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return ws.close(4002, 'Error while decoding payload.');
      }
      this.received.push(msg);
      this.onOp(session, msg);
    });
    // Compression the fake cannot speak: refuse loudly rather than send garbage.
    if (query.get('compress')) return ws.close(4002, 'compression not supported by the fake');
    this.send(session, { op: 10, d: { heartbeat_interval: this.heartbeatInterval } });
  }

  private onOp(s: Session, msg: { op: number; d: any }): void {
    switch (msg.op) {
      case 1: // heartbeat
        this.send(s, { op: 11, d: null });
        return;
      case 2: {
        const d = msg.d ?? {};
        this.identifies.push({ token: d.token, intents: d.intents, shard: d.shard, compress: d.compress });
        if (d.compress) return s.ws.close(4002, 'identify compression not supported by the fake');
        if (d.token !== this.identity.token) {
          return s.ws.close(4004, 'Authentication failed.');
        }
        // Privileged intents (GuildMembers 1<<1, GuildPresences 1<<8, MessageContent 1<<15) are refused,
        // as for a bot that has not enabled them in the portal.
        if ((d.intents & ((1 << 1) | (1 << 8) | (1 << 15))) !== 0) return s.ws.close(4014, 'Disallowed intent(s).');
        if (d.shard !== undefined && !validShard(d.shard)) return s.ws.close(4010, 'Invalid shard.');
        s.identified = true;
        s.shard = d.shard ?? [0, 1];
        this.send(s, { op: 0, t: 'READY', s: ++s.seq, d: this.identity.readyPayload(s.shard, s.id, this.url) });
        for (const g of this.identity.guildCreates(s.shard)) this.send(s, { op: 0, t: 'GUILD_CREATE', s: ++s.seq, d: g });
        const waiters = this.readyWaiters;
        this.readyWaiters = [];
        for (const w of waiters) w();
        return;
      }
      case 6: // resume: sessions are not kept, so say it cannot be resumed
        this.send(s, { op: 9, d: false });
        return;
      default:
        return; // presence updates, etc.
    }
  }
}

/** `[id, count]` with whole numbers, count >= 1 and id in [0, count). */
function validShard(shard: unknown): shard is [number, number] {
  if (!Array.isArray(shard) || shard.length !== 2) return false;
  const [id, count] = shard as unknown[];
  return Number.isInteger(id) && Number.isInteger(count) && (count as number) >= 1 && (id as number) >= 0 && (id as number) < (count as number);
}

/** Discord's rule: shard_id = (guild_id >> 22) % num_shards. */
export function shardOf(guildId: string, shards: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shards));
}
