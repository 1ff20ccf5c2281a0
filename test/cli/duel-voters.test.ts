/** `duel voters`: the real CLI process on a real SQLite file seeded with a community and one vote stuffer. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { seedCommunity } from '../helpers/seed-duels.js';
import { lastJsonLine, runCli } from './run-cli.js';

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duel-voters-'));
  const db = join(dir, 'duels.db');
  const store = openSqliteStore(db);
  await seedCommunity(store, { duels: 60, honest: 8, stuffer: 'web:stuffer' });
  await store.close();
  env = { DUEL_DB: db, DUEL_CONTENDERS: 'ollama:finetune=Fine-tune,ollama:qwen=Qwen,anthropic:claude=Claude' };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('duel voters', () => {
  it('lists flagged voters with the evidence, clears a flag, and refuses to clear one that is not flagged', async () => {
    const listed = await runCli(['voters', '--flagged'], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('1 flagged voter (9 tested: those with at least 20 votes for A or B; flagged when p < 0.001).');
    expect(listed.stdout).toMatch(/web:stuffer {2}flagged \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(listed.stdout).toMatch(/40 votes, p = [\d.e-]+: log-likelihood -\d+\.\d where the others' votes predict -\d+\.\d ± \d+\.\d \(z -\d+\.\d\)/);
    expect(listed.stdout).toMatch(/picked Fine-tune in 40 of the 40 duels it was in; the others' votes predict \d+(\.\d)?/);
    expect(listed.stdout).toContain('duel voters --clear <voter>');

    const json = lastJsonLine((await runCli(['voters', '--flagged', '--json'], env)).stdout);
    expect(json.voters).toHaveLength(1);
    expect(json.voters[0]).toMatchObject({ voter: 'web:stuffer', state: 'flagged', votes: 40 });
    expect(json.voters[0].evidence.pValue).toBeLessThan(0.001);

    const cleared = await runCli(['voters', '--clear', 'web:stuffer', '--by', 'ana'], env);
    expect(cleared.code, cleared.stderr).toBe(0);
    expect(cleared.stdout).toContain('Cleared web:stuffer');
    const after = await runCli(['voters', '--flagged'], env);
    expect(after.stdout).toContain('0 flagged voters');
    const all = await runCli(['voters'], env);
    expect(all.stdout).toMatch(/web:stuffer {2}cleared by cli:ana/);

    const again = await runCli(['voters', '--clear', 'web:nobody'], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe('duel: web:nobody is not flagged, so there is nothing to clear. No voter is flagged.');
  }, 120_000);
});
