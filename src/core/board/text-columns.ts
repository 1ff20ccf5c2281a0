/**
 * A monospace table with one flexible column (the contender's name) for the board views that
 * chat shows on request (style, metrics, your board). The name gets what the fixed columns
 * leave of the width, is shortened in the middle when it must be ("…model-7" and "Opus 4.7"
 * differ at the end), and never below `minFlex` characters.
 */
import { truncateMiddle } from './pair-matrix-table.js';
import { len } from './table-text.js';

export interface TextColumn {
  head: string;
  align: 'left' | 'right';
  cells: string[];
}

export interface ColumnsLayout {
  maxWidth: number;
  /** Index of the column that shrinks to fit. */
  flex: number;
  /** Shortest the flexible column becomes (it may then overflow `maxWidth`). */
  minFlex: number;
  /** Spaces between columns; default 2. */
  gap?: number;
}

/** Header line then one line per row, trailing spaces trimmed. */
export function layoutColumns(cols: TextColumn[], opts: ColumnsLayout): string[] {
  const gap = opts.gap ?? 2;
  const natural = cols.map((c) => Math.max(len(c.head), ...c.cells.map(len)));
  const fixed = natural.reduce((s, w, i) => (i === opts.flex ? s : s + w), 0) + gap * (cols.length - 1);
  const room = opts.maxWidth - fixed;
  const widths = natural.map((w, i) => (i !== opts.flex || w <= room ? w : Math.max(Math.min(opts.minFlex, w), room)));
  const pad = (s: string, w: number, align: 'left' | 'right') => (align === 'right' ? ' '.repeat(Math.max(0, w - len(s))) + s : s + ' '.repeat(Math.max(0, w - len(s))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => pad(i === opts.flex ? truncateMiddle(c, widths[i]) : c, widths[i], cols[i].align))
      .join(' '.repeat(gap))
      .trimEnd();
  const rows = cols[0]?.cells.length ?? 0;
  return [line(cols.map((c) => c.head)), ...Array.from({ length: rows }, (_, k) => line(cols.map((c) => c.cells[k])))];
}

/** Wrap at spaces to `width`; continuation lines indented by `hang`. No-break spaces hold. */
export function wrapText(text: string, width: number, hang = 0): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(' ')) {
    if (cur.trim() !== '' && len(cur) + 1 + len(word) > width) {
      out.push(cur);
      cur = ' '.repeat(hang) + word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** A whole number with a real minus sign (U+2212), or "?" when it is not finite. */
export function whole(x: number): string {
  return Number.isFinite(x) ? String(Math.round(x)).replace('-', '−') : '?';
}

/** A signed whole number: "+84", "−12", "0". */
export function signed(x: number): string {
  const r = Math.round(x);
  return r > 0 ? `+${r}` : whole(r === 0 ? 0 : r);
}

/**
 * A change of places: ▲2 (moved up two), ▼1 (down one), = (same place). `from` and `to` are
 * ranks, 1 best.
 */
export function rankChange(from: number, to: number): string {
  const d = from - to;
  return d > 0 ? `▲${d}` : d < 0 ? `▼${-d}` : '=';
}

/** No-break space: "75 %" never splits across lines. */
export const NBSP = '\u00a0';

export function percent(share: number): string {
  return `${Math.round(share * 100)}${NBSP}%`;
}
