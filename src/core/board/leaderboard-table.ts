/**
 * The leaderboard as a compact monospace text table, for a chat code block (Discord,
 * Slack) or a terminal. Pure: no I/O.
 */
import { formatPairMatrix } from './pair-matrix-table.js';
import { cleanLabel, DEFAULT_TABLE_WIDTH, len, truncate } from './table-text.js';
import { wrapText } from './text-columns.js';
import { boardNotes, type BoardNoteKind } from '../ratings/board-notes.js';
import type { Leaderboard, LeaderboardRow } from '../model/board-types.js';

export { cleanLabel, len, truncate };

export interface LeaderboardTableOptions {
  /** Widest line in characters; default 64 (fits a Discord code block on most phones in landscape, and desktop). */
  maxWidth?: number;
  /** Add the pairwise matrices (win share and battles for every pair) below the notes. */
  matrix?: boolean;
  /**
   * Longest text in characters (a chat message's limit: Discord 2000, a Slack section 3000):
   * the matrices then show only as many of the top contenders as fit, and say so.
   */
  maxChars?: number;
}

/** Put after a provisional contender's name; the notes say what it means. */
export const PROVISIONAL_MARK = '*';
/** Shown instead of an interval that is not yet known. */
export const UNKNOWN_INTERVAL = '—';
const NOTE_MARKS: Partial<Record<BoardNoteKind, string>> = { provisional: PROVISIONAL_MARK, 'unknown-interval': UNKNOWN_INTERVAL };

export const EMPTY_BOARD_MESSAGE = 'No rated duels yet: start one with /duel';

interface Column {
  head: string;
  align: 'left' | 'right';
  cell: (row: LeaderboardRow) => string;
}

/**
 * Columns: rank, label, rating with its 95 % interval, battles, win rate. When the table
 * would be wider than `maxWidth`, the interval switches to `+36/-35`, then labels are
 * shortened, then the battles column goes. A provisional contender's label ends in `*`; an
 * interval not yet known shows as `—`. The notes below give the battle count, the side-A share
 * with its interval (the position-bias check) and what each mark means.
 */
export function formatLeaderboardTable(board: Leaderboard, options: LeaderboardTableOptions = {}): string {
  const maxWidth = Math.max(30, Math.floor(options.maxWidth ?? DEFAULT_TABLE_WIDTH));
  if (board.rows.length === 0) return EMPTY_BOARD_MESSAGE;

  const rank: Column = { head: '#', align: 'right', cell: (r) => String(r.rank) };
  // Right-align the rating itself so 3- and 4-digit ratings line up.
  const rw = Math.max(...board.rows.map((r) => round(r.rating).length));
  const rating = (r: LeaderboardRow) => round(r.rating).padStart(rw);
  const fullRating: Column = {
    head: 'Rating (95% CI)',
    align: 'left',
    cell: (r) => `${rating(r)} (${r.ci ? `${round(r.ci[0])}–${round(r.ci[1])}` : UNKNOWN_INTERVAL})`,
  };
  const shortRating: Column = {
    head: 'Rating',
    align: 'left',
    cell: (r) => `${rating(r)} ${r.ci ? `+${round(r.ci[1] - r.rating)}/-${round(r.rating - r.ci[0])}` : UNKNOWN_INTERVAL}`,
  };
  const battles: Column = { head: 'Battles', align: 'right', cell: (r) => String(r.battles) };
  const win: Column = { head: 'Win', align: 'right', cell: (r) => `${Math.round(r.winRate * 100)}%` };
  const labels = board.rows.map((r) => cleanLabel(r.label) + (r.provisional ? PROVISIONAL_MARK : ''));

  const attempts: Array<{ cols: Column[]; minLabel: number }> = [
    { cols: [rank, fullRating, battles, win], minLabel: Infinity },
    { cols: [rank, shortRating, battles, win], minLabel: Infinity },
    { cols: [rank, shortRating, battles, win], minLabel: 10 },
    { cols: [rank, shortRating, win], minLabel: 8 },
    { cols: [rank, shortRating, win], minLabel: 4 },
  ];
  let lines: string[] = [];
  for (const { cols, minLabel } of attempts) {
    lines = layout(board.rows, labels, cols, maxWidth, minLabel);
    if (lines.every((l) => [...l].length <= maxWidth)) break;
  }
  const notes = footer(board).flatMap((note) => wrapText(note, maxWidth, Object.values(NOTE_MARKS).some((m) => note.startsWith(`${m} `)) ? 2 : 0));
  const text = [...lines, '', ...notes].join('\n');
  if (!options.matrix) return text;
  const maxChars = options.maxChars ?? Infinity;
  for (let shown = board.matrix.specs.length; ; shown--) {
    const withMatrix = [text, '', ...formatPairMatrix(board, { maxWidth, maxShown: shown })].join('\n');
    if (withMatrix.length <= maxChars || shown <= 2) return withMatrix;
  }
}

/** The battle count, then every note of the board, each with its mark when it has one. */
export function footer(board: Leaderboard): string[] {
  const n = `${board.battles} rated ${board.battles === 1 ? 'battle' : 'battles'}.`;
  const [sideA, ...rest] = boardNotes(board);
  return [`${n} ${sideA.text}`, ...rest.map((note) => (NOTE_MARKS[note.kind] ? `${NOTE_MARKS[note.kind]} ${note.text}` : note.text))];
}

function layout(rows: LeaderboardRow[], labels: string[], cols: Column[], maxWidth: number, minLabel: number): string[] {
  const [first, ...rest] = cols;
  const cells = rows.map((r) => rest.map((c) => c.cell(r)));
  const firstCells = rows.map((r) => first.cell(r));
  const firstW = Math.max(len(first.head), ...firstCells.map(len));
  const widths = rest.map((c, i) => Math.max(len(c.head), ...cells.map((row) => len(row[i]))));
  const gap = 2;
  const fixed = firstW + gap + widths.reduce((s, w) => s + w + gap, 0);
  const labelHead = 'Contender';
  const natural = Math.max(len(labelHead), ...labels.map(len));
  const room = maxWidth - fixed;
  const labelW = natural <= room ? natural : Math.max(Math.min(minLabel, natural), room, 1);
  const pad = (s: string, w: number, align: 'left' | 'right') =>
    align === 'right' ? ' '.repeat(Math.max(0, w - len(s))) + s : s + ' '.repeat(Math.max(0, w - len(s)));
  const line = (f: string, label: string, rest2: string[]) =>
    [pad(f, firstW, first.align), pad(truncate(label, labelW), labelW, 'left'), ...rest2.map((c, i) => pad(c, widths[i], rest[i].align))]
      .join(' '.repeat(gap))
      .trimEnd();
  return [
    line(first.head, labelHead, rest.map((c) => c.head)),
    ...rows.map((_, k) => line(firstCells[k], labels[k], cells[k])),
  ];
}

function round(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x)) : '?';
}
