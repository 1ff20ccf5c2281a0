/**
 * What each model's drawings look like, as monospace text (chat `/leaderboard metrics`): share
 * of draws that produced a drawing, median size and elements, share animated and with text,
 * median time and tokens. Numbers are kept short (4.2 KB, 1.2k tokens) so the table fits a
 * phone; a key below says what each column is. Pure: no I/O.
 */
import { cleanLabel, DEFAULT_TABLE_WIDTH } from './table-text.js';
import { layoutColumns, wrapText } from './text-columns.js';
import { EMPTY_BOARD_MESSAGE } from './leaderboard-table.js';
import type { Leaderboard, ModelMetrics } from '../model/board-types.js';

/** Shown in a cell whose value is not known (no drawing, or a provider that reports no tokens). */
export const NO_VALUE = '–';

export const METRICS_KEY =
  'Drew: draws that produced a drawing. KB, Elem: median size and elements. Anim, Text: drawings animated, with drawn text. Time, Tokens: median time and tokens in/out per draw.';

export const NO_METRICS_MESSAGE = 'No drawing metrics on this board yet.';

const pct = (x: number | null) => (x === null ? NO_VALUE : `${Math.round(x * 100)}%`);

/** Kilobytes: one decimal under 10 KB, whole above. */
export function kb(bytes: number | null): string {
  if (bytes === null) return NO_VALUE;
  const k = bytes / 1024;
  return k < 10 ? k.toFixed(1) : String(Math.round(k));
}

/** 8.4s, 41s, 3m05 */
export function duration(ms: number | null): string {
  if (ms === null) return NO_VALUE;
  const s = ms / 1000;
  if (s < 10) return `${s.toFixed(1)}s`;
  if (s < 60) return `${Math.round(s)}s`;
  const whole = Math.round(s);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}`;
}

/** 850, 1.2k, 12k, 1.5M */
export function count(n: number | null): string {
  if (n === null) return '?';
  if (n < 1000) return String(Math.round(n));
  if (n < 10_000) return `${(n / 1000).toFixed(1)}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

function tokens(m: ModelMetrics): string {
  return m.medianTokensIn === null && m.medianTokensOut === null ? NO_VALUE : `${count(m.medianTokensIn)}/${count(m.medianTokensOut)}`;
}

/** The table and its key; a board without metrics (a CSV of battles) says so instead. */
export function formatMetricsTable(board: Leaderboard, options: { maxWidth?: number } = {}): string {
  const maxWidth = Math.max(30, Math.floor(options.maxWidth ?? DEFAULT_TABLE_WIDTH));
  if (board.rows.length === 0) return EMPTY_BOARD_MESSAGE;
  const rows = board.rows.filter((r) => r.metrics);
  if (rows.length === 0) return NO_METRICS_MESSAGE;
  const col = (head: string, cell: (m: ModelMetrics) => string) => ({ head, align: 'right' as const, cells: rows.map((r) => cell(r.metrics!)) });
  const table = layoutColumns(
    [
      { head: '#', align: 'right', cells: rows.map((r) => String(r.rank)) },
      { head: 'Contender', align: 'left', cells: rows.map((r) => cleanLabel(r.label)) },
      col('Drew', (m) => pct(m.drawnShare)),
      col('KB', (m) => kb(m.medianBytes)),
      col('Elem', (m) => (m.medianElements === null ? NO_VALUE : String(Math.round(m.medianElements)))),
      col('Anim', (m) => pct(m.animatedShare)),
      col('Text', (m) => pct(m.textShare)),
      col('Time', (m) => duration(m.medianMs)),
      col('Tokens', tokens),
    ],
    // One space between the number columns: eight columns must fit a phone's code block.
    { maxWidth, flex: 1, minFlex: 8, gap: 1 },
  );
  return [...table, '', ...wrapText(METRICS_KEY, maxWidth)].join('\n');
}
