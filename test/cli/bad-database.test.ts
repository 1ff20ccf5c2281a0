/**
 * A DUEL_DB the program cannot use stops every command with one line that names DUEL_DB and the
 * path and says what to do: exit 1, no stack trace, and no hang (under /proc, Node's recursive
 * mkdir used to spin forever). A read-only filesystem is not covered here (it needs a mount);
 * the same message path handles EROFS/EACCES.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-bad-db-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refused(dbPath: string, explanation: RegExp): Promise<void> {
  const r = await runCli(['export'], { DUEL_DB: dbPath }, { timeoutMs: 60_000 });
  expect(r.code, r.stderr).toBe(1);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toContain(`DUEL_DB is "${dbPath}"`);
  expect(lines[0]).toMatch(explanation);
}

describe('a DUEL_DB that cannot be used', () => {
  it('whose folder is a file', async () => {
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    await refused(join(dir, 'a-file', 'duels.db'), /a-file is a file, not a folder: set DUEL_DB to a file in a folder/);
    await refused(join(dir, 'a-file', 'deeper', 'duels.db'), /part of its folder is a file, not a folder/);
  });

  it('under /proc, where no folder can be made (it used to spin forever)', async () => {
    await refused('/proc/x/y.db', /its folder \/proc\/x cannot be created there/);
  });

  it('that is a folder', async () => {
    await refused(dir, /that is a folder: name a file inside it/);
  });

  it('that is not a database', async () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'shopping list: eggs, milk, a pelican\n'.repeat(200));
    await refused(path, /not a SQLite database/);
  });

  it('that is damaged', async () => {
    const path = join(dir, 'damaged.db');
    openSqliteStore(path).close();
    // Overwrite the schema page after SQLite's 100-byte header: the file still says it is a database.
    const fd = openSync(path, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0xab), 0, 3000, 100);
    closeSync(fd);
    await refused(path, /damaged .*restore it from a backup, or set DUEL_DB to a new file name/);
  });
});
