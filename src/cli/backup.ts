/**
 * `duel backup FILE`: a consistent copy of the database while `duel serve` keeps writing, through
 * the Store port (SQLite's online backup; a server database's adapter says which tool to use).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { formatBytes } from '../core/contenders/reply-limit.js';
import type { BackupProgress, Store } from '../core/store/port.js';
import { pgDumpCommand } from '../core/store/postgres-store.js';
import { out, parse, UsageError } from './args.js';

const USAGE = 'duel backup FILE [--force]';
/** Databases from this many pages up (about 64 MB of 4 KB pages) show their progress on stderr. */
const PROGRESS_FROM_PAGES = 16_384;

/** The real path of `path`, or of its folder joined with its name when it does not exist yet. */
function realPath(path: string): string {
  const full = resolve(path);
  if (existsSync(full)) return realpathSync(full);
  const folder = dirname(full);
  return existsSync(folder) ? join(realpathSync(folder), basename(full)) : full;
}

/** Refuses a destination that is the database itself (or its WAL files), a folder, or an existing file without --force. */
export function checkDestination(dest: string, dbPath: string, force: boolean): void {
  const target = realPath(dest);
  const db = realPath(dbPath);
  if ([db, `${db}-wal`, `${db}-shm`, `${db}-journal`].includes(target)) throw new UsageError(`${dest} is the database itself (DUEL_DB): name another file for the copy, e.g. backups/duels-$(date +%F).db`);
  if (!existsSync(dirname(target))) throw new UsageError(`the folder ${dirname(dest)} does not exist: create it first, or name a file in an existing folder`);
  if (!existsSync(target)) return;
  if (statSync(target).isDirectory()) throw new UsageError(`${dest} is a folder: name a file inside it, e.g. ${join(dest, 'duels.db')}`);
  if (!force) throw new UsageError(`${dest} already exists: add --force to replace it, or name a new file`, 1);
}

/** A progress line on stderr every tenth of the way, for big databases only. */
function progressPrinter(): (p: BackupProgress) => void {
  let shown = -1;
  return ({ totalPages, remainingPages }) => {
    if (totalPages < PROGRESS_FROM_PAGES) return;
    const tenth = Math.floor(((totalPages - remainingPages) / totalPages) * 10);
    if (tenth === shown) return;
    shown = tenth;
    process.stderr.write(`duel: backup ${tenth * 10}% (${totalPages - remainingPages} of ${totalPages} pages)\n`);
  };
}

export async function backupCommand(argv: string[], deps: { dbPath: string; databaseUrl?: string; open: () => Promise<Store> }): Promise<number> {
  const { values, positionals } = parse(argv, { force: { type: 'boolean' } }, USAGE);
  if (positionals.length !== 1) throw new UsageError(`name one file to write the copy to\nusage: ${USAGE}`);
  const dest = positionals[0]!;
  if (deps.databaseUrl) return printPgDump(deps.databaseUrl, dest);
  // Opening a database that is not there would create an empty one and copy that.
  if (!existsSync(deps.dbPath)) throw new UsageError(`there is no database at ${deps.dbPath} (DUEL_DB): set DUEL_DB to the bot's database file`, 1);
  checkDestination(dest, deps.dbPath, values.force === true);
  const store = await deps.open();
  try {
    const { bytes } = await store.backup(resolve(dest), progressPrinter());
    out(`Wrote a copy of ${deps.dbPath} to ${dest} (${formatBytes(bytes)}).`);
    return 0;
  } finally {
    await store.close();
  }
}

/**
 * PostgreSQL (DUEL_DATABASE_URL) is copied by its own tool, consistent while the bot writes: the
 * command goes to stdout alone (a script can run it), the explanation to stderr. Exit 3: nothing
 * was written, so a cron job that expected a file notices.
 */
function printPgDump(url: string, dest: string): number {
  process.stdout.write(`${pgDumpCommand(url, dest)}\n`);
  process.stderr.write('duel: the database is PostgreSQL (DUEL_DATABASE_URL): back it up with pg_dump, as printed above (the password comes from PGPASSWORD or ~/.pgpass; restore with pg_restore --dbname=URL FILE). Nothing was written.\n');
  return 3;
}
