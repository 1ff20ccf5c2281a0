/**
 * Ratings benchmark: 100,000 synthetic battles among 30 contenders, Bradley–Terry fit plus
 * 200 bootstrap rounds (what a leaderboard request costs). Target: under 1 s.
 * And the style-controlled fit (`--control style`): 100,000 battles, 10 contenders, the five
 * drawing features, fit plus 200 bootstrap rounds. Target: under 2 s.
 */
import type { BenchRow } from './table.js';
import type { Battle } from '../src/core/model/board-types.js';
import { bootstrapRatings } from '../src/core/ratings/bootstrap.js';
import { expectedScore } from '../src/core/ratings/bradley-terry.js';
import { mulberry32 } from '../src/core/ratings/prng.js';
import { fitStyleControl } from '../src/core/ratings/style-control.js';

const BATTLES = 100_000;
const CONTENDERS = 30;
const ROUNDS = 200;
const TARGET_MS = 1000;
const STYLE_CONTENDERS = 10;
const STYLE_TARGET_MS = 2000;

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

/**
 * Battles with the five drawing features: animated drawings win 100 Elo points whatever the
 * model, the other features are noise; what a database export of a busy arena looks like.
 */
export function syntheticStyledBattles(count: number, contenders: number, seed = 9): Battle[] {
  const random = mulberry32(seed);
  const drawing = () => {
    const animated = random() < 0.3 ? 1 : 0;
    return { bytes: 1500 + ((random() * 8000) | 0), elements: 3 + ((random() * 80) | 0), colors: 1 + ((random() * 10) | 0), animated, text: random() < 0.2 ? (random() * 30) | 0 : 0 };
  };
  return syntheticBattles(count, contenders, seed).map((b) => {
    const features = { a: drawing(), b: drawing() };
    // Re-draw the outcome with the animation effect: one voter's share is enough for timing.
    const p = expectedScore(Number(b.a.slice(6)) * 15 + 100 * features.a.animated, Number(b.b.slice(6)) * 15 + 100 * features.b.animated);
    return { ...b, outcome: random() < p ? 1 : 0, features };
  });
}

/** Median of three timed runs of `run`, in ms. */
function medianOfThree(run: (round: number) => void): number {
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = performance.now();
    run(r);
    runs.push(performance.now() - start);
  }
  return runs.sort((x, y) => x - y)[1];
}

function benchStyleControl(): BenchRow {
  const battles = syntheticStyledBattles(BATTLES, STYLE_CONTENDERS);
  fitStyleControl(battles.slice(0, 5000), String); // warm up the JIT
  const ms = medianOfThree((r) => fitStyleControl(battles, String, { rounds: ROUNDS, seed: r + 1 }));
  return {
    name: `ratings: style-controlled fit + bootstrap, ${BATTLES.toLocaleString('en-US')} battles, ${STYLE_CONTENDERS} contenders, 5 features`,
    value: `${Math.round(ms)} ms (median of 3)`,
    target: `< ${STYLE_TARGET_MS / 1000} s`,
    ok: ms < STYLE_TARGET_MS,
  };
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
    benchStyleControl(),
  ];
}
