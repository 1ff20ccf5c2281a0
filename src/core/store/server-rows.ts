/** The `settings` and `rate_tokens` tables (ServerRows of the Store port), for both engines. */
import type { ServerRows } from './port.js';
import type { Sql } from './sql.js';

export function serverRows(sql: Sql): ServerRows {
  return {
    setting: async (key, create) => {
      await sql.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING', [key, create()]);
      return (await sql.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [key]))!.value;
    },
    // Counting and recording are one transaction.
    takeRateToken: (kind, subject, token, limit, since, at) =>
      sql.transaction(async () => {
        const seen = await sql.get('SELECT 1 AS seen FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ? AND at >= ?', [kind, subject, token, since]);
        if (seen) return true;
        const { n } = (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM rate_tokens WHERE kind = ? AND subject = ? AND at >= ?', [kind, subject, since]))!;
        if (n >= limit) return false;
        await sql.run('INSERT INTO rate_tokens (kind, subject, token, at) VALUES (?, ?, ?, ?) ON CONFLICT (kind, subject, token) DO UPDATE SET at = excluded.at', [kind, subject, token, at]);
        return true;
      }),
    releaseRateToken: async (kind, subject, token) => void (await sql.run('DELETE FROM rate_tokens WHERE kind = ? AND subject = ? AND token = ?', [kind, subject, token])),
    pruneRateTokens: (before) => sql.run('DELETE FROM rate_tokens WHERE at < ?', [before]),
  };
}
