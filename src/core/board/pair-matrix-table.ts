/**
 * The pairwise matrices as monospace text for a chat code block or a terminal: who beat whom
 * (win share of the row's contender over the column's, ties excluded) and how many battles
 * that share rests on. Rows and columns are numbered in board order, so columns stay narrow
 * enough for a phone. Pure: no I/O.
 */
import { cleanLabel, DEFAULT_TABLE_WIDTH, len } from './table-text.js';
import { winShare } from '../ratings/pair-matrix.js';
import type { Leaderboard } from '../model/board-types.js';

/** Characters per number column ("100%" plus a space). */
const CELL = 5;
/** Label width bounds: enough to recognize a model, short enough to leave room for columns. */
const LABEL_MIN = 7;
const LABEL_MAX = 24;

/**
 * Two small tables, as lines. When not every contender fits in `maxWidth`, the top of the
 * board is shown and a line says how many were left out (the web leaderboard shows them all).
 * An empty cell (`–`) is a pair that has had no decisive battle.
 */
export function formatPairMatrix(board: Leaderboard, options: { maxWidth?: number; maxShown?: number } = {}): string[] {
  const maxWidth = Math.max(30, Math.floor(options.maxWidth ?? DEFAULT_TABLE_WIDTH));
  const m = board.matrix;
  const total = m.specs.length;
  if (total < 2) return ['Head to head: needs at least two rated contenders.'];
  const labelOf = new Map(board.rows.map((r) => [r.spec, cleanLabel(r.label)] as const));
  const num = (k: number) => String(k + 1);
  const numW = num(total - 1).length;
  let shown = Math.max(2, Math.min(total, Math.floor(options.maxShown ?? total)));
  let labelW = LABEL_MAX;
  // Shrink the labels first, then drop contenders from the bottom of the board.
  const width = (n: number, lw: number) => numW + 1 + lw + n * CELL;
  while (width(shown, labelW) > maxWidth && labelW > LABEL_MIN) labelW--;
  while (width(shown, labelW) > maxWidth && shown > 2) shown--;
  const natural = Math.max(...m.specs.slice(0, shown).map((s) => len(labelOf.get(s) ?? s)));
  labelW = Math.min(labelW, Math.max(natural, 4));

  const columns = Array.from({ length: shown }, (_, j) => num(j).padStart(CELL)).join('');
  const head = ' '.repeat(numW + 1 + labelW) + columns;
  // The second table is read against the first: its rows carry the number only, which keeps
  // the message short enough for a chat.
  const rowsOf = (cell: (i: number, j: number) => string, named = true) =>
    Array.from({ length: shown }, (_, i) => {
      const cells = Array.from({ length: shown }, (_, j) => (i === j ? '·' : cell(i, j)).padStart(CELL)).join('');
      if (!named) return `${num(i).padStart(numW)}${cells}`;
      const label = truncateMiddle(labelOf.get(m.specs[i]) ?? m.specs[i], labelW);
      return `${num(i).padStart(numW)} ${label}${' '.repeat(Math.max(0, labelW - len(label)))}${cells}`;
    });
  const share = (i: number, j: number) => {
    const w = winShare(m, i, j);
    return w === null ? '–' : `${Math.round(w * 100)}%`;
  };
  const count = (i: number, j: number) => String(m.decisive[i][j]);
  const lines = [
    'Win share: row beat column (ties left out)',
    head,
    ...rowsOf(share),
    '',
    'Battles per pair (ties left out), rows numbered as above',
    ' '.repeat(numW) + columns,
    ...rowsOf(count, false),
  ];
  if (shown < total) lines.push(`Top ${shown} of ${total} shown; the web leaderboard has them all.`);
  return lines;
}

/**
 * Shorten by cutting the middle: model names often differ only at the end ("…model-7",
 * "Opus 4.7" against "Opus 4.5"), so both ends are kept.
 */
export function truncateMiddle(s: string, w: number): string {
  const cps = [...s];
  if (cps.length <= w) return s;
  const tail = Math.floor((w - 1) / 2);
  return `${cps.slice(0, w - 1 - tail).join('')}…${cps.slice(cps.length - tail).join('')}`;
}
