import { describe, expect, it } from 'vitest';
import type { Choice, Tally } from '../../../src/core/model/types.js';
import { personalBoard, type PersonalBoardInput, type PersonalVote } from '../../../src/core/ratings/index.js';

const query = { scope: 'global', since: 'all' } as const;
const none: Tally = { A: 0, B: 0, tie: 0, bad: 0 };
const community = new Map([
  ['y', 1060],
  ['x', 1000],
  ['z', 940],
]);
const vote = (a: string, b: string, choice: Choice, others: Tally = none): PersonalVote => ({ a, b, choice, others });
const input = (votes: PersonalVote[], extra: Partial<PersonalBoardInput> = {}): PersonalBoardInput => ({
  voter: 'v1',
  votes,
  community,
  labels: new Map([['x', 'Model X']]),
  minVotes: 10,
  query,
  ...extra,
});
const rating = (board: ReturnType<typeof personalBoard>, spec: string) => board.rows.find((r) => r.spec === spec)!.rating;

describe('personalBoard', () => {
  it('after 10 votes follows them: a voter who always prefers X over Y gets X above Y, though the community has Y above', () => {
    const board = personalBoard(input(Array.from({ length: 10 }, (_, k) => (k % 2 ? vote('x', 'y', 'A') : vote('y', 'x', 'B')))));
    expect(board.votes).toBe(10);
    expect(board.rows.map((r) => r.spec)).toEqual(['x', 'y', 'z']);
    expect(board.rows[0]).toMatchObject({ label: 'Model X', rank: 1, communityRating: 1000, communityRank: 2 });
    expect(board.rows.find((r) => r.spec === 'y')).toMatchObject({ label: 'y', rank: 2, communityRank: 1 });
    // A contender the voter never judged stays at its community rating.
    expect(rating(board, 'z')).toBeCloseTo(940, 6);
  });

  it('moves two contenders only a little for one vote', () => {
    const board = personalBoard(input([vote('x', 'y', 'A')], { minVotes: 1 }));
    expect(rating(board, 'x') - 1000).toBeGreaterThan(0);
    expect(rating(board, 'x') - 1000).toBeLessThan(12);
    expect(rating(board, 'y')).toBeGreaterThan(rating(board, 'x'));
  });

  it('reorders a pair the community puts 140 points apart after ten consistent votes, not one 160 apart', () => {
    const votes = Array.from({ length: 10 }, () => vote('x', 'y', 'A'));
    const near = personalBoard(input(votes, { community: new Map([['x', 930], ['y', 1070]]) }));
    expect(rating(near, 'x')).toBeGreaterThan(rating(near, 'y'));
    const far = personalBoard(input(votes, { community: new Map([['x', 920], ['y', 1080]]) }));
    expect(rating(far, 'x')).toBeLessThan(rating(far, 'y'));
  });

  it('counts ties and both-bad as half a win each side', () => {
    const ties = personalBoard(input([vote('x', 'z', 'tie'), vote('z', 'x', 'bad')], { minVotes: 2, community: new Map([['x', 1000], ['z', 1000]]) }));
    expect(rating(ties, 'x')).toBeCloseTo(1000, 9);
  });

  it('is empty before minVotes, but counts the votes and the agreement', () => {
    const board = personalBoard(input([vote('x', 'y', 'A', { A: 3, B: 1, tie: 0, bad: 0 })]));
    expect(board.rows).toEqual([]);
    expect(board.votes).toBe(1);
    expect(board.minVotes).toBe(10);
    expect(board.agreement).toEqual({ agreed: 1, compared: 1, share: 1 });
  });

  it('counts agreement over decisive votes where the others lean one way', () => {
    const votes = [
      vote('x', 'y', 'A', { A: 2, B: 0, tie: 0, bad: 0 }), // agreed
      vote('x', 'y', 'B', { A: 2, B: 1, tie: 0, bad: 0 }), // disagreed
      vote('y', 'z', 'B', { A: 0, B: 1, tie: 1, bad: 0 }), // agreed (others' A share 0.25)
      vote('y', 'z', 'A', { A: 1, B: 1, tie: 0, bad: 0 }), // others level: not compared
      vote('y', 'z', 'tie', { A: 3, B: 0, tie: 0, bad: 0 }), // not decisive: not compared
      vote('x', 'z', 'A', none), // nobody else voted: not compared
      vote('x', 'z', 'A', { A: 0, B: 0, tie: 0, bad: 2 }), // others all "both bad" (share 0.5): not compared
    ];
    expect(personalBoard(input(votes)).agreement).toEqual({ agreed: 2, compared: 3, share: 2 / 3 });
    expect(personalBoard(input([])).agreement).toEqual({ agreed: 0, compared: 0, share: null });
  });

  it('is deterministic and shows only community contenders, never another voter', () => {
    const votes = Array.from({ length: 12 }, (_, k) => vote(k % 3 ? 'x' : 'z', k % 2 ? 'y' : 'gone', k % 4 ? 'A' : 'B', { A: k, B: 1, tie: 0, bad: 0 }));
    const first = personalBoard(input(votes));
    expect(personalBoard(input(votes))).toEqual(first);
    expect(first.rows.map((r) => r.spec).sort()).toEqual(['x', 'y', 'z']);
    expect(Object.keys(first).sort()).toEqual(['agreement', 'minVotes', 'query', 'rows', 'voter', 'votes']);
    expect(first.voter).toBe('v1');
  });
});
