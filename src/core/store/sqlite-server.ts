/** SQLite: the `settings` and `rate_tokens` tables (ServerRows of the Store port). */
import type { ServerRows, Synchronous } from './port.js';
import type { SqliteConnection } from './sqlite-connection.js';

export function sqliteServerRows(sql: SqliteConnection): Synchronous<ServerRows> {
  return {
    setting: (key, create) => {
      sql.stmt('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(key, create());
      return (sql.stmt('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value;
    },
    // Counting and recording are one transaction.
    takeRateToken: (kind, subject, token, limit, since, at) =>
      sql.transaction(() => {
        const seen = sql.stmt('SELECT 1 FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ? AND at >= ?').get(kind, subject, token, since);
        if (seen) return true;
        const { n } = sql.stmt('SELECT COUNT(*) AS n FROM rate_tokens WHERE kind = ? AND subject = ? AND at >= ?').get(kind, subject, since) as { n: number };
        if (n >= limit) return false;
        sql.stmt('INSERT OR REPLACE INTO rate_tokens (kind, subject, token, at) VALUES (?, ?, ?, ?)').run(kind, subject, token, at);
        return true;
      }),
    releaseRateToken: (kind, subject, token) => void sql.stmt('DELETE FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ?').run(kind, subject, token),
    pruneRateTokens: (before) => sql.stmt('DELETE FROM rate_tokens WHERE at < ?').run(before).changes,
  };
}
