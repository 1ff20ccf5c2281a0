/** What the board says beyond ratings: provisional marks, pair matrices, the side-A check and the notes. */
import { describe, expect, it } from 'vitest';
import { formatLeaderboardTable } from '../../../src/core/board/leaderboard-table.js';
import { formatPairMatrix, truncateMiddle } from '../../../src/core/board/pair-matrix-table.js';
import { boardNotes, buildBoard, pairMatrix, sideAShare, wilsonInterval, winShare, type RatedBattle } from '../../../src/core/ratings/index.js';

const query = { scope: 'global', since: 'all' } as const;

/** `n` battles between a and b, `aWins` of them won by a (a always on side A), the rest lost. */
function series(a: string, b: string, n: number, aWins: number): RatedBattle[] {
  return Array.from({ length: n }, (_, k) => ({ a, b, outcome: k < aWins ? 1 : 0 }));
}

describe('provisional contenders', () => {
  const battles = [...series('ollama:q', 'anthropic:c', 12, 7), ...series('openai:g', 'ollama:q', 3, 1)];

  it('are those with fewer battles than the setting (10 by default)', () => {
    const board = buildBoard({ battles, labels: {}, query });
    expect(board.provisionalBelow).toBe(10);
    const by = new Map(board.rows.map((r) => [r.spec, r]));
    expect(by.get('ollama:q')!.provisional).toBe(false); // 15 battles
    expect(by.get('anthropic:c')!.provisional).toBe(false); // 12
    expect(by.get('openai:g')!.provisional).toBe(true); // 3
    const strict = buildBoard({ battles, labels: {}, query, provisionalBelow: 13 });
    expect(strict.rows.find((r) => r.spec === 'anthropic:c')!.provisional).toBe(true);
  });

  it('are marked in the chat table, with the mark explained', () => {
    const text = formatLeaderboardTable(buildBoard({ battles, labels: { 'openai:g': 'GPT' }, query }));
    expect(text).toMatch(/GPT\*/);
    expect(text).not.toMatch(/ollama:q\*/);
    expect(text).toMatch(/^\* Provisional: fewer than 10 battles so far\.$/m);
  });
});

describe('intervals not yet known', () => {
  it('show as — in the chat table, never as a zero-width range', () => {
    const board = buildBoard({ battles: series('ollama:q', 'anthropic:c', 1, 1), labels: {}, query });
    expect(board.rows.every((r) => r.ci === null)).toBe(true);
    const text = formatLeaderboardTable(board);
    expect(text).not.toMatch(/(\d+)–\1\)/);
    expect(text).toMatch(/1507 \(—\)/);
    expect(text).toMatch(/^— Interval not yet known/m);
    expect(formatLeaderboardTable(board, { maxWidth: 34 })).toMatch(/1507 —/);
  });
});

describe('the pair matrix', () => {
  const battles: RatedBattle[] = [
    { a: 'x', b: 'y', outcome: 1 },
    { a: 'y', b: 'x', outcome: 0.75 }, // y wins from side A
    { a: 'x', b: 'y', outcome: 0.5 }, // tie: left out
    { a: 'y', b: 'z', outcome: 0.2 },
    { a: 'x', b: 'y', outcome: 0.6, weight: 0.25 }, // weights change the fit, not the record
  ];

  it('counts wins and decisive battles per pair, whichever side each was on, ties excluded', () => {
    const m = pairMatrix(battles, ['x', 'y', 'z']);
    expect(m.decisive).toEqual([
      [0, 3, 0],
      [3, 0, 1],
      [0, 1, 0],
    ]);
    expect(m.wins).toEqual([
      [0, 2, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(winShare(m, 0, 1)).toBeCloseTo(2 / 3, 10);
    expect(winShare(m, 1, 0)).toBeCloseTo(1 / 3, 10);
    expect(winShare(m, 0, 2)).toBeNull();
  });

  it('is on the board in row order', () => {
    const board = buildBoard({ battles, labels: {}, query });
    expect(board.matrix.specs).toEqual(board.rows.map((r) => r.spec));
  });

  it('reads as two numbered tables in chat, within the width', () => {
    const board = buildBoard({ battles: [...series('ollama:q', 'anthropic:c', 12, 8), ...series('anthropic:c', 'openai:g', 5, 2)], labels: { 'ollama:q': 'Qwen' }, query });
    const lines = formatPairMatrix(board, { maxWidth: 64 });
    expect(lines[0]).toMatch(/Win share: row beat column \(ties left out\)/);
    const q = board.matrix.specs.indexOf('ollama:q');
    const c = board.matrix.specs.indexOf('anthropic:c');
    const shareRow = lines.find((l) => l.startsWith(`${q + 1} Qwen`))!;
    expect(shareRow.trim().split(/\s+/)[2 + c]).toBe('67%');
    const countRows = lines.slice(lines.indexOf('Battles per pair (ties left out), rows numbered as above') + 2);
    expect(countRows[q].trim().split(/\s+/)[1 + c]).toBe('12');
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(64);
    expect(formatLeaderboardTable(board, { matrix: true })).toContain('Battles per pair');
    expect(formatLeaderboardTable(board)).not.toContain('Battles per pair');
  });

  it('shows the top of a big board in chat and says how many are left out', () => {
    const specs = Array.from({ length: 14 }, (_, k) => `ollama:model-number-${k}`);
    const battles = specs.flatMap((s, k) => series(s, specs[(k + 1) % specs.length], 4, 3));
    const lines = formatPairMatrix(buildBoard({ battles, labels: {}, query }), { maxWidth: 64 });
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(64);
    expect(lines.at(-1)).toMatch(/^Top \d+ of 14 shown; the web leaderboard has them all\.$/);
  });

  it('fits a chat message: only as many contenders as the character limit allows', () => {
    const specs = Array.from({ length: 12 }, (_, k) => `ollama:m${k}`);
    const battles = specs.flatMap((s, k) => specs.slice(k + 1).flatMap((o) => series(s, o, 3, 2)));
    const board = buildBoard({ battles, labels: {}, query });
    const full = formatLeaderboardTable(board, { matrix: true, maxWidth: 100 });
    expect(full).not.toMatch(/^Top \d+ of 12 shown/m);
    const limited = formatLeaderboardTable(board, { matrix: true, maxWidth: 100, maxChars: 1900 });
    expect(limited.length).toBeLessThanOrEqual(1900);
    expect(limited).toMatch(/^Top \d+ of 12 shown; the web leaderboard has them all\.$/m);
    expect(full.length).toBeGreaterThan(1900);
  });

  it('keeps both ends of a long name, where models differ', () => {
    expect(truncateMiddle('anthropic:claude-opus-4-7', 13)).toBe('anthro…us-4-7');
    expect(truncateMiddle('short', 13)).toBe('short');
  });
});

describe('the side-A share', () => {
  it('comes with a 95 % Wilson interval that is never of zero width', () => {
    expect(sideAShare([{ a: 'x', b: 'y', outcome: 0.5 }])).toEqual({ decisive: 0, share: null, ci: null });
    const one = sideAShare([{ a: 'x', b: 'y', outcome: 1 }]);
    expect(one.share).toBe(1);
    expect(one.ci![0]).toBeCloseTo(0.2065, 3);
    expect(one.ci![1]).toBe(1);
    // 520 of 1000: the textbook Wilson interval is 0.4890 – 0.5508.
    const [lo, hi] = wilsonInterval(520, 1000);
    expect(lo).toBeCloseTo(0.489, 3);
    expect(hi).toBeCloseTo(0.5508, 3);
  });

  it('is on every board, in the notes', () => {
    const battles = [...series('p', 'q', 30, 18), ...series('q', 'p', 30, 14)];
    const board = buildBoard({ battles, labels: {}, query });
    expect(board.decisiveBattles).toBe(60);
    expect(board.sideAWinShare).toBeCloseTo(32 / 60, 10);
    const [lo, hi] = board.sideAWinCi!;
    expect(boardNotes(board)[0].text).toBe(
      `Side A won 53\u00a0% of 60 decisive battles (95\u00a0% interval ${Math.round(lo * 100)}–${Math.round(hi * 100)}\u00a0%); near 50\u00a0% means the side shown does not sway votes.`,
    );
    expect(formatLeaderboardTable(board).replace(/\n */g, ' ')).toContain(`Side A won 53\u00a0% of 60 decisive battles (95\u00a0% interval ${Math.round(lo * 100)}–`);
  });
});

describe('notes on what was left out', () => {
  const board = buildBoard({ battles: series('p', 'q', 12, 6), labels: {}, query });

  it('say how many votes and duels when the query filled them in', () => {
    const texts = boardNotes({ ...board, leftOutVotes: 12, downWeightedDuels: 1 }).map((n) => n.text);
    expect(texts).toContain('12 votes from flagged voters left out.');
    expect(texts).toContain('1 duel on repeated prompts down-weighted.');
    const chat = formatLeaderboardTable({ ...board, leftOutVotes: 1, downWeightedDuels: 30 });
    expect(chat).toContain('1 vote from flagged voters left out.');
    expect(chat).toContain('30 duels on repeated prompts down-weighted.');
  });

  it('stay out when nothing was left out', () => {
    for (const b of [board, { ...board, leftOutVotes: 0, downWeightedDuels: 0 }]) {
      expect(boardNotes(b).map((n) => n.kind)).toEqual(['side-a']);
    }
  });
});
