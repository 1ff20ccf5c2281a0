/** `duel vote`, `duel close`, `duel leaderboard` (database and --battles CSV) and `duel export`, as child processes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEngine, type TestEngine } from '../helpers/engine.js';
import { shared } from '../helpers/shared.js';
import { lastJsonLine, runCli } from './run-cli.js';

const battles = shared('ratings/battles.csv');
let t: TestEngine;
let duelId: string;
let dir: string;

beforeAll(async () => {
  t = await createTestEngine();
  dir = mkdtempSync(join(tmpdir(), 'duel-cmd-'));
  const { duel } = await t.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author: 'discord:1', prompt: 'a heron on a unicycle, "quoted", with, commas' });
  duelId = duel.id;
  const formula = await t.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author: 'discord:2', prompt: '=HYPERLINK("http://x","y")' });
  await t.service.close(formula.duel.id);
});

afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('duel vote and duel close', () => {
  it('accepts, replaces and retracts votes, then closes with a reveal', async () => {
    expect((await runCli(['vote', duelId, 'A', '--voter', 'alice'], t.env)).code).toBe(0);
    expect((await runCli(['vote', duelId, 'b', '--voter', 'alice'], t.env)).stdout).toMatch(/cli:alice votes B/);
    expect((await runCli(['vote', duelId, 'tie', '--voter', 'bob'], t.env)).code).toBe(0);
    expect((await runCli(['vote', duelId, 'bad', '--voter', 'carol'], t.env)).code).toBe(0);
    const retract = await runCli(['vote', duelId, 'none', '--voter', 'carol'], t.env);
    expect(retract.code).toBe(0);
    expect(retract.stdout).toMatch(/retracted/);
    expect(Object.fromEntries(await t.service.votes(duelId))).toEqual({ 'cli:alice': 'B', 'cli:bob': 'tie' });

    const bad = await runCli(['vote', duelId, 'C', '--voter', 'alice'], t.env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/"C" is not a choice/);
    const unknown = await runCli(['vote', 'nosuchduel', 'A', '--voter', 'alice'], t.env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('duel: vote on nosuchduel not counted: there is no such duel.');

    const closed = await runCli(['close', duelId, '--json'], t.env);
    expect(closed.code).toBe(0);
    const reveal = lastJsonLine(closed.stdout);
    const duel = (await t.service.getDuel(duelId))!;
    expect(reveal).toEqual({ id: duelId, status: 'closed', sides: { A: duel.aSpec, B: duel.bSpec }, tally: { A: 0, B: 1, tie: 1, bad: 0 }, winner: 'B', flags: [] });

    const late = await runCli(['vote', duelId, 'A', '--voter', 'dave'], t.env);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/closed/);
  });

  it('exports closed duels as JSONL and CSV', async () => {
    const jsonl = await runCli(['export'], t.env);
    expect(jsonl.code).toBe(0);
    const row = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l)).find((r) => r.id === duelId);
    expect(row).toMatchObject({ id: duelId, platform: 'discord', community: 'g1', channel: 'c1', votes: { A: 0, B: 1, tie: 1, bad: 0 }, outcome: 0.25, status: 'closed', flags: [] });
    expect(Object.keys(row)).toEqual(['id', 'platform', 'community', 'channel', 'prompt', 'a', 'b', 'votes', 'outcome', 'status', 'flags', 'categories', 'closed_at', 'features']);
    // Both drawings of a real duel (fake models, the real renderer) are measured when stored: all five features.
    for (const side of ['A', 'B'] as const) {
      const f = row.features[side];
      expect(Object.keys(f).sort()).toEqual(['animated', 'bytes', 'colors', 'elements', 'text']);
      expect(f.bytes).toBeGreaterThan(100);
      expect(f.elements).toBeGreaterThan(1);
      expect(f.colors).toBeGreaterThan(0);
      expect([0, 1]).toContain(f.animated);
      expect(f.text).toBeGreaterThanOrEqual(0);
    }
    const csv = await runCli(['export', '--format', 'csv'], t.env);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^id,platform,community,channel,prompt,a,b/);
    const header = lines[0].split(',');
    expect(header.slice(-10)).toEqual(['a_bytes', 'a_elements', 'a_colors', 'a_animated', 'a_text', 'b_bytes', 'b_elements', 'b_colors', 'b_animated', 'b_text']);
    const csvRow = lines.find((l) => l.startsWith(duelId))!.split(',');
    expect(csvRow.slice(-10).map(Number)).toEqual([...Object.values(row.features.A), ...Object.values(row.features.B)]);
    expect(csv.stdout).toContain('"a heron on a unicycle, ""quoted"", with, commas"');
    // A prompt that looks like a spreadsheet formula is exported as text.
    expect(csv.stdout).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    // The export reads back as battles.
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv.stdout);
    const refit = await runCli(['leaderboard', '--battles', file, '--json'], {});
    expect(refit.code).toBe(0);
    expect(lastJsonLine(refit.stdout).rows.map((r: { battles: number }) => r.battles)).toEqual([1, 1]);
  });

  it('prints the leaderboard from the database as text, JSON and a chart', async () => {
    const png = join(dir, 'board.png');
    const r = await runCli(['leaderboard', '--scope', 'community', '--platform', 'discord', '--community', 'g1', '--json', '--png', png], t.env);
    expect(r.code).toBe(0);
    const board = lastJsonLine(r.stdout);
    expect(board.rows).toHaveLength(2);
    expect(board.rows[0]).toMatchObject({ battles: 1, wins: 1, rank: 1 });
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');
    const text = await runCli(['leaderboard'], t.env);
    expect(text.stdout).toContain('Claude Opus 4.7');
    const wrong = await runCli(['leaderboard', '--since', 'yesterday'], t.env);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/--since is "yesterday"/);
    const noChannel = await runCli(['leaderboard', '--scope', 'channel', '--platform', 'discord', '--community', 'g1'], t.env);
    expect(noChannel.code).not.toBe(0);
    expect(noChannel.stderr).toMatch(/--scope channel needs .*--channel/);
  });
});

describe('duel leaderboard: the board of issue 19', () => {
  it('fits style control from the database and from its own export, with drawing metrics', async () => {
    const db = await runCli(['leaderboard', '--control', 'style', '--json'], t.env);
    expect(db.code).toBe(0);
    const board = lastJsonLine(db.stdout);
    expect(board.control.features.map((f: { name: string }) => f.name)).toEqual(['bytes', 'elements', 'colors', 'animated', 'text']);
    expect(board.control.rows).toHaveLength(2);
    // Both duels drew (the one closed without votes too): metrics count draws, not battles.
    expect(board.rows[0].metrics).toMatchObject({ draws: 2, drawnShare: 1 });
    expect(board.rows[0].metrics.medianElements).toBeGreaterThan(1);
    const text = await runCli(['leaderboard', '--control', 'style', '--metrics'], t.env);
    expect(text.stdout).toMatch(/Ctrl #/);
    expect(text.stdout).toMatch(/What wins votes \(1 battle with features\)/);
    expect(text.stdout).toMatch(/Drew/);

    const csv = join(dir, 'export-style.csv');
    writeFileSync(csv, (await runCli(['export', '--format', 'csv'], t.env)).stdout);
    const refit = await runCli(['leaderboard', '--battles', csv, '--control', 'style', '--json'], {});
    expect(refit.code).toBe(0);
    expect(lastJsonLine(refit.stdout).control.features).toHaveLength(5);
  });

  it("filters by a category, gives a voter's own board, and refuses what it cannot do", async () => {
    // "a heron on a unicycle": animals and vehicles by the keyword rules.
    const animals = await runCli(['leaderboard', '--category', 'animals', '--json'], t.env);
    expect(animals.code).toBe(0);
    expect(lastJsonLine(animals.stdout)).toMatchObject({ category: 'animals', battles: 1 });
    const people = await runCli(['leaderboard', '--category', 'people', '--json'], t.env);
    expect(lastJsonLine(people.stdout).battles).toBe(0);

    const mine = await runCli(['leaderboard', '--voter', 'cli:alice', '--json'], t.env);
    expect(mine.code).toBe(0);
    expect(lastJsonLine(mine.stdout)).toMatchObject({ voter: 'cli:alice', votes: 1, minVotes: 10, rows: [] });
    expect((await runCli(['leaderboard', '--voter', 'cli:alice'], t.env)).stdout).toMatch(/Vote in 9 more duels/);

    const badCategory = await runCli(['leaderboard', '--category', 'pelicans'], t.env);
    expect(badCategory.code).toBe(2);
    expect(badCategory.stderr).toMatch(/--category is "pelicans": use one of animals, people, vehicles/);
    const badControl = await runCli(['leaderboard', '--control', 'length'], t.env);
    expect(badControl.stderr).toMatch(/--control is "length": the one control is style/);
    const help = await runCli(['leaderboard', '--help'], t.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: duel leaderboard .*--control style/);
    expect(help.stderr).toBe('');
    const csvCategory = await runCli(['leaderboard', '--battles', join(dir, 'export-style.csv'), '--category', 'animals'], {});
    expect(csvCategory.stderr).toMatch(/--battles reads a CSV of battles, which has no categories/);
  });
});

describe.skipIf(battles.missing)(`duel leaderboard --battles${battles.note}`, () => {
  it('reproduces the reference Bradley–Terry ratings within 0.5 points, with intervals of similar width', async () => {
    const expected = JSON.parse(readFileSync(join(battles.path, '../expected.json'), 'utf8'));
    const r = await runCli(['leaderboard', '--battles', battles.path, '--json'], {});
    expect(r.code).toBe(0);
    const rows: Array<{ spec: string; rating: number; ci: [number, number] }> = lastJsonLine(r.stdout).rows;
    expect(rows.map((x) => x.spec).sort()).toEqual(Object.keys(expected.ratings).sort());
    for (const row of rows) {
      expect(Math.abs(row.rating - expected.ratings[row.spec])).toBeLessThan(0.5);
      const [lo, hi] = expected.ci95[row.spec];
      const width = row.ci[1] - row.ci[0];
      expect(width / (hi - lo)).toBeGreaterThan(0.75);
      expect(width / (hi - lo)).toBeLessThan(1.33);
    }
  });
});

describe('duel leaderboard --battles with a malformed file', () => {
  it('refuses it with the line number', async () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'a,b,outcome\nx,y,1\nx,y,lots\n');
    const r = await runCli(['leaderboard', '--battles', csv], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 3/);
  });
});
