/**
 * The SQLite driver of the query layer (sql.ts) over one better-sqlite3 connection. The driver is
 * synchronous, so a statement runs at once; a transaction spans awaits, so it is explicit (BEGIN
 * IMMEDIATE, the write lock from the start, waiting up to BUSY_TIMEOUT_MS for another process).
 * One connection holds one transaction at a time: a lock in the process (first come, first served)
 * serializes them, and a statement from outside the transaction waits until it is over, so it
 * never lands in it by accident.
 */
import type { Driver, Row, TxConnection } from './sql.js';
import type { SqliteConnection } from './sqlite-connection.js';

/** First come, first served: who holds the connection for a transaction (or a call queued behind one). */
class ConnectionLock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  get busy(): boolean {
    return this.held;
  }

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.held = false;
  }
}

function runNow(db: SqliteConnection, text: string, params: readonly unknown[], mode: 'rows' | 'changes'): Row[] | number {
  const s = db.stmt(text);
  return mode === 'rows' ? (s.all(...params) as Row[]) : s.run(...params).changes;
}

export function sqliteDriver(db: SqliteConnection): Driver {
  const lock = new ConnectionLock();
  const settled = <R>(f: () => R): Promise<R> => {
    try {
      return Promise.resolve(f());
    } catch (err) {
      return Promise.reject(err);
    }
  };
  /** A statement outside any transaction: at once when the connection is free, else after what holds it. */
  const outside = (text: string, params: readonly unknown[], mode: 'rows' | 'changes') => {
    if (!lock.busy) return settled(() => runNow(db, text, params, mode));
    return lock.acquire().then(() => {
      try {
        return runNow(db, text, params, mode);
      } finally {
        lock.release();
      }
    });
  };
  return {
    engine: 'sqlite',
    query: outside,
    // Every SQLite write holds the database's one write lock already; an explicit transaction
    // would span an await and only add waiting (two connections of one process would wait on each other).
    exclusive: (text, params) => outside(text, params, 'changes') as Promise<number>,
    begin: async (): Promise<TxConnection> => {
      await lock.acquire();
      try {
        db.begin();
      } catch (err) {
        lock.release();
        throw err;
      }
      let open = true;
      const end = (f: () => void) => {
        if (!open) return Promise.resolve();
        open = false;
        try {
          f();
          return Promise.resolve();
        } catch (err) {
          return Promise.reject(err);
        } finally {
          lock.release();
        }
      };
      return {
        query: (text, params, mode) => settled(() => runNow(db, text, params, mode)),
        exec: (text) => settled(() => db.exec(text)),
        // A COMMIT that fails (another process held the lock too long) leaves the transaction open: roll it back.
        commit: () =>
          end(() => {
            try {
              db.commit();
            } catch (err) {
              db.rollback();
              throw err;
            }
          }),
        rollback: () => end(() => db.rollback()),
      };
    },
    // After the work queued on the connection: a transaction running now commits first. With
    // nothing queued it closes at once, as the synchronous driver does (the file is released
    // before the caller's next statement).
    close: () => {
      if (!lock.busy) return settled(() => db.close());
      return lock.acquire().then(() => {
        try {
          db.close();
        } finally {
          lock.release();
        }
      });
    },
  };
}
