/**
 * Ratings benchmark: 100,000 synthetic battles among 30 contenders, Bradley–Terry fit plus
 * 200 bootstrap rounds (what a leaderboard request costs). Target: under 1 s.
 */
import type { BenchRow } from './table.js';
import type { Battle } from '../src/core/model/types.js';
import { bootstrapRatings } from '../src/core/ratings/bootstrap.js';
import { expectedScore } from '../src/core/ratings/bradley-terry.js';
import { mulberry32 } from '../src/core/ratings/prng.js';

const BATTLES = 100_000;
const CONTENDERS = 30;
const ROUNDS = 200;
const TARGET_MS = 1000;

/** Battles with vote shares drawn around the true win probability (1–5 voters each). */
export function syntheticBattles(count: number, contenders: number, seed = 7): Battle[] {
  const random = mulberry32(seed);
  const truth = Array.from({ length: contenders }, (_, k) => 1000 + (k - contenders / 2) * 15);
  const battles: Battle[] = [];
  for (let n = 0; n < count; n++) {
    const a = (random() * contenders) | 0;
    let b = (random() * (contenders - 1)) | 0;
    if (b >= a) b++;
    const p = expectedScore(truth[a], truth[b]);
    const voters = 1 + ((random() * 5) | 0);
    let votesA = 0;
    for (let v = 0; v < voters; v++) if (random() < p) votesA++;
    battles.push({ a: `model-${a}`, b: `model-${b}`, outcome: votesA / voters });
  }
  return battles;
}

export async function benchRatings(): Promise<BenchRow[]> {
  const battles = syntheticBattles(BATTLES, CONTENDERS);
  bootstrapRatings(battles.slice(0, 5000)); // warm up the JIT
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    bootstrapRatings(battles, { rounds: ROUNDS, seed: r + 1 });
    runs.push(performance.now() - start);
  }
  const ms = runs.sort((x, y) => x - y)[1];
  return [
    {
      name: `ratings: BT fit + ${ROUNDS} bootstrap rounds, ${BATTLES.toLocaleString('en-US')} battles, ${CONTENDERS} contenders`,
      value: `${Math.round(ms)} ms (median of 3)`,
      target: `< ${TARGET_MS} ms`,
      ok: ms < TARGET_MS,
    },
  ];
}
