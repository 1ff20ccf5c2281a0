/**
 * LMArena's pairwise matrices: for every pair of contenders, how often one beat the other and
 * how many battles they had, ties excluded. Descriptive counts of what happened: battle
 * weights (repeated prompts) change the rating fit, not these.
 */
import type { Battle, PairMatrix } from '../model/board-types.js';

/**
 * The matrices for `specs` (in that order). A battle counts as won by the side whose vote share
 * is above one half, whichever side of the image it was on; a share of exactly one half is a
 * tie and is left out. Battles naming a contender outside `specs` are ignored.
 */
export function pairMatrix(battles: readonly Battle[], specs: readonly string[]): PairMatrix {
  const n = specs.length;
  const index = new Map(specs.map((s, k) => [s, k] as const));
  const grid = () => Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const wins = grid();
  const decisive = grid();
  for (const b of battles) {
    const i = index.get(b.a);
    const j = index.get(b.b);
    if (i === undefined || j === undefined || i === j || b.outcome === 0.5) continue;
    decisive[i][j]++;
    decisive[j][i]++;
    if (b.outcome > 0.5) wins[i][j]++;
    else wins[j][i]++;
  }
  return { specs: [...specs], wins, decisive };
}

/** Row `i`'s share of its decisive battles against column `j`, null when they had none. */
export function winShare(m: PairMatrix, i: number, j: number): number | null {
  const d = m.decisive[i]?.[j] ?? 0;
  return d > 0 ? m.wins[i][j] / d : null;
}
