/**
 * An author who closes their own duel before its time cannot rate it alone: their own vote in a
 * duel closed early is left out of the ratings (with a note), while the same vote in a duel that
 * ran its full window counts. Real SQLite store, the leaderboard as the engine builds it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildLeaderboard } from '../../../src/core/board/leaderboard-query.js';
import { boardNotes } from '../../../src/core/ratings/index.js';
import type { Store } from '../../../src/core/store/port.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const HOUR = 3_600_000;

/** A duel by `author`, open for an hour from `at`, closed at `closedAt`, with the given votes. */
async function duel(s: Store, id: string, at: number, closedAt: number, votes: Array<[string, 'A' | 'B']>): Promise<void> {
  await s.insertDuel({ id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:author', prompt: `prompt ${id}`, aSpec: 'ollama:q', bSpec: 'anthropic:c', createdAt: at, closesAt: null, closedAt: null, status: 'generating', flags: [] });
  await s.finishGeneration(id, 'open', at + HOUR, [], null);
  for (const [voter, choice] of votes) await s.setVote(id, voter, choice, at + 1);
  expect(await s.markClosed(id, closedAt)).toBe(true);
}

async function board(s: Store, leftOut?: Map<string, { A: number; B: number; tie: number; bad: number }>) {
  return buildLeaderboard({ store: s, query: { scope: 'global', since: 'all' }, labels: new Map(), now: Date.now(), rounds: 0, leftOut });
}

describe("an author's own vote", () => {
  it('is left out of the ratings when the duel was closed before its time, with a note', async () => {
    const s = (store = openSqliteStore(':memory:'));
    const at = Date.now() - 10 * HOUR;
    await duel(s, 'early', at, at + 60_000, [['web:author', 'A']]);
    const b = await board(s);
    expect(b.rows).toEqual([]); // nothing left to rate
    expect(b.authorEarlyVotes).toBe(1);
    expect(boardNotes(b).map((n) => n.text)).toContain('1 vote by authors on their own duels closed early left out.');
  });

  it("keeps the other voters' votes of that duel", async () => {
    const s = (store = openSqliteStore(':memory:'));
    const at = Date.now() - 10 * HOUR;
    await duel(s, 'early', at, at + 60_000, [['web:author', 'A'], ['web:other', 'B']]);
    const b = await board(s);
    const c = b.rows.find((r) => r.spec === 'anthropic:c')!;
    expect(c.wins).toBe(1);
    expect(b.authorEarlyVotes).toBe(1);
  });

  it("is left out even when a flagged voter's vote on the same side is left out too", async () => {
    const s = (store = openSqliteStore(':memory:'));
    const at = Date.now() - 10 * HOUR;
    await duel(s, 'early', at, at + 60_000, [['web:author', 'A'], ['web:flagged', 'A'], ['web:other', 'B']]);
    const b = await board(s, new Map([['early', { A: 1, B: 0, tie: 0, bad: 0 }]]));
    expect(b.rows.find((r) => r.spec === 'anthropic:c')!.wins).toBe(1);
    expect(b.authorEarlyVotes).toBe(1);
    expect(b.leftOutVotes).toBe(1);
  });

  it('counts when the duel ran its full window', async () => {
    const s = (store = openSqliteStore(':memory:'));
    const at = Date.now() - 10 * HOUR;
    await duel(s, 'full', at, at + HOUR, [['web:author', 'A']]);
    const b = await board(s);
    expect(b.rows.find((r) => r.spec === 'ollama:q')!.wins).toBe(1);
    expect(b.authorEarlyVotes ?? 0).toBe(0);
    expect(boardNotes(b).some((n) => n.kind === 'author-early')).toBe(false);
  });
});
