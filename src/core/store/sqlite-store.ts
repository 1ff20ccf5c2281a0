/**
 * The SQLite adapter of the Store port (better-sqlite3, WAL, numbered migrations): the default
 * database, embedded, one file. The connection (sqlite-connection.ts) stays inside this folder;
 * the engine sees only the port, asynchronous over the synchronous driver (sqlite-driver.ts).
 */
import type { Store } from './port.js';
import { scopedSql } from './sql.js';
import { sqlStore } from './sql-store.js';
import { SqliteConnection } from './sqlite-connection.js';
import { sqliteDriver } from './sqlite-driver.js';
import { sqliteBackup } from './upkeep-rows.js';

export { BUSY_TIMEOUT_MS } from './sqlite-connection.js';
export type { ClosedDuelRow, DuelFilter, Store } from './port.js';

/** Opens (creating folders and the file as needed) and migrates the database at `path` (unless `migrate: false`). */
export function openSqliteStore(path: string, options: { migrate?: boolean } = {}): Store {
  const conn = new SqliteConnection(path, options);
  const driver = sqliteDriver(conn);
  return sqlStore(scopedSql(driver), {
    path: conn.path,
    // Runs beside the process's other calls: the backup reads its own snapshot step by step.
    backup: (dest, onProgress) => sqliteBackup(conn, dest, onProgress),
    close: () => driver.close(),
  });
}
