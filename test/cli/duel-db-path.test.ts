/**
 * DUEL_DB paths that would lose data or leave litter (issue 16 part 7): `:memory:` and device
 * files are refused with one line naming DUEL_DB; a leading `~` is the home folder. The real
 * `duel` command, as a child process.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/config.js';
import { runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-db-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusedLine(env: Record<string, string>): Promise<string> {
  const r = await runCli(['export'], env, { cwd: dir });
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  return lines[0]!;
}

describe('DUEL_DB', () => {
  it('refuses :memory:, which would lose everything at exit', async () => {
    expect(await refusedLine({ DUEL_DB: ':memory:' })).toMatch(/DUEL_DB is ":memory:": an in-memory database loses every duel and vote .*Name a file/);
    expect(() => loadConfig({ DUEL_DB: 'file::memory:?cache=shared' })).toThrow(/DUEL_DB/);
  });

  it('refuses device files, leaving no journal beside them', async () => {
    for (const device of ['/dev/null', '/dev/zero']) {
      expect(await refusedLine({ DUEL_DB: device })).toBe(`duel: DUEL_DB is "${device}": that is a device, pipe or socket, not a file, so nothing would be kept. Name a database file, such as data/duels.db.`);
      expect(existsSync(`${device}-journal`)).toBe(false);
    }
  });

  it('expands a leading ~ to HOME instead of creating a folder named ~', async () => {
    const home = join(dir, 'home');
    mkdirSync(home);
    const r = await runCli(['export'], { DUEL_DB: '~/duels.db', HOME: home }, { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(home, 'duels.db'))).toBe(true);
    expect(existsSync(join(dir, '~'))).toBe(false);
    expect(loadConfig({ DUEL_DB: '~', HOME: '/home/x/' }).dbPath).toBe('/home/x');
    expect(() => loadConfig({ DUEL_DB: '~/d.db' })).toThrow(/HOME is not set/);
    expect(() => loadConfig({ DUEL_DB: '~bob/d.db', HOME: '/h' })).toThrow(/only ~ and ~\/ .* are expanded/);
  });
});
