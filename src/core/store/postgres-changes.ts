/**
 * The change feed between processes on one PostgreSQL database: NOTIFY on one channel, LISTEN on
 * a connection of its own. A process hears its own changes the same way, so every subscriber sees
 * one order of events whichever process caused them. The payload is ids only (a duel id, its kind
 * and platform), parsed as hostile: anything else on the channel is ignored.
 *
 * The listening connection is kept: when it drops (a PostgreSQL restart), it reconnects with a
 * growing pause; events sent meanwhile are lost, and the engine's poll finds what they said.
 */
import pg from 'pg';
import { PLATFORMS, type Platform } from '../model/types.js';
import type { DuelChange, DuelChanges } from './port.js';

const CHANNEL = 'duel_changes';
const KINDS = new Set(['opened', 'closed', 'revealed']);
const MAX_RECONNECT_MS = 10_000;

/** A DuelChange read from a notification's payload, or undefined when it is not one. */
export function parseChange(payload: string | undefined): DuelChange | undefined {
  if (!payload || payload.length > 1_000) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(payload);
  } catch {
    return undefined;
  }
  const o = v as Record<string, unknown> | null;
  if (typeof o !== 'object' || o === null) return undefined;
  const { kind, duelId, platform } = o;
  if (typeof kind !== 'string' || !KINDS.has(kind) || typeof platform !== 'string' || !PLATFORMS.includes(platform as Platform)) return undefined;
  if (typeof duelId !== 'string' || duelId.length === 0 || duelId.length > 200) return undefined;
  return { kind: kind as DuelChange['kind'], duelId, platform: platform as DuelChange['platform'] };
}

export interface PostgresChanges extends DuelChanges {
  close(): Promise<void>;
}

/**
 * Listens on `url` (connected before it resolves) and publishes on the same connection (a
 * listening connection still runs statements). `onTrouble` hears of a dropped connection.
 */
export async function openPostgresChanges(url: string, onTrouble: (err: unknown) => void = () => undefined): Promise<PostgresChanges> {
  const subscribers = new Set<(e: DuelChange) => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let pause = 250;

  const deliver = (msg: pg.Notification) => {
    if (msg.channel !== CHANNEL) return;
    const e = parseChange(msg.payload);
    if (!e) return;
    for (const fn of [...subscribers]) {
      try {
        fn(e);
      } catch {
        // A subscriber's own fault; the poll still finds the change.
      }
    }
  };

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', deliver);
    c.on('error', (err) => {
      onTrouble(err);
      void c.end().catch(() => undefined);
    });
    c.on('end', () => {
      if (closed || client !== c) return;
      client = undefined;
      setTimeout(() => void reconnect(), pause).unref();
      pause = Math.min(pause * 2, MAX_RECONNECT_MS);
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
    pause = 250;
  };

  const reconnect = async () => {
    if (closed) return;
    try {
      await connect();
    } catch (err) {
      onTrouble(err);
      setTimeout(() => void reconnect(), pause).unref();
      pause = Math.min(pause * 2, MAX_RECONNECT_MS);
    }
  };

  await connect();
  return {
    publish: async (e) => {
      if (!client) throw new Error('the change feed is reconnecting to PostgreSQL');
      await client.query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ kind: e.kind, duelId: e.duelId, platform: e.platform })]);
    },
    subscribe: (fn) => {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    close: async () => {
      closed = true;
      const c = client;
      client = undefined;
      await c?.end().catch(() => undefined);
    },
  };
}
