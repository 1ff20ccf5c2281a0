/**
 * The asynchronous Store port over the synchronous SQLite connection.
 *
 * better-sqlite3's own transaction function cannot span an await, so a transaction here is
 * explicit: BEGIN IMMEDIATE (the write lock from the start, waiting up to BUSY_TIMEOUT_MS for
 * another process), the caller's function, then COMMIT, or ROLLBACK when it throws. One connection
 * holds one transaction at a time: a lock in the process (first come, first served) serializes
 * them. While a transaction runs, store calls made from within it (through the `tx` it is given,
 * or through the store itself: the transaction is found by its async context) run inside it; calls
 * made anywhere else wait until it is over, so they never land in it by accident. With no
 * transaction running, a call runs at once, as the synchronous driver did.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Store, Synchronous } from './port.js';
import type { SqliteConnection } from './sqlite-connection.js';

/** The Store's rows: everything but the path, transactions, the backup and closing. */
export type StoreRows = Omit<Store, 'path' | 'transaction' | 'backup' | 'close'>;

/** A transaction in progress: `active` until it commits or rolls back. */
interface Scope {
  active: boolean;
  tx: Store;
}

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

/** Runs a synchronous call and answers with a promise (a throw becomes a rejection). */
function settled<R>(f: () => R): Promise<R> {
  try {
    return Promise.resolve(f());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Every row method of `rows`, answered through `run`. */
function wrapRows(rows: Synchronous<StoreRows>, run: <R>(f: () => R) => Promise<R>): StoreRows {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(rows)) {
    const call = method as (...args: unknown[]) => unknown;
    out[name] = (...args: unknown[]) => run(() => call(...args));
  }
  return out as unknown as StoreRows;
}

export function asyncSqliteStore(sql: SqliteConnection, rows: Synchronous<StoreRows>, backup: Store['backup']): Store {
  const lock = new ConnectionLock();
  const scopes = new AsyncLocalStorage<Scope>();
  let savepoints = 0;

  /** A call outside any transaction: at once when the connection is free, else after what holds it. */
  const outside = <R>(f: () => R): Promise<R> => {
    if (scopes.getStore()?.active || !lock.busy) return settled(f);
    return lock.acquire().then(() => {
      try {
        return f();
      } finally {
        lock.release();
      }
    });
  };

  /** A transaction inside a running one: a savepoint, rolled back alone when `fn` throws. */
  async function nested<T>(scope: Scope, fn: (tx: Store) => Promise<T>): Promise<T> {
    const name = `nested_${++savepoints}`;
    sql.savepoint(name);
    let result: T;
    try {
      result = await fn(scope.tx);
    } catch (err) {
      sql.rollbackTo(name);
      throw err;
    }
    sql.release(name);
    return result;
  }

  async function transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    const running = scopes.getStore();
    if (running?.active) return nested(running, fn);
    await lock.acquire();
    try {
      sql.begin();
      const scope: Scope = { active: true, tx: undefined as unknown as Store };
      scope.tx = scopedStore(scope);
      let result: T;
      try {
        result = await scopes.run(scope, () => fn(scope.tx));
        scope.active = false;
        sql.commit();
      } catch (err) {
        scope.active = false;
        sql.rollback();
        throw err;
      }
      return result;
    } finally {
      lock.release();
    }
  }

  /** The store as a transaction sees it; once the transaction is over, its calls run outside. */
  function scopedStore(scope: Scope): Store {
    return {
      ...wrapRows(rows, (f) => (scope.active ? settled(f) : outside(f))),
      path: sql.path,
      transaction: (fn) => (scope.active ? nested(scope, fn) : transaction(fn)),
      backup,
      close: () => outside(() => sql.close()),
    };
  }

  return {
    ...wrapRows(rows, outside),
    path: sql.path,
    transaction,
    // Runs beside the process's other calls: the backup reads its own snapshot step by step.
    backup,
    close: () => outside(() => sql.close()),
  };
}
