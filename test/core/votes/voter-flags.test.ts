/**
 * Suspicious voters through the real duel service and a real SQLite file: the board leaves flagged
 * voters out and says how many votes, an admin's clearing puts them back, and the daily cap.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';
import { createDuelService, type DuelSettings } from '../../../src/core/duel/duel-service.js';
import { openSqliteStore, type Store } from '../../../src/core/store/sqlite-store.js';
import type { Renderer } from '../../../src/core/model/types.js';
import { VoterFlags } from '../../../src/core/votes/voter-flags.js';
import { leaderboardChartSvg } from '../../../src/render/leaderboard-chart.js';
import { createRenderer } from '../../../src/render/renderer.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { seedClosedDuel, seedCommunity } from '../../helpers/seed-duels.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function setup(settings: Partial<DuelSettings> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'prompt-duel-voters-'));
  const store = openSqliteStore(join(dir, 'duels.db'));
  const renderer: Renderer = createRenderer({ poolSize: 1, box: 64 });
  const clock = new ManualClock(1_800_000_000_000);
  const service = createDuelService({ store, renderer, contenders: [], logger: pino({ level: 'silent' }), clock, settings, chartSvg: leaderboardChartSvg });
  cleanups.push(async () => {
    await service.stop();
    await renderer.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { store, service, clock };
}

const EVERYWHERE = { scope: 'global', since: 'all' } as const;

describe('flagged voters and the board', () => {
  it('leaves a flagged voter out of the board, says how many votes, and counts them again once cleared', async () => {
    const { store, service, clock } = setup();
    await seedCommunity(store, { duels: 60, honest: 8, stuffer: 'web:stuffer' });
    const board = await service.leaderboard(EVERYWHERE);
    const flags = new VoterFlags(store);
    expect((await flags.list('flagged')).map((f) => f.voter)).toEqual(['web:stuffer']);
    const evidence = (await flags.list('flagged'))[0].evidence;
    expect(evidence.votes).toBe(40);
    expect(evidence.topPick).toMatchObject({ spec: 'ollama:finetune', picked: 40, appeared: 40 });
    expect(board.leftOutVotes).toBe(40);
    const finetune = (b: typeof board) => b.rows.find((r) => r.spec === 'ollama:finetune')!;

    expect(await flags.clear('web:stuffer', 'cli:admin', clock.now())).toBe(true);
    const after = await service.leaderboard(EVERYWHERE);
    expect(after.leftOutVotes).toBe(0);
    // The stuffer's 40 votes for the fine-tune lift it once they count.
    expect(finetune(after).rating).toBeGreaterThan(finetune(board).rating + 20);
    expect((await new VoterFlags(store).list('cleared'))[0]).toMatchObject({ voter: 'web:stuffer', clearedBy: 'cli:admin' });

    // A cleared flag holds while the record is the same, and returns when the voter votes on.
    clock.advance(60_000);
    expect((await service.leaderboard(EVERYWHERE)).leftOutVotes).toBe(0);
    await seedCommunity(store, { duels: 9, honest: 8, stuffer: 'web:stuffer', seed: 2, start: 1_750_000_000_000 });
    expect((await service.leaderboard(EVERYWHERE)).leftOutVotes).toBe(46);
  });

  it('does not flag honest voters', async () => {
    const { store, service } = setup();
    await seedCommunity(store, { duels: 60, honest: 12 });
    expect((await service.leaderboard(EVERYWHERE)).leftOutVotes).toBe(0);
    expect(await new VoterFlags(store).list()).toEqual([]);
  });
});

describe('repeated prompts', () => {
  it('weighs duels on a repeated prompt less, per community, and says how many', async () => {
    const { store, service } = setup();
    const at = 1_700_000_000_000;
    // Six duels on one prompt in one community (written differently), three elsewhere: only the six weigh less.
    const prompts = ['A pelican riding a bicycle', 'a pelican, riding a bicycle!', 'a  PELICAN riding a bicycle.', 'a pelican riding a bicycle', 'a pelican riding a bicycle', 'a pelican riding a bicycle?'];
    for (const [k, prompt] of prompts.entries()) await seedClosedDuel(store, { a: 'ollama:qwen', b: 'anthropic:claude', prompt, votes: [['web:v1', 'A']] }, at + k);
    for (let k = 0; k < 3; k++) await seedClosedDuel(store, { a: 'ollama:qwen', b: 'anthropic:claude', prompt: 'a pelican riding a bicycle', platform: 'discord', community: 'g1', votes: [['discord:1', 'B']] }, at + 100 + k);
    await seedClosedDuel(store, { a: 'ollama:qwen', b: 'anthropic:claude', prompt: 'a fox', votes: [['web:v1', 'B']] }, at + 200);
    const board = await service.leaderboard(EVERYWHERE);
    expect(board.downWeightedDuels).toBe(6);
    expect(board.battles).toBe(10);
    // Six A wins weigh sqrt(3/6) each, 4.24 in all, against four B wins: nearly level, not 6 to 4.
    const qwen = board.rows.find((r) => r.spec === 'ollama:qwen')!;
    expect(qwen.wins).toBe(6);
    expect(Math.abs(qwen.rating - 1000)).toBeLessThan(15);
    expect((await service.leaderboard({ scope: 'community', since: 'all', platform: 'discord', community: 'g1' })).downWeightedDuels).toBe(0);
  });
});

describe('daily cap', () => {
  it('is off by default, and when set stops new votes beyond it for 24 hours while changes still count', async () => {
    const open = async (store: Store, at: number) => {
      const ids: string[] = [];
      for (let k = 0; k < 3; k++) {
        const id = `open${k}x${at}`;
        await store.insertDuel({ id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:a', prompt: 'p', aSpec: 'x:1', bSpec: 'y:2', createdAt: at, closesAt: null, closedAt: null, status: 'generating', flags: [] });
        await store.finishGeneration(id, 'open', at + 10 * 86_400_000, [], null);
        ids.push(id);
      }
      return ids;
    };
    const free = setup();
    for (const id of await open(free.store, free.clock.now())) expect((await free.service.vote({ duelId: id, voter: 'web:v', choice: 'A', op: 'add' })).accepted).toBe(true);

    const capped = setup({ voterDailyCap: 2 });
    const [d1, d2, d3] = await open(capped.store, capped.clock.now());
    expect((await capped.service.vote({ duelId: d1, voter: 'web:v', choice: 'A', op: 'add' })).accepted).toBe(true);
    expect((await capped.service.vote({ duelId: d2, voter: 'web:v', choice: 'A', op: 'add' })).accepted).toBe(true);
    expect(await capped.service.vote({ duelId: d3, voter: 'web:v', choice: 'A', op: 'add' })).toEqual({ accepted: false, reason: 'daily-cap', current: null });
    expect((await capped.service.vote({ duelId: d2, voter: 'web:v', choice: 'B', op: 'add' })).accepted).toBe(true);
    expect((await capped.service.vote({ duelId: d3, voter: 'web:other', choice: 'A', op: 'add' })).accepted).toBe(true);
    capped.clock.advance(24 * 60 * 60 * 1000 + 1000);
    expect((await capped.service.vote({ duelId: d3, voter: 'web:v', choice: 'A', op: 'add' })).accepted).toBe(true);
  });
});

describe('settings', () => {
  it('reads DUEL_OUTLIER_MIN_VOTES, DUEL_OUTLIER_P and DUEL_VOTER_DAILY_CAP, and names a bad one', () => {
    expect(loadConfig({}).duel).toMatchObject({ outlierMinVotes: 20, outlierPValue: 0.001, voterDailyCap: 0 });
    expect(loadConfig({ DUEL_OUTLIER_MIN_VOTES: '50', DUEL_OUTLIER_P: '0.0001', DUEL_VOTER_DAILY_CAP: '200' }).duel).toMatchObject({
      outlierMinVotes: 50,
      outlierPValue: 0.0001,
      voterDailyCap: 200,
    });
    expect(() => loadConfig({ DUEL_OUTLIER_P: '5%' })).toThrow('DUEL_OUTLIER_P is "5%": use a probability above 0 and at most 0.5, e.g. 0.001.');
    expect(() => loadConfig({ DUEL_VOTER_DAILY_CAP: '-1' })).toThrow(/DUEL_VOTER_DAILY_CAP/);
  });
});
