/**
 * `duel backup FILE` while another process keeps writing (as `duel serve` does): the copy passes
 * SQLite's integrity check and holds every row written before the backup started. The writer is a
 * separate process on the built store (dist/), voting in a loop until it is stopped; the database
 * holds megabytes of pictures so the copy takes several steps, between which the writer writes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { freshDatabase } from '../helpers/postgres-cluster.js';
import { seedClosedDuel } from '../helpers/seed-duels.js';
import { postgresMissing, postgresUrl } from '../helpers/stores.js';
import { ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-backup-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Votes as `writer:<i>` on one open duel until SIGTERM; prints `ready` after its first vote. */
const WRITER_SOURCE = `
import { openSqliteStore } from ${JSON.stringify(pathToFileURL(join(ROOT, 'dist/core/store/sqlite-store.js')).href)};
const [db, duelId] = process.argv.slice(2);
const store = openSqliteStore(db);
let stop = false;
process.on('SIGTERM', () => (stop = true));
for (let i = 0; !stop; i++) {
  await store.setVote(duelId, 'writer:' + i, i % 2 ? 'A' : 'B', Date.now());
  if (i === 0) process.stdout.write('ready\\n');
  await new Promise((r) => setImmediate(r));
}
await store.close();
`;

const PICTURES = 24;

/** A database with closed duels, votes and about 24 MB of pictures, plus one open duel for the writer. */
async function seed(db: string): Promise<{ votes: number }> {
  const store = openSqliteStore(db);
  const now = Date.now();
  let votes = 0;
  for (let i = 0; i < PICTURES; i++) {
    const id = await seedClosedDuel(store, { a: 'fake:a', b: 'fake:b', votes: [[`v${i}`, 'A'], [`w${i}`, 'B']] }, now - 86_400_000 + i);
    await store.putImage(id, 'composite', randomBytes(1024 * 1024));
    votes += 2;
  }
  await store.insertDuel({
    id: 'busy', platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:me', prompt: 'a busy duel',
    aSpec: 'fake:a', bSpec: 'fake:b', createdAt: now, closesAt: now + 3_600_000, closedAt: null, status: 'open', flags: [],
  });
  await store.close();
  return { votes };
}

function writerVotes(db: string): number {
  const read = new Database(db, { readonly: true });
  try {
    return (read.prepare(`SELECT COUNT(*) AS n FROM votes WHERE duel_id = 'busy'`).get() as { n: number }).n;
  } finally {
    read.close();
  }
}

async function startWriter(db: string): Promise<ChildProcess> {
  const script = join(dir, 'writer.mjs');
  writeFileSync(script, WRITER_SOURCE);
  const child = spawn(process.execPath, [script, db, 'busy'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('close', () => reject(new Error(`the writer exited before it wrote:\n${err}`)));
  });
  return child;
}

describe('duel backup', () => {
  it('copies a database another process keeps writing: integrity ok, every earlier row kept', async () => {
    const db = join(dir, 'live.db');
    const seeded = await seed(db);
    const writer = await startWriter(db);
    const before = writerVotes(db);
    const copy = join(dir, 'copy.db');

    const r = await runCli(['backup', copy], { DUEL_DB: db, DUEL_CONTENDERS: 'ollama:a,ollama:b' });
    const after = writerVotes(db);
    const stopped = new Promise((resolve) => writer.on('close', resolve));
    writer.kill('SIGTERM');
    await stopped;

    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(copy);
    expect(r.stdout).toMatch(/\(\d+(\.\d)? MB\)/);
    // The writer kept writing while the copy was made.
    expect(after).toBeGreaterThan(before);
    expect(existsSync(`${copy}-wal`)).toBe(false);
    expect(statSync(copy).size).toBeGreaterThan(PICTURES * 1024 * 1024);

    const read = new Database(copy, { readonly: true });
    try {
      expect(read.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((read.prepare(`SELECT COUNT(*) AS n FROM votes WHERE duel_id != 'busy'`).get() as { n: number }).n).toBe(seeded.votes);
      expect((read.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(PICTURES);
      // Every vote the writer had made when the backup started is in the copy.
      expect((read.prepare(`SELECT COUNT(*) AS n FROM votes WHERE duel_id = 'busy'`).get() as { n: number }).n).toBeGreaterThanOrEqual(before);
    } finally {
      read.close();
    }
  });

  it('refuses an existing file unless --force, and the database itself', async () => {
    const db = join(dir, 'small.db');
    const store = openSqliteStore(db);
    await seedClosedDuel(store, { a: 'fake:a', b: 'fake:b', votes: [['v', 'A']] }, Date.now());
    await store.close();
    const env = { DUEL_DB: db, DUEL_CONTENDERS: 'ollama:a,ollama:b' };
    const copy = join(dir, 'small-copy.db');
    writeFileSync(copy, 'an older copy');

    const refused = await runCli(['backup', copy], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists: add --force');

    const forced = await runCli(['backup', copy, '--force'], env);
    expect(forced.code).toBe(0);
    const read = new Database(copy, { readonly: true });
    expect((read.prepare('SELECT COUNT(*) AS n FROM votes').get() as { n: number }).n).toBe(1);
    read.close();

    const itself = await runCli(['backup', db, '--force'], env);
    expect(itself.code).toBe(2);
    expect(itself.stderr).toContain('is the database itself (DUEL_DB)');

    const missing = await runCli(['backup', join(dir, 'x.db')], { ...env, DUEL_DB: join(dir, 'nothing.db') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('there is no database at');
    expect(existsSync(join(dir, 'nothing.db'))).toBe(false);
  });

  it('copies the database as it is, without upgrading it first', async () => {
    // A database an older version left: its schema version is behind this one's migrations.
    const db = join(dir, 'older.db');
    const old = new Database(db);
    old.exec('CREATE TABLE duels (id TEXT PRIMARY KEY); INSERT INTO duels VALUES (\'d1\'); PRAGMA user_version = 1;');
    old.close();
    const copy = join(dir, 'older-copy.db');
    const r = await runCli(['backup', copy], { DUEL_DB: db, DUEL_CONTENDERS: 'ollama:a,ollama:b' });
    expect(r.code).toBe(0);
    for (const file of [db, copy]) {
      const read = new Database(file, { readonly: true });
      expect(read.pragma('user_version', { simple: true })).toBe(1);
      expect(read.prepare(`SELECT name FROM sqlite_master WHERE name = 'votes'`).get()).toBeUndefined();
      read.close();
    }
  });
});

const pg = postgresUrl();
describe.skipIf(!pg)(`duel backup on PostgreSQL${pg ? '' : `: ${postgresMissing()}`}`, () => {
  it('prints the pg_dump command without the password, writes nothing, and exits 3', async () => {
    const url = new URL(await freshDatabase(pg!));
    url.password = 's3cret';
    const dest = join(dir, 'pg.dump');
    const r = await runCli(['backup', dest], { DUEL_DATABASE_URL: url.toString(), DUEL_CONTENDERS: 'ollama:a,ollama:b' });
    expect(r.code).toBe(3);
    url.password = '';
    expect(r.stdout).toBe(`pg_dump --format=custom --file='${dest}' '${url.toString()}'\n`);
    expect(r.stderr).toMatch(/back it up with pg_dump.*PGPASSWORD.*Nothing was written/);
    expect(r.stdout + r.stderr).not.toContain('s3cret');
    expect(existsSync(dest)).toBe(false);
  });
});
