import { describe, expect, it } from 'vitest';
import { formatLeaderboardTable, EMPTY_BOARD_MESSAGE } from '../../../src/core/board/leaderboard-table.js';
import { buildBoard, parseBattlesCsv, type RatedBattle } from '../../../src/core/ratings/index.js';

const query = { scope: 'global', since: 'all' } as const;

const battles: RatedBattle[] = [
  { a: 'ollama:q', b: 'anthropic:c', outcome: 1, tally: { A: 2, B: 0, tie: 0, bad: 0 } },
  { a: 'anthropic:c', b: 'ollama:q', outcome: 0.5, tally: { A: 0, B: 0, tie: 2, bad: 0 } },
  { a: 'anthropic:c', b: 'ollama:q', outcome: 0.5, tally: { A: 0, B: 0, tie: 0, bad: 3 } },
  { a: 'anthropic:c', b: 'ollama:q', outcome: 1, tally: { A: 1, B: 0, tie: 0, bad: 0 } },
  { a: 'ollama:q', b: 'anthropic:c', outcome: 0.75, tally: { A: 3, B: 1, tie: 0, bad: 0 } },
];
const board = buildBoard({
  battles,
  labels: { 'ollama:q': 'Qwen (local)', 'anthropic:c': 'Claude' },
  activity: new Map([
    ['ollama:q', { duels: 6, failures: 1, ms: [3000, 1000, 2000, 4000, 5000] }],
    ['anthropic:c', { duels: 6, failures: 0, ms: [100, 200] }],
  ]),
  query,
});

describe('buildBoard', () => {

  it('counts wins, losses, ties and both-bad apart', () => {
    const q = board.rows.find((r) => r.spec === 'ollama:q')!;
    expect(q).toMatchObject({ label: 'Qwen (local)', battles: 5, wins: 2, losses: 1, ties: 1, bothBad: 1 });
    expect(q.winRate).toBeCloseTo((2 + 0.5) / 5, 10);
    expect(q.medianMs).toBe(3000);
    expect(q.failureRate).toBeCloseTo(1 / 6, 10);
    expect(board.rows.find((r) => r.spec === 'anthropic:c')!.medianMs).toBe(150);
  });

  it('measures the side-A share over decisive battles', () => {
    expect(board.battles).toBe(5);
    expect(board.sideAWinShare).toBe(1);
    expect(buildBoard({ battles: [{ a: 'x', b: 'y', outcome: 0.5 }], labels: {}, query }).sideAWinShare).toBeNull();
  });

  it('sorts by rating and keeps the query', () => {
    expect(board.rows[0].rating).toBeGreaterThanOrEqual(board.rows[1].rating);
    expect(board.query).toEqual(query);
  });
});

describe('parseBattlesCsv', () => {
  it('reads battles', () => {
    expect(parseBattlesCsv('a,b,outcome\r\nx,y,0.25\n\n"y",z,1\n')).toEqual([
      { a: 'x', b: 'y', outcome: 0.25 },
      { a: 'y', b: 'z', outcome: 1 },
    ]);
  });

  it.each([
    ['a,b,outcome\nx,y,0.5\nx,y,lots\n', /line 3: outcome 'lots' is not a number between 0 and 1/],
    ['a,b,outcome\nx,y,1.5\n', /line 2: outcome '1.5'/],
    ['a,b,outcome\nx,y\n', /line 2: expected 3 fields like the header, found 2/],
    ['a,b,outcome\nx,x,1\n', /line 2: 'x' cannot battle itself/],
    ['left,right,score\n', /line 1: expected a header with the columns a,b,outcome/],
    ['', /line 1: the file is empty/],
  ])('refuses a malformed file with the line number (%#)', (text, message) => {
    expect(() => parseBattlesCsv(text)).toThrow(message);
  });
});

describe('parseBattlesCsv on an export', () => {
  it('reads the battles of `duel export --format csv` and skips what is no battle', () => {
    const rows = [
      'id,platform,prompt,a,b,outcome,status,flags',
      'd1,discord,"a heron, ""quoted""",ollama:q,anthropic:c,0.75,closed,',
      'd2,slack,"two\nlines",anthropic:c,ollama:q,1,closed,',
      'd3,web,no contest,ollama:q,anthropic:c,,no-contest,',
      'd4,web,named,ollama:q,anthropic:c,1,closed,unblinded',
    ];
    expect(parseBattlesCsv(rows.join('\n'))).toEqual([
      { a: 'ollama:q', b: 'anthropic:c', outcome: 0.75 },
      { a: 'anthropic:c', b: 'ollama:q', outcome: 1 },
    ]);
    // The quoted newline in d2 makes the bad row start on line 7.
    expect(() => parseBattlesCsv([...rows, 'd5,cli,bad,ollama:q,anthropic:c,2,closed,'].join('\n'))).toThrow(/line 7: outcome '2'/);
  });
});

describe('formatLeaderboardTable', () => {
  it('reads well in a chat message', () => {
    const text = formatLeaderboardTable(board);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/#\s+Contender\s+Rating/);
    expect(text).toContain('Qwen (local)');
    expect(text).toContain('Claude');
    expect(text).toMatch(/5 rated battles/);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(64);
  });

  it('keeps within a narrow width by shortening', () => {
    const wide = buildBoard({ battles: [{ a: 'ollama:a-very-long-model-name-that-goes-on-and-on', b: 'anthropic:another-very-long-model-name', outcome: 1 }], labels: {}, query });
    const lines = formatLeaderboardTable(wide, { maxWidth: 40 }).split('\n');
    expect(Math.max(...lines.filter((l) => !/battles|position/.test(l)).map((l) => l.length))).toBeLessThanOrEqual(40);
  });

  it('says what to do when nobody has voted yet', () => {
    expect(formatLeaderboardTable(buildBoard({ battles: [], labels: {}, query }))).toBe(EMPTY_BOARD_MESSAGE);
  });
});
