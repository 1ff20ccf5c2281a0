/**
 * A fake Slack Socket Mode endpoint: apps.connections.open hands out `ws://127.0.0.1:<port>/socket`
 * (the real client uses undici's WebSocket, which accepts ws:// as well as wss://). On connect the
 * fake sends `hello`, then tests push envelopes (`slash_commands`, `events_api`) and await the
 * client's ack (`{ envelope_id, payload }`), exactly as Slack's servers do.
 */
import type { Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';

export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly clients = new Set<WebSocket>();
  private readonly pending = new Map<string, (ack: SocketAck) => void>();
  private waiters: Array<() => void> = [];
  /** Every ack received, in order. */
  readonly acks: SocketAck[] = [];
  /** Envelope ids sent to clients, in order. */
  readonly sent: string[] = [];
  /** How many connections were opened in total. */
  connections = 0;

  constructor(server: Server) {
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/socket')) {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  url(baseUrl: string): string {
    return `${baseUrl.replace(/^http/, 'ws')}/socket?ticket=${randomUUID()}`;
  }

  get connected(): number {
    return this.clients.size;
  }

  /** Resolves once a client is connected (and has been sent `hello`). */
  waitForClient(): Promise<void> {
    if (this.clients.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /**
   * Send one envelope to the connected client and resolve with its ack.
   * `type` is `slash_commands` or `events_api`; `payload` is what Slack would POST over HTTP.
   */
  send(type: string, payload: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<SocketAck> {
    const ws = [...this.clients][0];
    if (!ws) return Promise.reject(new Error('fake socket mode: no client connected'));
    const envelope_id = randomUUID();
    this.sent.push(envelope_id);
    const acked = new Promise<SocketAck>((resolve) => this.pending.set(envelope_id, resolve));
    ws.send(JSON.stringify({ envelope_id, type, payload, accepts_response_payload: type !== 'events_api', ...extra }));
    return acked;
  }

  async close(): Promise<void> {
    for (const ws of this.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.clients.add(ws);
    this.connections += 1;
    ws.on('close', () => this.clients.delete(ws));
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as SocketAck;
      this.acks.push(msg);
      this.pending.get(msg.envelope_id)?.(msg);
      this.pending.delete(msg.envelope_id);
    });
    // Slack pings the client; the client disconnects if no server ping arrives for 30 s.
    const ping = setInterval(() => ws.ping(), 5_000);
    ping.unref();
    ws.on('close', () => clearInterval(ping));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'AFAKE' }, debug_info: { host: 'fake' } }));
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
