/**
 * Read battles from CSV: `a,b,outcome` (outcome = A's share of the votes in [0, 1]), the format
 * of ../shared/ratings/battles.csv. The CSV of `duel export --format csv` reads too: extra
 * columns are ignored, and its rows that are no battle (no contest, no votes, unblinded) skipped.
 *
 * Every pair of columns `a_<name>` and `b_<name>` is a style feature of the battle
 * (`Battle.features`, for style control): the export writes a_bytes, b_bytes, a_elements, ...,
 * and people can bring their own. Their cells must be numbers; a pair left empty on a row means
 * that feature is unknown for that battle (a row with every pair empty has no features).
 */
import type { RatedBattle } from './board.js';

const REQUIRED = ['a', 'b', 'outcome'] as const;

/** The feature names of the header's `a_<name>`/`b_<name>` column pairs, with their columns. */
function featureColumns(names: readonly string[]): Array<{ name: string; a: number; b: number }> {
  const out: Array<{ name: string; a: number; b: number }> = [];
  names.forEach((col, a) => {
    const m = /^a_(.+)$/.exec(col);
    const b = m ? names.indexOf(`b_${m[1]}`) : -1;
    if (m && b >= 0) out.push({ name: m[1], a, b });
  });
  return out;
}

/** The row's features, or undefined when every pair is empty. Throws naming line and column. */
function rowFeatures(
  cells: readonly string[],
  pairs: ReadonlyArray<{ name: string; a: number; b: number }>,
  where: string,
): RatedBattle['features'] {
  const a: Record<string, number> = {};
  const b: Record<string, number> = {};
  let any = false;
  for (const pair of pairs) {
    const [ca, cb] = [cells[pair.a], cells[pair.b]];
    if (ca === '' && cb === '') continue;
    for (const [side, cell] of [['a', ca], ['b', cb]] as const) {
      const value = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(value)) {
        throw new Error(
          `${where}, column ${side}_${pair.name}: '${clip(cell)}' is not a number. Columns a_<name>/b_<name> are read as a feature of each drawing: give both a number, leave both empty, or rename the columns`,
        );
      }
      (side === 'a' ? a : b)[pair.name] = value;
    }
    any = true;
  }
  return any ? { a, b } : undefined;
}

/** One CSV record with the line it starts on. Quoted fields may hold commas, quotes and newlines. */
export function* csvRecords(text: string): Generator<{ line: number; cells: string[] }> {
  let line = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const start = line;
    const cells: string[] = [];
    let cell = '';
    let quoted = false;
    for (; i < text.length; i++) {
      const ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
        else if (ch === '"') quoted = false;
        else {
          if (ch === '\n') line++;
          cell += ch;
        }
      } else if (ch === '"' && cell.trim() === '') {
        quoted = true;
        cell = '';
      } else if (ch === ',') {
        cells.push(cell.trim());
        cell = '';
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        break;
      } else cell += ch;
    }
    cells.push(cell.trim());
    if (cells.length > 1 || cells[0] !== '') yield { line: start, cells };
  }
}

/** Parse the CSV text. Throws an Error naming the line of the first problem. */
export function parseBattlesCsv(text: string): RatedBattle[] {
  const battles: RatedBattle[] = [];
  let columns: Record<string, number> | undefined;
  let width = 0;
  let pairs: Array<{ name: string; a: number; b: number }> = [];
  for (const { line, cells } of csvRecords(text)) {
    const where = `line ${line}`;
    if (!columns) {
      const names = cells.map((c) => c.toLowerCase());
      if (REQUIRED.some((name) => !names.includes(name))) {
        throw new Error(`${where}: expected a header with the columns a,b,outcome, found '${clip(cells.join(','))}'`);
      }
      columns = Object.fromEntries(names.map((n, k) => [n, k]));
      width = cells.length;
      pairs = featureColumns(names);
      continue;
    }
    if (cells.length !== width) throw new Error(`${where}: expected ${width} fields like the header, found ${cells.length}`);
    const cell = (name: string) => (columns![name] === undefined ? undefined : cells[columns![name]]);
    const [a, b, raw] = REQUIRED.map((name) => cell(name)!);
    // Exported duels that are no battle: no contest or nobody voted (empty outcome), or unblinded.
    if (width > REQUIRED.length && (raw === '' || /\bunblinded\b/.test(cell('flags') ?? ''))) continue;
    if (a === '' || b === '') throw new Error(`${where}: contender ${a === '' ? 'a' : 'b'} is empty`);
    if (a === b) throw new Error(`${where}: '${clip(a)}' cannot battle itself`);
    const outcome = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(outcome) || outcome < 0 || outcome > 1) {
      throw new Error(`${where}: outcome '${clip(raw)}' is not a number between 0 and 1`);
    }
    const features = rowFeatures(cells, pairs, where);
    battles.push(features ? { a, b, outcome, features } : { a, b, outcome });
  }
  if (!columns) throw new Error("line 1: the file is empty; expected the header 'a,b,outcome'");
  return battles;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
