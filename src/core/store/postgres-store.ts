/**
 * The PostgreSQL adapter of the Store port (DUEL_DATABASE_URL): the same rows as SQLite's through
 * the one query layer, for several `duel serve` processes, on one machine or many, sharing one
 * database. Migrations run at open under a session advisory lock, so processes starting at once
 * never apply one twice.
 */
import type { Store } from './port.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { postgresDriver, type PostgresDriver } from './postgres-driver.js';
import { scopedSql } from './sql.js';
import { sqlStore } from './sql-store.js';

/** The session lock held while migrating ("duel-migrate"). */
const MIGRATION_LOCK_KEY = 0x6d696772;

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    if (u.searchParams.has('password')) u.searchParams.set('password', '***');
    return u.toString();
  } catch {
    return 'postgres://(unreadable URL)';
  }
}

/** The command that backs up this database: PostgreSQL's own tool, with the password left to PGPASSWORD or ~/.pgpass. */
export function pgDumpCommand(url: string, file: string): string {
  const u = new URL(url);
  u.password = '';
  u.searchParams.delete('password');
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return `pg_dump --format=custom --file=${quote(file)} ${quote(u.toString())}`;
}

async function migrate(driver: PostgresDriver): Promise<void> {
  const client = await driver.pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT MAX(version) AS version FROM schema_version')).rows[0];
    const at = row?.version ?? 0;
    for (const m of POSTGRES_MIGRATIONS) {
      if (m.version <= at) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_version (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}


/** The driver for `url`, connected, its database migrated (unless `migrate: false`). */
export async function openPostgresDriver(url: string, options: { migrate?: boolean; maxConnections?: number } = {}): Promise<PostgresDriver> {
  const driver = postgresDriver(url, { max: options.maxConnections });
  try {
    if (options.migrate !== false) await migrate(driver);
    else await driver.pool.query('SELECT 1');
  } catch (err) {
    await driver.close().catch(() => undefined);
    throw err;
  }
  return driver;
}

/** Connects to `url` and migrates the database (unless `migrate: false`). */
export async function openPostgresStore(url: string, options: { migrate?: boolean; maxConnections?: number } = {}): Promise<Store> {
  const driver = await openPostgresDriver(url, options);
  return sqlStore(scopedSql(driver), {
    path: redactedUrl(url),
    backup: (dest) => Promise.reject(new PostgresBackupError(pgDumpCommand(url, dest))),
    close: () => driver.close(),
  });
}

/** A PostgreSQL database is copied with pg_dump, not by the bot: the error carries the command. */
export class PostgresBackupError extends Error {
  constructor(readonly command: string) {
    super(`PostgreSQL is backed up with its own tool, consistent while the bot runs. Run:\n  ${command}\n(the password comes from PGPASSWORD or ~/.pgpass; restore with pg_restore).`);
  }
}
