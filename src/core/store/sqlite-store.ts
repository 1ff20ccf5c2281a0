/**
 * The SQLite adapter of the Store port (better-sqlite3, WAL, numbered migrations): the default
 * database, embedded, one file. The connection (sqlite-connection.ts) stays inside this folder;
 * the engine sees only the port, asynchronous (sqlite-transactions.ts) over the synchronous driver.
 */
import type { Store } from './port.js';
import { SqliteConnection } from './sqlite-connection.js';
import { sqliteBoardRows } from './sqlite-board.js';
import { sqliteDuelRows } from './sqlite-duels.js';
import { sqliteLeaseRows } from './sqlite-leases.js';
import { sqliteServerRows } from './sqlite-server.js';
import { asyncSqliteStore } from './sqlite-transactions.js';
import { sqliteVoterFlagRows } from './sqlite-voter-flags.js';
import { sqliteVoteRows } from './sqlite-votes.js';
import { sqliteBackup, sqliteUpkeepRows } from './sqlite-upkeep.js';

export { BUSY_TIMEOUT_MS } from './sqlite-connection.js';
export type { ClosedDuelRow, DuelFilter, Store } from './port.js';

/** Opens (creating folders and the file as needed) and migrates the database at `path` (unless `migrate: false`). */
export function openSqliteStore(path: string, options: { migrate?: boolean } = {}): Store {
  const sql = new SqliteConnection(path, options);
  return asyncSqliteStore(sql, {
    ...sqliteDuelRows(sql),
    ...sqliteLeaseRows(sql),
    ...sqliteVoteRows(sql),
    ...sqliteVoterFlagRows(sql),
    ...sqliteServerRows(sql),
    ...sqliteBoardRows(sql),
    ...sqliteUpkeepRows(sql),
  }, (dest, onProgress) => sqliteBackup(sql, dest, onProgress));
}
