import { describe, expect, it } from 'vitest';
import { buildBoard, parseBattlesCsv } from '../../../src/core/ratings/index.js';

describe('parseBattlesCsv: a_<name>/b_<name> columns are style features', () => {
  const header = 'id,a,b,outcome,status,flags,a_bytes,b_bytes,a_elements,b_elements,a_animated,b_animated,a_label,note';

  it('reads every numeric a_/b_ pair into Battle.features and keeps the rest as before', () => {
    const text = [header, 'd1,x,y,0.75,closed,,1200,800,10,4,1,0,X,hi', 'd2,y,x,0,closed,,300,300,2,2,0,0,Y,'].join('\n');
    expect(parseBattlesCsv(text)).toEqual([
      { a: 'x', b: 'y', outcome: 0.75, features: { a: { bytes: 1200, elements: 10, animated: 1 }, b: { bytes: 800, elements: 4, animated: 0 } } },
      { a: 'y', b: 'x', outcome: 0, features: { a: { bytes: 300, elements: 2, animated: 0 }, b: { bytes: 300, elements: 2, animated: 0 } } },
    ]);
  });

  it('leaves features out where the export has none (empty pairs), and a file without pairs as it was', () => {
    const text = [header, 'd1,x,y,1,closed,,,,,,,,,', 'd2,x,y,1,closed,,5,6,,,,,,'].join('\n');
    expect(parseBattlesCsv(text)).toEqual([
      { a: 'x', b: 'y', outcome: 1 },
      { a: 'x', b: 'y', outcome: 1, features: { a: { bytes: 5 }, b: { bytes: 6 } } },
    ]);
    expect(parseBattlesCsv('a,b,outcome,a_x\nx,y,1,zzz\n')).toEqual([{ a: 'x', b: 'y', outcome: 1 }]);
  });

  it('names the line and the column of a cell that is no number', () => {
    const bad = [header, 'd1,x,y,1,closed,,1,2,3,4,0,0,,', 'd2,x,y,1,closed,,1,2,3,many,0,0,,'].join('\n');
    expect(() => parseBattlesCsv(bad)).toThrow(/^line 3, column b_elements: 'many' is not a number/);
    const half = [header, 'd1,x,y,1,closed,,1,,3,4,0,0,,'].join('\n');
    expect(() => parseBattlesCsv(half)).toThrow(/^line 2, column b_bytes: '' is not a number.*leave both empty/);
  });

  it('reads back into a style-controlled board', () => {
    const rows = [header];
    for (let k = 0; k < 40; k++) rows.push(`d${k},${k % 2 ? 'x' : 'y'},${k % 2 ? 'y' : 'x'},${k % 3 ? 1 : 0},closed,,${100 + k},${90 + 2 * k},${k % 5},${k % 7},${k % 2},${k % 3 === 0 ? 1 : 0},,`);
    const board = buildBoard({ battles: parseBattlesCsv(rows.join('\n')), labels: {}, query: { scope: 'global', since: 'all', control: 'style' } });
    expect(board.control!.features.map((f) => f.name)).toEqual(['bytes', 'elements', 'animated']);
    expect(board.control!.battles).toBe(40);
  });
});
