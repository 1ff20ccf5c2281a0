/**
 * The style-controlled board as monospace text (chat `/leaderboard style`, `duel leaderboard
 * --control style`): the raw and the controlled rank side by side with the change, then
 * "What wins votes": each drawing feature's effect on votes whatever the model. Pure: no I/O.
 */
import { cleanLabel, DEFAULT_TABLE_WIDTH } from './table-text.js';
import { layoutColumns, rankChange, signed, whole, wrapText } from './text-columns.js';
import type { Leaderboard, StyleCoefficient, StyleControl } from '../model/board-types.js';
import { EMPTY_BOARD_MESSAGE, PROVISIONAL_MARK } from './leaderboard-table.js';
import { boardNotes } from '../ratings/board-notes.js';

/** What a positive coefficient of each drawing feature means, in people's words, and what the feature measures. */
export const FEATURE_TEXT: Readonly<Record<string, { words: string; what: string }>> = {
  bytes: { words: 'Bigger files', what: 'size of the SVG in bytes' },
  elements: { words: 'More elements', what: 'elements in the SVG' },
  colors: { words: 'More colours', what: 'distinct paint colours' },
  animated: { words: 'Animated drawings', what: 'a drawing that moves, against one that stands still' },
  text: { words: 'Drawn text', what: 'characters of text the drawing shows' },
};

/** A feature's words; a feature people brought (a CSV column `a_<name>`) keeps its name. */
export function featureWords(name: string): string {
  return FEATURE_TEXT[name]?.words ?? `More ${name}`;
}

/** What a feature measures, or null for one people brought. */
export function featureMeaning(name: string): string | null {
  return FEATURE_TEXT[name]?.what ?? null;
}

/** "51–117", or "−5 to 30" when a bound is negative (a dash between them would read as a minus). */
export function coefIntervalText([lo, hi]: readonly [number, number]): string {
  return lo < 0 || hi < 0 ? `${whole(lo)} to ${whole(hi)}` : `${whole(lo)}–${whole(hi)}`;
}

/** What the numbers of "What wins votes" are, said once wherever they are shown. */
export const COEF_UNIT =
  'Elo points a drawing gains, whatever its model, from one standard step more of the feature (animated: against a still drawing); 95\u00a0% interval in brackets, one that spans 0 is no clear effect.';

/** What a controlled rating is, on every board that shows one. */
export const CONTROLLED_WORDS = 'the rating with drawing style (size, elements, colours, animation, text) held equal';

/** What the controlled columns are. */
export const CONTROLLED_MEANING = `Controlled: ${CONTROLLED_WORDS}. ▲▼: places moved once style is held equal.`;

export const NO_CONTROL_MESSAGE = 'Style control needs battles whose drawings both have their features measured; there are none in this scope yet.';

/** "+84 (51–117)", or "+12 (−5 to 30)" when a bound is negative (a dash would read as a minus). */
export function coefText(c: StyleCoefficient): string {
  return c.ci ? `${signed(c.coef)} (${coefIntervalText(c.ci)})` : `${signed(c.coef)} (not yet known)`;
}

/** "What wins votes" as lines: the heading, one line per feature (largest effect first), the unit. */
export function whatWinsLines(control: StyleControl, maxWidth = DEFAULT_TABLE_WIDTH): string[] {
  if (control.features.length === 0) return [NO_CONTROL_MESSAGE];
  const features = [...control.features].sort((a, b) => b.coef - a.coef);
  const words = features.map((f) => featureWords(f.name));
  const w = Math.max(...words.map((s) => [...s].length));
  const n = control.battles;
  return [
    `What wins votes (${n.toLocaleString('en-US')} ${n === 1 ? 'battle' : 'battles'} with features):`,
    ...features.map((f, k) => `  ${words[k].padEnd(w)}  ${coefText(f)}`),
    ...wrapText(COEF_UNIT, maxWidth),
  ];
}

/**
 * Rank, controlled rank with its change, contender, raw rating, controlled rating; then what
 * the columns mean and "What wins votes". Without `board.control`, says that style control is
 * not available in this scope. Rows follow the raw board.
 */
export function formatStyleTable(board: Leaderboard, options: { maxWidth?: number } = {}): string {
  const maxWidth = Math.max(30, Math.floor(options.maxWidth ?? DEFAULT_TABLE_WIDTH));
  if (board.rows.length === 0) return EMPTY_BOARD_MESSAGE;
  const control = board.control;
  if (!control || control.rows.length === 0) return wrapText(NO_CONTROL_MESSAGE, maxWidth).join('\n');
  const ctrl = new Map(control.rows.map((r) => [r.spec, r] as const));
  const rows = board.rows;
  const ctrlRank = rows.map((r) => {
    const c = ctrl.get(r.spec);
    return c ? `${c.rank} ${rankChange(r.rank, c.rank)}` : '–';
  });
  const table = layoutColumns(
    [
      { head: '#', align: 'right', cells: rows.map((r) => String(r.rank)) },
      { head: 'Ctrl #', align: 'left', cells: ctrlRank },
      { head: 'Contender', align: 'left', cells: rows.map((r) => cleanLabel(r.label) + (r.provisional ? PROVISIONAL_MARK : '')) },
      { head: 'Rating', align: 'right', cells: rows.map((r) => whole(r.rating)) },
      { head: 'Controlled', align: 'right', cells: rows.map((r) => (ctrl.has(r.spec) ? whole(ctrl.get(r.spec)!.rating) : '–')) },
    ],
    { maxWidth, flex: 2, minFlex: 8 },
  );
  const provisional = boardNotes(board).find((n) => n.kind === 'provisional');
  const notes = [CONTROLLED_MEANING, ...(provisional ? [`${PROVISIONAL_MARK} ${provisional.text}`] : [])];
  return [...table, '', ...notes.flatMap((n) => wrapText(n, maxWidth)), '', ...whatWinsLines(control, maxWidth)].join('\n');
}
