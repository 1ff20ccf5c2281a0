/**
 * The board as the engine builds it from a real SQLite store (issue 19): the style-controlled fit
 * from the features stored with each drawing, each model's drawing metrics, categories offered only
 * from enough battles and the board filtered by one, and a voter's own board, which after 10 votes
 * agrees with what they voted even where the crowd disagrees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildLeaderboard, LeaderboardCache } from '../../../src/core/board/leaderboard-query.js';
import { buildPersonalBoard } from '../../../src/core/board/personal-board.js';
import type { Choice } from '../../../src/core/model/types.js';
import type { LeaderboardQuery } from '../../../src/core/model/board-types.js';
import type { DrawingFeatures } from '../../../src/core/model/drawing-features.js';
import type { Store } from '../../../src/core/store/port.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const GLOBAL: LeaderboardQuery = { scope: 'global', since: 'all' };
const still = (elements: number): DrawingFeatures => ({ bytes: 100 * elements, elements, colors: 5, animated: 0, text: 0 });
let n = 0;

/** A closed duel between `a` and `b` on `prompt`, with these votes and each side's features. */
async function duel(s: Store, a: string, b: string, votes: Array<[string, Choice]>, opts: { categories?: string[]; fa?: DrawingFeatures; fb?: DrawingFeatures } = {}): Promise<string> {
  const id = `d${++n}`;
  const at = Date.now() - 3_600_000 + n;
  await s.insertDuel({ id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:author', prompt: `prompt ${id}`, aSpec: a, bSpec: b, createdAt: at, closesAt: null, closedAt: null, status: 'generating', flags: [] });
  for (const [side, spec, f] of [['A', a, opts.fa ?? still(10)], ['B', b, opts.fb ?? still(10)]] as const) {
    await s.putEntry({ duelId: id, side, spec, label: spec, rawText: null, svg: '<svg/>', ok: true, error: null, errorKind: null, ms: 1000, tokens: { input: 50, output: 800 }, facts: { animated: f.animated === 1, width: 10, height: 10, features: f } });
  }
  await s.addCategories(id, opts.categories ?? []);
  await s.finishGeneration(id, 'open', at + 1000, [], null);
  for (const [voter, choice] of votes) await s.setVote(id, voter, choice, at + 1);
  await s.markClosed(id, at + 2);
  return id;
}

const crowd = (k: number, choice: Choice): Array<[string, Choice]> => Array.from({ length: k }, (_, i) => [`web:crowd${i}`, choice]);

describe('the board from the store', () => {
  it('fits style control from the stored features and shows each model\'s drawing metrics', async () => {
    const s = (store = openSqliteStore(':memory:'));
    // "x:big" draws busier drawings and wins most. (The store counts bytes from the stored svg itself: all 6 here.)
    for (let i = 0; i < 12; i++) await duel(s, 'x:big', 'x:small', crowd(3, i % 4 === 0 ? 'B' : 'A'), { fa: still(40 + i), fb: { ...still(10 + i), text: 3 } });
    const board = await buildLeaderboard({ store: s, query: { ...GLOBAL, control: 'style' }, labels: new Map(), now: Date.now(), rounds: 200 });
    expect(board.control?.battles).toBe(12);
    expect(board.control?.features.map((f) => f.name)).toEqual(['bytes', 'elements', 'colors', 'animated', 'text']);
    expect(board.control?.rows.map((r) => r.spec).sort()).toEqual(['x:big', 'x:small']);
    const big = board.rows.find((r) => r.spec === 'x:big')!;
    expect(big.metrics).toEqual({ draws: 12, drawnShare: 1, medianBytes: 6, medianElements: 45.5, animatedShare: 0, textShare: 0, medianMs: 1000, medianTokensIn: 50, medianTokensOut: 800 });
    expect(board.rows.find((r) => r.spec === 'x:small')!.metrics?.textShare).toBe(1);
    const plain = await buildLeaderboard({ store: s, query: GLOBAL, labels: new Map(), now: Date.now(), rounds: 200 });
    expect(plain.control).toBeUndefined();
  });

  it('offers a category from enough rated battles, and filters the board by it', async () => {
    const s = (store = openSqliteStore(':memory:'));
    for (let i = 0; i < 4; i++) await duel(s, 'x:a', 'x:b', crowd(1, 'A'), { categories: ['animals'] });
    for (let i = 0; i < 2; i++) await duel(s, 'x:a', 'x:c', crowd(1, 'B'), { categories: ['vehicles'] });
    const build = (query: LeaderboardQuery) => buildLeaderboard({ store: s, query, labels: new Map(), now: Date.now(), rounds: 200, categoryMinBattles: 3 });
    const all = await build(GLOBAL);
    expect(all.battles).toBe(6);
    expect(all.categories).toEqual([{ name: 'animals', battles: 4 }]);
    const animals = await build({ ...GLOBAL, category: 'animals' });
    expect(animals.battles).toBe(4);
    expect(animals.rows.map((r) => r.spec).sort()).toEqual(['x:a', 'x:b']);
    expect(animals.rows.every((r) => r.metrics?.draws === 4)).toBe(true);
    // The categories offered are the whole scope's, whichever is chosen.
    expect(animals.categories).toEqual(all.categories);
  });

  it("gives a voter's own board after 10 votes, agreeing with their votes against the crowd", async () => {
    const s = (store = openSqliteStore(':memory:'));
    // The crowd prefers Y over X; our voter prefers X every time.
    const mine: string[] = [];
    for (let i = 0; i < 10; i++) mine.push(await duel(s, 'x:x', 'x:y', [...crowd(2, 'B'), ['web:me', 'A']]));
    for (let i = 0; i < 20; i++) await duel(s, 'x:x', 'x:y', crowd(3, i % 3 === 0 ? 'A' : 'B'));
    for (let i = 0; i < 10; i++) await duel(s, 'x:z', 'x:y', crowd(2, 'B'));
    const boards = new LeaderboardCache({ store: s, labels: new Map(), rounds: 200 });
    const personal = (voter: string) => buildPersonalBoard({ store: s, boards, voter, query: GLOBAL, now: Date.now(), minVotes: 10, voterFlagged: false });

    const community = await boards.get(GLOBAL, Date.now());
    const rank = (rows: Array<{ spec: string }>, spec: string) => rows.findIndex((r) => r.spec === spec);
    expect(rank(community.rows, 'x:y')).toBeLessThan(rank(community.rows, 'x:x'));
    const me = await personal('web:me');
    expect(me.votes).toBe(10);
    expect(rank(me.rows, 'x:x')).toBeLessThan(rank(me.rows, 'x:y'));
    expect(me.agreement).toEqual({ agreed: 0, compared: 10, share: 0 });
    // Nothing in it names another voter.
    expect(JSON.stringify(me)).not.toContain('crowd');

    // One vote short: no board yet, only the count.
    await s.deleteVote(mine[0], 'web:me');
    const short = await personal('web:me');
    expect(short.votes).toBe(9);
    expect(short.rows).toEqual([]);
    expect((await personal('web:nobody')).votes).toBe(0);
  });
});
