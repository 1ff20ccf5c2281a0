/**
 * `duel db copy`: everything one database keeps, copied into another, on either engine (SQLite to
 * PostgreSQL to move up, or back). Both are migrated to this version first, so they have the same
 * tables and columns (test/core/store/schema-parity.test.ts); rows are read a page at a time in
 * key order and written in one transaction on the target, so a copy that fails leaves the target
 * as it was. Counts are compared table by table at the end.
 */
import { isPostgresLocation } from './location.js';
import { openPostgresDriver } from './postgres-store.js';
import { placeholders, scopedSql, type Row, type Sql } from './sql.js';
import { SqliteConnection } from './sqlite-connection.js';
import { sqliteDriver } from './sqlite-driver.js';

/** Every table, parents before the rows that reference them, with the key a page is ordered by. */
export const COPIED_TABLES: ReadonlyArray<{ name: string; key: readonly string[]; page: number }> = [
  { name: 'duels', key: ['id'], page: 500 },
  { name: 'entries', key: ['duel_id', 'side'], page: 200 },
  { name: 'drawing_facts', key: ['duel_id', 'side'], page: 500 },
  // Pictures are the large rows: few at a time.
  { name: 'images', key: ['duel_id', 'kind'], page: 20 },
  { name: 'votes', key: ['duel_id', 'voter'], page: 1000 },
  { name: 'events', key: ['event_id'], page: 1000 },
  { name: 'settings', key: ['key'], page: 1000 },
  { name: 'rate_tokens', key: ['kind', 'subject', 'token'], page: 1000 },
  { name: 'voter_flags', key: ['voter'], page: 1000 },
  { name: 'prompt_categories', key: ['model', 'prompt'], page: 1000 },
];

export interface CopyProgress {
  table: string;
  copied: number;
  total: number;
}

/** A table whose count differs after the copy, or that the target already held. */
export class CopyError extends Error {}

/** One of the two databases could not be opened: which one, and why. */
export class CopyOpenError extends Error {
  constructor(
    readonly side: 'from' | 'to',
    readonly location: string,
    override readonly cause: Error & { code?: string },
  ) {
    super(cause.message);
  }
}

async function openSide(side: 'from' | 'to', location: string): Promise<Opened> {
  try {
    return await openLocation(location);
  } catch (err) {
    throw new CopyOpenError(side, location, err as Error);
  }
}

interface Opened {
  sql: Sql;
  close(): Promise<void>;
}

/** A database by its location (a postgres:// URL or a SQLite file path), migrated to this version. */
async function openLocation(location: string): Promise<Opened> {
  if (isPostgresLocation(location)) {
    const driver = await openPostgresDriver(location);
    return { sql: scopedSql(driver), close: () => driver.close() };
  }
  const driver = sqliteDriver(new SqliteConnection(location));
  return { sql: scopedSql(driver), close: () => driver.close() };
}

async function counts(sql: Sql): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const t of COPIED_TABLES) out.set(t.name, (await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t.name}`))!.n);
  return out;
}

async function copyTable(from: Sql, to: Sql, table: (typeof COPIED_TABLES)[number], total: number, onProgress: (p: CopyProgress) => void): Promise<void> {
  let copied = 0;
  onProgress({ table: table.name, copied, total });
  for (let offset = 0; offset < total; offset += table.page) {
    const rows = await from.all<Row>(`SELECT * FROM ${table.name} ORDER BY ${table.key.join(', ')} LIMIT ? OFFSET ?`, [table.page, offset]);
    if (rows.length > 0) {
      // One statement per page: both engines take a few thousand values in one INSERT.
      const columns = Object.keys(rows[0]!);
      const values = rows.map(() => `(${placeholders(columns.length)})`).join(', ');
      await to.run(`INSERT INTO ${table.name} (${columns.join(', ')}) VALUES ${values}`, rows.flatMap((row) => columns.map((c) => row[c])));
    }
    copied += rows.length;
    onProgress({ table: table.name, copied, total });
    if (rows.length < table.page) break;
  }
}

/**
 * Copies every row of `fromLocation` into the empty database at `toLocation`. Answers the rows
 * copied per table; throws CopyError when the target is not empty or a count differs afterwards.
 */
export async function copyDatabase(fromLocation: string, toLocation: string, onProgress: (p: CopyProgress) => void = () => undefined): Promise<Map<string, number>> {
  const from = await openSide('from', fromLocation);
  try {
    const to = await openSide('to', toLocation);
    try {
      const wanted = await counts(from.sql);
      const already = [...(await counts(to.sql))].filter(([, n]) => n > 0);
      if (already.length > 0) {
        throw new CopyError(`the target already holds rows (${already.map(([t, n]) => `${n} in ${t}`).join(', ')}): copy into a new, empty database, so nothing is mixed or overwritten.`);
      }
      // Counted inside the transaction: a copy whose counts differ is rolled back, never left half right.
      return await to.sql.transaction(async () => {
        for (const table of COPIED_TABLES) await copyTable(from.sql, to.sql, table, wanted.get(table.name)!, onProgress);
        const got = await counts(to.sql);
        const differ = COPIED_TABLES.filter((t) => got.get(t.name) !== wanted.get(t.name));
        if (differ.length > 0) {
          throw new CopyError(`the copy's counts differ from the source: ${differ.map((t) => `${t.name} ${got.get(t.name)} of ${wanted.get(t.name)}`).join(', ')}. Was the bot still writing to the source? Stop it and copy again; nothing was written.`);
        }
        return got;
      });
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}
