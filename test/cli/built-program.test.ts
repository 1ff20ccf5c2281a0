/**
 * `duel` is plain JavaScript built at install time (dist/), not TypeScript compiled at run time:
 * it starts in a small address space, says what to do when it was never built, and loads the
 * heavy SDKs only when a command needs them.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module resolve hook that records every bare package a process imports, one per line. */
function traceImports(): { args: string[]; packages: () => string[] } {
  const log = join(dir, `imports-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = join(dir, 'trace-hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(node:|[./]|file:|data:)/.test(specifier)) appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}\n`,
  );
  const register = join(dir, 'trace-register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
  writeFileSync(log, '');
  return { args: ['--import', register], packages: () => [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] };
}

describe('the built program', () => {
  it('prints its help under a 4 GB address-space limit (no TypeScript loader at run time)', () => {
    const r = spawnSync('bash', ['-c', `ulimit -v 4000000 && exec "${process.execPath}" "${BIN}" --help`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('duel run "<prompt>"');
  });

  it('says to run the build when dist/ is missing', () => {
    const root = join(dir, 'unbuilt');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(BIN, join(root, 'bin', 'duel.mjs'));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'duel.mjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/dist\/cli\.js is missing\): run `npm run build`/);
  });

  it('loads no SDK, database or renderer to print its help', () => {
    const trace = traceImports();
    const r = spawnSync(process.execPath, [...trace.args, BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(trace.packages()).toEqual([]);
  });

  it('loads neither chat SDK for a command that needs no chat', () => {
    const trace = traceImports();
    const db = join(dir, 'duels.db');
    const r = spawnSync(process.execPath, [...trace.args, BIN, 'vote', 'no-such-duel', 'A', '--voter', 'cli:me'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', DUEL_DB: db },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-duel/);
    const loaded = trace.packages();
    expect(loaded).toContain('better-sqlite3');
    for (const sdk of ['discord.js', '@slack/bolt', 'playwright-core']) expect(loaded).not.toContain(sdk);
  });
});
