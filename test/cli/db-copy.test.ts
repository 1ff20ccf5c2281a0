/**
 * `duel db copy`: a community's whole history moves from SQLite to PostgreSQL (and back) with every
 * table's rows, pictures byte for byte, and the same board: `duel leaderboard --json` is identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { COPIED_TABLES } from '../../src/core/store/copy.js';
import { openPostgresStore } from '../../src/core/store/postgres-store.js';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { freshDatabase } from '../helpers/postgres-cluster.js';
import { seedCommunity } from '../helpers/seed-duels.js';
import { postgresMissing, postgresUrl } from '../helpers/stores.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-db-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const MODELS = { DUEL_MODELS: 'ollama:qwen,anthropic:claude,ollama:finetune' };
const PICTURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255, 1, 2, 3]);

/** A SQLite database with a row in every table. */
async function seededSqlite(name: string): Promise<string> {
  const path = join(dir, name);
  const store = openSqliteStore(path);
  await seedCommunity(store, { duels: 30, honest: 5, stuffer: 'web:stuffer' });
  const [first] = (await store.listDuels({}, 1, 0)).duels;
  await store.putImage(first!.id, 'composite', PICTURE);
  await store.setting('web-voter-secret', () => 'the-secret');
  await store.takeRateToken('start', '127.0.0.1', 'tok', 5, 0, Date.now());
  await store.recordEvent('slack:Ev1', Date.now());
  await store.flagVoter({ voter: 'web:stuffer', votes: 20 } as never, 5);
  await store.cachePromptCategories('ollama:qwen', 'a pelican', ['animals'], 1);
  await store.close();
  return path;
}

function leaderboard(env: Record<string, string>) {
  return runCli(['leaderboard', '--json'], { ...MODELS, ...env });
}

it('copies every table there is (a new table must be added to the copy)', () => {
  const path = join(dir, 'tables.db');
  openSqliteStore(path).close();
  const db = new Database(path, { readonly: true });
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`).all() as Array<{ name: string }>).map((t) => t.name);
  db.close();
  expect(COPIED_TABLES.map((t) => t.name).sort()).toEqual(tables.sort());
});

it('refuses a source file that is not there, naming --from', async () => {
  const r = await runCli(['db', 'copy', '--from', join(dir, 'none.db'), '--to', join(dir, 'new.db')], MODELS);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/no database file at .*none\.db \(--from\)/);
});

const pg = postgresUrl();
describe.skipIf(!pg)(`SQLite to PostgreSQL and back${pg ? '' : `: ${postgresMissing()}`}`, () => {
  it('gives the same leaderboard JSON, the same rows, and refuses a target that holds rows', async () => {
    const sqlite = await seededSqlite('source.db');
    const url = await freshDatabase(pg!);
    const copy = await runCli(['db', 'copy', '--from', sqlite, '--to', url], MODELS);
    expect(copy.stderr).not.toMatch(/error/i);
    expect(copy.code).toBe(0);
    expect(copy.stdout).toMatch(/every count checked \(30 duels, \d+ votes, 1 images\)/);

    const before = await leaderboard({ DUEL_DB: sqlite });
    const after = await leaderboard({ DUEL_DATABASE_URL: url });
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).rows.length).toBe(3);
    expect(after.stdout).toBe(before.stdout);

    const store = await openPostgresStore(url);
    try {
      const [first] = (await store.listDuels({}, 1, 0)).duels;
      expect(await store.image(first!.id, 'composite')).toEqual(PICTURE);
      expect(await store.setting('web-voter-secret', () => 'another')).toBe('the-secret');
      expect(await store.recordEvent('slack:Ev1', Date.now())).toBe(false);
      expect((await store.voterFlags('flagged')).map((f) => f.voter)).toEqual(['web:stuffer']);
      expect(await store.cachedPromptCategories('ollama:qwen', 'a pelican')).toEqual(['animals']);
    } finally {
      await store.close();
    }

    const again = await runCli(['db', 'copy', '--from', sqlite, '--to', url], MODELS);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already holds rows \(30 in duels/);

    // And back, into a new SQLite file: the board again.
    const back = join(dir, 'back.db');
    const home = await runCli(['db', 'copy', '--from', url, '--to', back], MODELS);
    expect(home.code).toBe(0);
    expect((await leaderboard({ DUEL_DB: back })).stdout).toBe(before.stdout);
  });

  it('names the database and what to do when PostgreSQL refuses, without the password', async () => {
    const wrong = new URL(pg!);
    wrong.password = 'hunter2';
    wrong.pathname = '/no_such_database';
    const r = await runCli(['db', 'copy', '--from', await seededSqlite('refused.db'), '--to', wrong.toString()], MODELS);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no_such_database \(--to\): that database does not exist: create it/);
    expect(r.stderr).not.toContain('hunter2');
    // Both on PostgreSQL: the one that failed is named, not the first.
    const both = await runCli(['db', 'copy', '--from', await freshDatabase(pg!), '--to', wrong.toString()], MODELS);
    expect(both.code).toBe(1);
    expect(both.stderr).toMatch(/no_such_database \(--to\)/);
  });
});
