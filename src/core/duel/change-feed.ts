/**
 * The engine's own change feed (DuelChanges of the Store port), within one process: subscribers
 * hear of a change on the next turn of the event loop, as they would from a database's
 * notification. Processes on one SQLite file do not hear each other through it; their polls find
 * what the others did. A PostgreSQL adapter brings a feed that crosses processes (LISTEN/NOTIFY).
 */
import type { Logger } from 'pino';
import type { DuelChange, DuelChanges } from '../store/port.js';

export type { DuelChange, DuelChanges } from '../store/port.js';

export function localDuelChanges(): DuelChanges {
  const subscribers = new Set<(e: DuelChange) => void>();
  return {
    publish: (e) => {
      // A copy: a subscriber may unsubscribe (or subscribe) while it is told.
      const now = [...subscribers];
      setImmediate(() => {
        for (const fn of now) fn(e);
      });
      return Promise.resolve();
    },
    subscribe: (fn) => {
      // Wrapped, so one subscriber that throws neither stops the others nor crashes the process.
      const safe = (e: DuelChange) => {
        try {
          fn(e);
        } catch {
          // a subscriber's own fault; the poll still finds the change
        }
      };
      subscribers.add(safe);
      return () => void subscribers.delete(safe);
    },
  };
}

/** Publishes a change without waiting and without throwing: a lost event is found by the next poll. */
export function announce(changes: DuelChanges | undefined, e: DuelChange, logger: Logger): void {
  if (!changes) return;
  let sent: Promise<void>;
  try {
    sent = changes.publish(e);
  } catch (err) {
    sent = Promise.reject(err);
  }
  sent.catch((err: unknown) => logger.warn({ err, duelId: e.duelId, kind: e.kind }, 'a duel change could not be published; other processes find it at their next poll'));
}
