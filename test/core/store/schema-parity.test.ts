/**
 * One schema on two engines: a fresh SQLite database (migrations.ts) and a fresh PostgreSQL one
 * (postgres-migrations.ts) have the same tables with the same columns, each as nullable on both,
 * and stand at the same schema version. Column types differ by design (SQLite stores any value in
 * any column); postgres-migrations.ts says which PostgreSQL type each kind of column takes.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/core/store/migrations.js';
import { POSTGRES_MIGRATIONS } from '../../../src/core/store/postgres-migrations.js';
import { describeEachEngine, engineUnderTest, postgresMissing, postgresUrl, type EngineUnderTest } from '../../helpers/stores.js';

/** table → column → 'null' | 'not null', and the schema version. */
interface Schema {
  tables: Record<string, Record<string, 'null' | 'not null'>>;
  version: number;
}

/** The table that records PostgreSQL's version (SQLite keeps it in PRAGMA user_version). */
const VERSION_TABLE = 'schema_version';

function sqliteSchema(path: string): Schema {
  const db = new Database(path, { readonly: true });
  try {
    const names = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as Array<{ name: string }>;
    const tables: Schema['tables'] = {};
    for (const { name } of names) {
      const columns = db.prepare(`SELECT name, "notnull", pk FROM pragma_table_info(?)`).all(name) as Array<{ name: string; notnull: number; pk: number }>;
      // A PRIMARY KEY column is NOT NULL in PostgreSQL; SQLite (for a key that is not an INTEGER rowid alias)
      // keeps a historical quirk that lets it hold NULL, but the store never writes one: both count as NOT NULL.
      tables[name] = Object.fromEntries(columns.map((c) => [c.name, c.notnull || c.pk ? 'not null' : 'null'] as const));
    }
    return { tables, version: db.pragma('user_version', { simple: true }) as number };
  } finally {
    db.close();
  }
}

async function postgresSchema(url: string): Promise<Schema> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const rows = (
      await client.query<{ table_name: string; column_name: string; is_nullable: string }>(
        `SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      )
    ).rows;
    const tables: Schema['tables'] = {};
    for (const r of rows) {
      if (r.table_name === VERSION_TABLE) continue;
      (tables[r.table_name] ??= {})[r.column_name] = r.is_nullable === 'YES' ? 'null' : 'not null';
    }
    const version = (await client.query<{ v: number }>(`SELECT MAX(version)::int AS v FROM ${VERSION_TABLE}`)).rows[0].v;
    return { tables, version };
  } finally {
    await client.end();
  }
}

/** A fresh database of the engine, migrated by opening a store on it, then read back as a Schema. */
async function freshSchema(engine: EngineUnderTest): Promise<Schema> {
  const location = await engine.location();
  await (await engine.openAt(location)).close();
  return engine.name === 'sqlite' ? sqliteSchema(location) : postgresSchema(location);
}

describe('the two schemas', () => {
  it('end at the same migration number', () => {
    const last = (list: ReadonlyArray<{ version: number }>) => Math.max(...list.map((m) => m.version));
    expect(last(POSTGRES_MIGRATIONS)).toBe(last(MIGRATIONS));
  });
});

describeEachEngine('a fresh database', (engine) => {
  it('stands at the last migration', async () => {
    const schema = await freshSchema(engine);
    expect(schema.version).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(Object.keys(schema.tables)).toContain('duels');
  });
});

(postgresUrl() ? describe : describe.skip)(`SQLite and PostgreSQL${postgresUrl() ? '' : `: ${postgresMissing()}`}`, () => {
  const sqlite = engineUnderTest('sqlite');
  const postgres = engineUnderTest('postgres');
  it('have the same tables, with the same columns, each nullable on both or on neither, at the same version', async () => {
    const [a, b] = await Promise.all([freshSchema(sqlite), freshSchema(postgres)]);
    const sorted = (s: Schema) =>
      Object.fromEntries(
        Object.entries(s.tables)
          .sort(([x], [y]) => x.localeCompare(y))
          .map(([t, cols]) => [t, Object.fromEntries(Object.entries(cols).sort(([x], [y]) => x.localeCompare(y)))]),
      );
    expect(sorted(b)).toEqual(sorted(a));
    expect(Object.keys(a.tables).length).toBeGreaterThanOrEqual(10);
    expect(b.version).toBe(a.version);
  });
});
