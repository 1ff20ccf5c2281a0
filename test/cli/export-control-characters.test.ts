/**
 * `duel export` of rows stored before prompts were checked (issue 16 part 5): a prompt holding
 * terminal escape sequences (window title, OSC 52 clipboard write, screen clear, 8-bit CSI) is
 * exported with none of them raw, as CSV and as JSON lines, by the real command as a child process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { seedClosedDuel } from '../helpers/seed-duels.js';
import { runCli } from './run-cli.js';

const HOSTILE = 'a pelican\u001b]0;owned\u0007\u001b]52;c;cm0gLXJmIH4=\u0007\u001b[2J\u009b31m\rDEL\u007f\u0000end';
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('duel export with control characters in old rows', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'duel-export-'));
    const db = join(dir, 'duels.db');
    const store = openSqliteStore(db);
    await seedClosedDuel(store, { a: 'ollama:q', b: 'anthropic:c', prompt: HOSTILE, votes: [['web:v1', 'A']] }, Date.UTC(2026, 0, 1));
    await seedClosedDuel(store, { a: 'ollama:q', b: 'anthropic:c', prompt: '@SUM(A1:A9) +1 -1', votes: [['web:v2', 'B']] }, Date.UTC(2026, 0, 2));
    await store.close();
    env = { DUEL_DB: db, DUEL_CONTENDERS: 'ollama:q,anthropic:c' };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CSV: every control character is written as its code, formulas as text', async () => {
    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code).toBe(0);
    expect(csv.stdout).not.toMatch(RAW_CONTROL);
    expect(csv.stdout).toContain('a pelican\\u001B]0;owned\\u0007\\u001B]52;c;cm0gLXJmIH4=\\u0007\\u001B[2J\\u009B31m\\u000DDEL\\u007F\\u0000end');
    expect(csv.stdout).toContain(`'@SUM(A1:A9) +1 -1`);
  });

  it('JSON lines: valid JSON with no raw control character, the prompt intact when parsed', async () => {
    const jsonl = await runCli(['export'], env);
    expect(jsonl.code).toBe(0);
    expect(jsonl.stdout.replace(/\n/g, '')).not.toMatch(RAW_CONTROL);
    const prompts = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l).prompt as string);
    expect(prompts).toContain(HOSTILE);
  });
});
