/** `duel leaderboard --battles FILE --matrix`, `--json` and `--png`, as a child process (no database needed). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lastJsonLine, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-board-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// p beats q 8 of 12 (a tie on top); r has 2 battles: provisional.
const rows = ['a,b,outcome'];
for (let k = 0; k < 12; k++) rows.push(k % 2 ? `ollama:p,anthropic:q,${k < 8 ? 1 : 0}` : `anthropic:q,ollama:p,${k < 8 ? 0 : 1}`);
rows.push('ollama:p,anthropic:q,0.5', 'openai:r,ollama:p,1', 'anthropic:q,openai:r,1');
const csv = join(dir, 'my-battles.csv');
writeFileSync(csv, rows.join('\n'));

describe('duel leaderboard --battles', () => {
  it('prints the matrices with --matrix and marks the provisional contender', async () => {
    const r = await runCli(['leaderboard', '--battles', csv, '--matrix'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/openai:r\*/);
    expect(r.stdout.replace(/\n/g, ' ')).toMatch(/Side A won \d+\u00a0% of 14 decisive battles \(95\u00a0% interval \d+–\d+\u00a0%\)/);
    expect(r.stdout).toMatch(/Win share: row beat column \(ties left out\)[\s\S]*Battles per pair \(ties left out\)/);
    const plain = await runCli(['leaderboard', '--battles', csv], {});
    expect(plain.stdout).not.toContain('Win share');
  });

  it('puts intervals, the provisional flag, the side-A interval and the matrix in --json, and names the file on the chart', async () => {
    const png = join(dir, 'board.png');
    // Drawing the chart starts the engine, so it gets a database of its own.
    const r = await runCli(['leaderboard', '--battles', csv, '--json', '--png', png], { DUEL_DB: join(dir, 'duels.db') });
    expect(r.code).toBe(0);
    const json = lastJsonLine(r.stdout);
    expect(json.source).toBe('my-battles.csv');
    expect(json.provisionalBelow).toBe(10);
    const byspec = Object.fromEntries(json.rows.map((row: { spec: string }) => [row.spec, row]));
    expect(byspec['openai:r'].provisional).toBe(true);
    expect(byspec['ollama:p'].provisional).toBe(false);
    expect(json.sideAWinCi[0]).toBeLessThan(json.sideAWinShare);
    const p = json.matrix.specs.indexOf('ollama:p');
    const q = json.matrix.specs.indexOf('anthropic:q');
    expect(json.matrix.decisive[p][q]).toBe(12);
    expect(json.matrix.wins[p][q]).toBe(8);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
  });
});
