/**
 * The Store port over the query layer: the same rows on either engine. An engine's adapter
 * (sqlite-store.ts, postgres-store.ts) opens its driver and says how it is backed up and closed.
 */
import type { Store } from './port.js';
import { boardRows } from './board-rows.js';
import { duelRows } from './duel-rows.js';
import { leaseRows } from './lease-rows.js';
import { serverRows } from './server-rows.js';
import type { Sql } from './sql.js';
import { upkeepRows } from './upkeep-rows.js';
import { voterFlagRows } from './voter-flag-rows.js';
import { voteRows } from './vote-rows.js';

export interface EngineParts {
  /** Where the data lives, for messages (never a password). */
  path: string;
  backup: Store['backup'];
  close(): Promise<void>;
}

export function sqlStore(sql: Sql, engine: EngineParts): Store {
  // Calls from within a transaction find it by their async context, so `tx` is the store itself.
  const store: Store = {
    ...duelRows(sql),
    ...leaseRows(sql),
    ...voteRows(sql),
    ...voterFlagRows(sql),
    ...serverRows(sql),
    ...boardRows(sql),
    ...upkeepRows(sql),
    path: engine.path,
    transaction: (fn) => sql.transaction(() => fn(store)),
    backup: engine.backup,
    close: () => engine.close(),
  };
  return store;
}
