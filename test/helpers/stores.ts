/**
 * The store under test on each engine: SQLite in a temp file, and PostgreSQL in a fresh database
 * of the run's throwaway cluster (test/global-setup.ts). `describeEachEngine` runs a suite once per
 * engine; where PostgreSQL is not installed its half is skipped with the reason in its title.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, inject } from 'vitest';
import type { Store } from '../../src/core/store/port.js';
import { openPostgresStore } from '../../src/core/store/postgres-store.js';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { freshDatabase } from './postgres-cluster.js';

export type EngineName = 'sqlite' | 'postgres';

export interface EngineUnderTest {
  name: EngineName;
  /** A new, empty, migrated store; closed after the suite. */
  open(): Promise<Store>;
  /** A URL (PostgreSQL) or file path (SQLite) for a new empty database, for child processes. */
  location(): Promise<string>;
  /** A store on the database at `location` (migrated on open); closed after the suite. Two on one location share it. */
  openAt(location: string): Promise<Store>;
}

/** The run's PostgreSQL cluster URL, or null (with `postgresMissing()` saying why). */
export function postgresUrl(): string | null {
  return inject('postgresUrl');
}

export function postgresMissing(): string {
  return inject('postgresMissing');
}

/** An engine to test on (call it inside a describe: its stores are closed after the suite). */
export function engineUnderTest(name: EngineName): EngineUnderTest {
  const opened: Store[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close().catch(() => undefined)));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const location = async () => {
    if (name === 'postgres') return freshDatabase(postgresUrl()!);
    const dir = mkdtempSync(join(tmpdir(), 'duel-store-'));
    dirs.push(dir);
    return join(dir, 'duels.db');
  };
  const openAt = async (where: string) => {
    const store = name === 'postgres' ? await openPostgresStore(where) : openSqliteStore(where);
    opened.push(store);
    return store;
  };
  return { name, location, openAt, open: async () => openAt(await location()) };
}

/** Runs `suite` once on SQLite and once on PostgreSQL (skipped, saying why, where it is not installed). */
export function describeEachEngine(title: string, suite: (engine: EngineUnderTest) => void): void {
  describe(`${title} [sqlite]`, () => suite(engineUnderTest('sqlite')));
  if (postgresUrl()) describe(`${title} [postgres]`, () => suite(engineUnderTest('postgres')));
  else describe.skip(`${title} [postgres]: ${postgresMissing()}`, () => suite(engineUnderTest('postgres')));
}
