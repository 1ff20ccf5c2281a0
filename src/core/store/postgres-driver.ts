/**
 * The PostgreSQL driver of the query layer (sql.ts), over node-postgres's pool. The store's SQL is
 * written with `?` placeholders; they become `$1, $2, …` here (outside quoted text). 64-bit
 * integers and sums come back as numbers (they are epoch milliseconds and counts, far below 2^53).
 *
 * A transaction takes one transaction-scoped advisory lock, the same key in every process: the
 * store's transactions were written for SQLite, where a transaction holds the database's one write
 * lock, so a read-then-write (a rate token counted then taken, a batch of images counted then
 * deleted) never interleaves with another. Single statements (a vote, a close claim) do not take
 * it: each is atomic on its own, and most of the traffic.
 */
import pg from 'pg';
import type { Driver, Row, TxConnection } from './sql.js';

/** The advisory lock every store transaction holds: "prompt-duel" in a 64-bit key. */
const WRITE_LOCK_KEY = 0x70647565;

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** Types parsed for every connection of the store's pools (not node-postgres's global table). */
const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID || oid === NUMERIC_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

const converted = new Map<string, string>();

/** `?` → `$n`, skipping quoted text ('…' and "…"); cached per statement text. */
export function numberedPlaceholders(text: string): string {
  const known = converted.get(text);
  if (known !== undefined) return known;
  let out = '';
  let n = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
      out += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      out += ch;
    } else out += ch === '?' ? `$${++n}` : ch;
  }
  converted.set(text, out);
  return out;
}

async function run(client: pg.Pool | pg.PoolClient, text: string, params: readonly unknown[], mode: 'rows' | 'changes'): Promise<Row[] | number> {
  const r = await client.query(numberedPlaceholders(text), params as unknown[]);
  return mode === 'rows' ? (r.rows as Row[]) : (r.rowCount ?? 0);
}

export interface PostgresDriver extends Driver {
  readonly pool: pg.Pool;
}

export function postgresDriver(url: string, options: { max?: number } = {}): PostgresDriver {
  const pool = new pg.Pool({ connectionString: url, types: TYPES, max: options.max ?? 10 });
  // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const driver: PostgresDriver = {
    engine: 'postgres',
    pool,
    query: (text, params, mode) => run(pool, text, params, mode),
    // In a transaction of its own, which takes the write lock (the advisory lock).
    exclusive: async (text, params) => {
      const tx = await driver.begin();
      let changed: number;
      try {
        changed = (await tx.query(text, params, 'changes')) as number;
      } catch (err) {
        await tx.rollback();
        throw err;
      }
      await tx.commit();
      return changed;
    },
    begin: async (): Promise<TxConnection> => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK_KEY]);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release();
        throw err;
      }
      let open = true;
      const end = async (statement: string) => {
        if (!open) return;
        open = false;
        try {
          await client.query(statement);
        } catch (err) {
          if (statement === 'COMMIT') await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      };
      return {
        query: (text, params, mode) => run(client, text, params, mode),
        exec: async (text) => void (await client.query(text)),
        commit: () => end('COMMIT'),
        rollback: () => end('ROLLBACK'),
      };
    },
    close: () => pool.end(),
  };
  return driver;
}
