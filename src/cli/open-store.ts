/**
 * Opens the database: PostgreSQL when DUEL_DATABASE_URL is set, else the SQLite file named by
 * DUEL_DB. Whatever goes wrong (a parent that is a file, a read-only
 * place, a file that is not a database, a damaged one) becomes one ConfigError naming DUEL_DB and
 * the path, saying what to do: the CLI prints it as one line, never a stack trace.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/model/errors.js';
import type { Logger } from 'pino';
import { localDuelChanges } from '../core/duel/change-feed.js';
import type { DuelChanges } from '../core/store/port.js';
import { openPostgresChanges } from '../core/store/postgres-changes.js';
import { openPostgresStore, redactedUrl } from '../core/store/postgres-store.js';
import { openSqliteStore, type Store } from '../core/store/sqlite-store.js';

const DEFAULT = 'data/duels.db';

/** The configured database, opened (and migrated, unless `migrate: false`). */
export async function openConfiguredStore(config: { dbPath: string; databaseUrl?: string }, options: { migrate?: boolean } = {}): Promise<Store> {
  if (!config.databaseUrl) return openStore(config.dbPath, options);
  try {
    return await openPostgresStore(config.databaseUrl, options);
  } catch (err) {
    throw new ConfigError(`DUEL_DATABASE_URL is "${redactedUrl(config.databaseUrl)}": ${explainPostgres(err as Error & { code?: string })}`, 'DUEL_DATABASE_URL');
  }
}

/**
 * How this process hears of other processes' duel changes: PostgreSQL's LISTEN/NOTIFY on a shared
 * database, else only its own (processes on one SQLite file find each other's changes by polling).
 */
export async function openConfiguredChanges(config: { databaseUrl?: string }, logger: Logger): Promise<DuelChanges & { close(): Promise<void> }> {
  if (!config.databaseUrl) return { ...localDuelChanges(), close: () => Promise.resolve() };
  return openPostgresChanges(config.databaseUrl, (err) => logger.warn({ err }, 'the change feed lost its PostgreSQL connection; reconnecting (other processes are found by polling meanwhile)'));
}

/** PostgreSQL's error, in words that say what to do (codes: https://www.postgresql.org/docs/current/errcodes-appendix.html). */
export function explainPostgres(err: Error & { code?: string }): string {
  const code = String(err.code ?? '');
  if (code === 'ECONNREFUSED') return 'nothing answers at that host and port: start PostgreSQL, or correct the host and port in the URL.';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'that host name cannot be resolved: correct the host in the URL.';
  if (code === '28P01' || code === '28000') return 'PostgreSQL refused the user name or password: correct them in the URL (or in ~/.pgpass).';
  if (code === '3D000') return 'that database does not exist: create it (createdb NAME, or CREATE DATABASE) or correct its name in the URL.';
  if (code === '42501') return 'the user may not create tables there: grant it CREATE on the database (or use the database owner) so the bot can set up its tables.';
  return `the database could not be opened (${err.message}): check the URL and that PostgreSQL is running.`;
}

export function openStore(path: string, options: { migrate?: boolean } = {}): Store {
  refuseSpecialFile(path);
  try {
    return openSqliteStore(path, options);
  } catch (err) {
    throw new ConfigError(`DUEL_DB is "${path}": ${explain(err as NodeJS.ErrnoException, path)}`, 'DUEL_DB');
  }
}

/**
 * An existing DUEL_DB must be a regular file (a folder gets its own words from `explain`). A
 * device, pipe or socket (`/dev/null`, `/dev/stdout`) is refused before SQLite opens it: SQLite
 * would write a journal beside it (`/dev/null-journal`, as root) and keep nothing.
 */
function refuseSpecialFile(path: string): void {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return; // A new path: the database is created there (or `explain` says why it cannot be).
  }
  if (stats.isFile() || stats.isDirectory()) return;
  throw new ConfigError(`DUEL_DB is "${path}": that is a device, pipe or socket, not a file, so nothing would be kept. Name a database file, such as ${DEFAULT}.`, 'DUEL_DB');
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

/** The error code when this process may not write in folder (EACCES, EROFS), else undefined. */
function writeDenied(folder: string): string | undefined {
  try {
    accessSync(folder, constants.W_OK);
    return undefined;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

function explain(err: NodeJS.ErrnoException, path: string): string {
  const code = String(err.code ?? '');
  const elsewhere = `set DUEL_DB to a file in a folder the bot can write (the default is ${DEFAULT})`;
  if (code === 'ENOTDIR') return `part of its folder is a file, not a folder: ${elsewhere}.`;
  if (code === 'ENOENT') return `its folder ${err.path ?? ''} cannot be created there: ${elsewhere}.`;
  if (['EACCES', 'EPERM', 'EROFS'].includes(code) || code.startsWith('SQLITE_READONLY')) return `that place is read-only for this process (${code}): ${elsewhere}.`;
  if (code === 'SQLITE_NOTADB') return 'that file is not a SQLite database: point DUEL_DB at the bot\'s database, or at a new file name to start an empty one.';
  if (code === 'SQLITE_CORRUPT') return 'the database file is damaged (database disk image is malformed): restore it from a backup, or set DUEL_DB to a new file name to start an empty one.';
  if (code.startsWith('SQLITE_CANTOPEN')) {
    if (isFolder(path)) return `that is a folder: name a file inside it, e.g. ${join(path, 'duels.db')}.`;
    const folder = nearestExisting(dirname(resolve(path)));
    if (!isFolder(folder)) return `${folder} is a file, not a folder: ${elsewhere}.`;
    const denied = writeDenied(folder);
    if (denied) return `that place is read-only for this process (${denied}): ${elsewhere}.`;
    return `SQLite cannot open or create a file there: ${elsewhere}.`;
  }
  if (code.startsWith('SQLITE_BUSY')) return 'another process has held the database locked for too long: stop the other `duel` process, then try again.';
  return `the database could not be opened (${err.message}): ${elsewhere}.`;
}
