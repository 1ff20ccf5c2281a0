/**
 * The one query layer both engines run: every statement of the store is written once, in the SQL
 * that SQLite and PostgreSQL both accept (`?` placeholders, ON CONFLICT upserts, CASE instead of
 * boolean arithmetic, quoted upper-case aliases), and handed to a driver. A driver runs a text on
 * its engine (sqlite-driver.ts, postgres-driver.ts); this file puts transactions over it, the same
 * for both.
 *
 * Why not a query builder (Kysely): the queries were already plain SQL, reviewed and indexed; the
 * differences between the two engines came down to a handful of spellings, now avoided. A builder
 * would rewrite sixty reviewed statements to gain types the row codecs already give.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export type Row = Record<string, unknown>;
export type Engine = 'sqlite' | 'postgres';

/** Runs statements: in a transaction when called inside one (found by async context), else on their own. */
export interface Sql {
  readonly engine: Engine;
  all<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
  get<T = Row>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** A statement that returns no rows; answers how many rows it changed. */
  run(text: string, params?: readonly unknown[]): Promise<number>;
  /** Runs `fn` as one transaction (a savepoint inside another one): all of its writes land, or none. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * One write that must not fall inside another process's transaction (a close between a vote's
   * read and its write): the driver runs it under its write lock. Inside a transaction it is one
   * more statement of it.
   */
  runExclusive(text: string, params?: readonly unknown[]): Promise<number>;
}

/** One connection that holds an open transaction until commit or rollback. */
export interface TxConnection {
  query(text: string, params: readonly unknown[], mode: 'rows' | 'changes'): Promise<Row[] | number>;
  /** Runs a statement with no result (BEGIN, SAVEPOINT …). */
  exec(text: string): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/** What an engine gives: statements outside transactions, and a connection for one. */
export interface Driver {
  readonly engine: Engine;
  query(text: string, params: readonly unknown[], mode: 'rows' | 'changes'): Promise<Row[] | number>;
  /** A connection with a transaction begun that holds the engine's write lock (so read-then-write is safe). */
  begin(): Promise<TxConnection>;
  /** One write under the engine's write lock (see Sql.runExclusive); answers the rows changed. */
  exclusive(text: string, params: readonly unknown[]): Promise<number>;
  close(): Promise<void>;
}

interface Scope {
  conn: TxConnection;
  active: boolean;
}

/**
 * Statements over `driver`, with transactions found by async context: a call made from within
 * `transaction(fn)` (however deep) runs on the transaction's connection; any other call runs on its
 * own (SQLite's driver makes it wait while another transaction holds the connection).
 */
export function scopedSql(driver: Driver): Sql {
  const scopes = new AsyncLocalStorage<Scope>();
  let savepoints = 0;

  const query = (text: string, params: readonly unknown[], mode: 'rows' | 'changes') => {
    const scope = scopes.getStore();
    return scope?.active ? scope.conn.query(text, params, mode) : driver.query(text, params, mode);
  };

  async function nested<T>(scope: Scope, fn: () => Promise<T>): Promise<T> {
    const name = `nested_${++savepoints}`;
    await scope.conn.exec(`SAVEPOINT ${name}`);
    let result: T;
    try {
      result = await fn();
    } catch (err) {
      await scope.conn.exec(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => undefined);
      await scope.conn.exec(`RELEASE SAVEPOINT ${name}`).catch(() => undefined);
      throw err;
    }
    await scope.conn.exec(`RELEASE SAVEPOINT ${name}`);
    return result;
  }

  async function transaction<T>(fn: () => Promise<T>): Promise<T> {
    const running = scopes.getStore();
    if (running?.active) return nested(running, fn);
    const scope: Scope = { conn: await driver.begin(), active: true };
    let result: T;
    try {
      result = await scopes.run(scope, fn);
    } catch (err) {
      scope.active = false;
      await scope.conn.rollback();
      throw err;
    }
    scope.active = false;
    await scope.conn.commit();
    return result;
  }

  return {
    engine: driver.engine,
    all: async <T>(text: string, params: readonly unknown[] = []) => (await query(text, params, 'rows')) as T[],
    get: async <T>(text: string, params: readonly unknown[] = []) => ((await query(text, params, 'rows')) as T[])[0],
    run: async (text, params = []) => (await query(text, params, 'changes')) as number,
    transaction,
    runExclusive: async (text, params = []) => {
      const scope = scopes.getStore();
      return scope?.active ? ((await scope.conn.query(text, params, 'changes')) as number) : driver.exclusive(text, params);
    },
  };
}

/** `?, ?, ?` for a list of `n` values (n ≥ 1). */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/**
 * Runs `each` over `items` in slices small enough for either engine's limit on bound values
 * (SQLite 32,766, PostgreSQL 65,535), concatenating the answers.
 */
export async function inSlices<I, R>(items: readonly I[], each: (slice: readonly I[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += 500) out.push(...(await each(items.slice(i, i + 500))));
  return out;
}
