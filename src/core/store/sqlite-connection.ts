/**
 * One SQLite connection (better-sqlite3, WAL): opened, migrated, with its statements compiled once.
 * The driver is synchronous; sqlite-driver.ts puts the asynchronous query layer (sql.ts) over it. A
 * write is committed before its promise resolves, so a vote acknowledged to a platform is already
 * on disk.
 *
 * Several processes may share one database file (`duel serve` and `duel vote`, say). A writer
 * waits for another one up to BUSY_TIMEOUT_MS instead of failing, and every transaction takes
 * the write lock when it begins (IMMEDIATE): a deferred one that reads and then writes cannot
 * wait for the lock once another process has written meanwhile, and SQLite fails it at once
 * with SQLITE_BUSY ("database is locked").
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { MIGRATIONS } from './migrations.js';

/** How long a statement waits for another process's write lock before failing, in ms. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir never returns where mkdir answers
 * ENOENT for a parent that exists (under /proc it spins forever); here that error is thrown, as
 * is ENOTDIR when a parent is a file, with the failing path in the error.
 */
function ensureFolder(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

export class SqliteConnection {
  private readonly db: Database.Database;
  /** Statements compiled once and reused, by SQL text (the filtered queries have a few shapes each). */
  private readonly statements = new Map<string, Database.Statement>();

  /** `migrate: false` opens the file as it is (a backup copies it without upgrading it first). */
  constructor(
    readonly path: string,
    options: { migrate?: boolean } = {},
  ) {
    if (path !== ':memory:') ensureFolder(dirname(path));
    this.db = new Database(path);
    // First, so that even switching to WAL waits for a process that holds the database.
    this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    if (options.migrate !== false) this.migrate();
  }

  private migrate(): void {
    for (const m of MIGRATIONS) {
      // The version is read under the write lock: two processes starting at once on a new file
      // must not both apply a migration.
      this.db
        .transaction(() => {
          if ((this.db.pragma('user_version', { simple: true }) as number) >= m.version) return;
          this.db.exec(m.sql);
          this.db.pragma(`user_version = ${m.version}`);
        })
        .immediate();
    }
  }

  stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * The statements of a transaction that spans awaits (sqlite-driver.ts): better-sqlite3's
   * own transaction function cannot. BEGIN IMMEDIATE takes the write lock at once, waiting up to
   * BUSY_TIMEOUT_MS for another process.
   */
  begin(): void {
    // Prepared once like every other statement: a vote is one transaction, so this runs per vote.
    this.stmt('BEGIN IMMEDIATE').run();
  }

  commit(): void {
    this.stmt('COMMIT').run();
  }

  /** Rolls back the open transaction, if SQLite has not already. */
  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  /** Runs statements with no result (SAVEPOINT …, RELEASE …). */
  exec(text: string): void {
    this.db.exec(text);
  }

  /**
   * better-sqlite3's online backup into the new file `dest`: pages copied in steps between which
   * others may write; `progress` answers each step with how many pages to copy next.
   */
  backupTo(dest: string, progress: (p: { totalPages: number; remainingPages: number }) => number): Promise<unknown> {
    return this.db.backup(dest, { progress });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
