/**
 * Read battles from CSV (`a,b,outcome`, one battle a line, outcome = A's share in [0, 1]),
 * the format of ../shared/ratings/battles.csv and of exports.
 */
import type { RatedBattle } from './board.js';

const HEADER = ['a', 'b', 'outcome'];

/** Parse the CSV text. Throws an Error naming the line of the first problem. */
export function parseBattlesCsv(text: string): RatedBattle[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const battles: RatedBattle[] = [];
  let sawHeader = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k].trim();
    const where = `battles.csv line ${k + 1}`;
    if (line === '') continue;
    const cells = line.split(',').map(unquote);
    if (!sawHeader) {
      if (cells.length !== 3 || cells.some((c, i) => c.toLowerCase() !== HEADER[i])) {
        throw new Error(`${where}: expected the header 'a,b,outcome', found '${clip(line)}'`);
      }
      sawHeader = true;
      continue;
    }
    if (cells.length !== 3) {
      throw new Error(`${where}: expected 3 fields (a,b,outcome), found ${cells.length}`);
    }
    const [a, b, raw] = cells;
    if (a === '' || b === '') throw new Error(`${where}: contender ${a === '' ? 'a' : 'b'} is empty`);
    if (a === b) throw new Error(`${where}: '${clip(a)}' cannot battle itself`);
    const outcome = raw === '' ? Number.NaN : Number(raw);
    if (!Number.isFinite(outcome) || outcome < 0 || outcome > 1) {
      throw new Error(`${where}: outcome '${clip(raw)}' is not a number between 0 and 1`);
    }
    battles.push({ a, b, outcome });
  }
  if (!sawHeader) throw new Error("battles.csv line 1: the file is empty; expected the header 'a,b,outcome'");
  return battles;
}

function unquote(cell: string): string {
  const t = cell.trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).replace(/""/g, '"') : t;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
