/**
 * 95 % intervals for Bradley–Terry ratings by bootstrap: the battles are resampled with
 * replacement, each resample is re-aggregated into pair counts and refitted (warm-started
 * from the full-data fit), and the 2.5th and 97.5th percentiles of each contender's
 * resampled ratings form its interval, as LMArena computes them.
 *
 * An interval is only reported when the data can measure one (see `RatingEstimate.ci`): a
 * bootstrap whose resamples all agree (one battle, or only identical outcomes) would report a
 * zero-width interval such as "1507 – 1507", and a contender that has only won (or only lost)
 * has no maximum-likelihood rating at all: its rating is held finite by the fit's small penalty,
 * so its resamples say nothing about how far up (or down) it really is. Both are "not yet known".
 */
import type { Battle } from '../model/board-types.js';
import {
  aggregateBattles,
  DEFAULT_L2,
  emptyPairCounts,
  fitStrengths,
  indexBattles,
  playersOf,
  toEloScale,
} from './bradley-terry.js';
import { mulberry32 } from './prng.js';

/** Rounds used when none are given; also the minimum (fewer gives jumpy intervals). */
export const DEFAULT_ROUNDS = 200;
export const DEFAULT_SEED = 20240501;
/** Elo points: a narrower bootstrap interval means the resamples could not vary (not yet known). */
export const MIN_INTERVAL_WIDTH = 1;

export interface BootstrapOptions {
  /** Resampling rounds; raised to at least DEFAULT_ROUNDS (200). */
  rounds?: number;
  /** PRNG seed; the same battles and seed give the same intervals. */
  seed?: number;
  /** L2 penalty passed to the fit (see DEFAULT_L2). */
  l2?: number;
}

export interface RatingEstimate {
  /** Full-data Bradley–Terry rating, Elo scale, mean 1000. */
  rating: number;
  /**
   * 95 % bootstrap interval [low, high] on the same scale; null while it is not yet known:
   * the resamples span less than MIN_INTERVAL_WIDTH, or the contender has only won or only lost.
   */
  ci: [number, number] | null;
  /** 1 + the number of contenders whose interval lies wholly above this one's. */
  rank: number;
}

/**
 * Ratings, intervals and ranks for every contender named in `battles` (Map keyed by spec,
 * in sorted spec order). Empty input gives an empty map.
 */
export function bootstrapRatings(battles: readonly Battle[], options: BootstrapOptions = {}): Map<string, RatingEstimate> {
  const rounds = Math.max(DEFAULT_ROUNDS, Math.floor(options.rounds ?? DEFAULT_ROUNDS));
  const l2 = options.l2 ?? DEFAULT_L2;
  const players = playersOf(battles);
  const n = players.length;
  const out = new Map<string, RatingEstimate>();
  if (n === 0) return out;

  const full = fitStrengths(aggregateBattles(battles, players), { l2 });
  const ratings = toEloScale(full);

  const { pair, outcome, weight } = indexBattles(battles, players);
  const unweighted = weight.every((w, k) => w === 1 || pair[k] < 0);
  const total = pair.length;
  const random = mulberry32(options.seed ?? DEFAULT_SEED);
  const pc = emptyPairCounts(players);
  // samples[k * rounds + r]: contender k's rating in round r.
  const samples = new Float64Array(n * rounds);
  for (let r = 0; r < rounds; r++) {
    pc.count.fill(0);
    pc.score.fill(0);
    // Sampling battle indices and summing them per pair costs O(battles) per round with
    // no allocation; the fit itself only sees the pair counts.
    if (unweighted) {
      // The common case, kept apart: one memory read fewer per battle is a third of the time.
      for (let k = 0; k < total; k++) {
        const idx = (random() * total) | 0;
        const p = pair[idx];
        if (p < 0) continue;
        pc.count[p] += 1;
        pc.score[p] += outcome[idx];
      }
    } else {
      for (let k = 0; k < total; k++) {
        const idx = (random() * total) | 0;
        const p = pair[idx];
        if (p < 0) continue;
        pc.count[p] += weight[idx];
        pc.score[p] += weight[idx] * outcome[idx];
      }
    }
    const elo = toEloScale(fitStrengths(pc, { l2, init: full }));
    for (let k = 0; k < n; k++) samples[k * rounds + r] = elo[k];
  }

  const first = Int32Array.from(pair, (p) => (p < 0 ? -1 : pc.i[p]));
  const second = Int32Array.from(pair, (p) => (p < 0 ? -1 : pc.j[p]));
  const oneSided = perfectRecords(first, second, outcome, n);
  const ci = new Map<string, [number, number] | null>();
  for (let k = 0; k < n; k++) {
    const sorted = samples.subarray(k * rounds, (k + 1) * rounds).sort();
    const low = quantile(sorted, 0.025);
    const high = quantile(sorted, 0.975);
    ci.set(players[k], oneSided[k] || !(high - low >= MIN_INTERVAL_WIDTH) ? null : [low, high]);
  }
  const ranks = rankByIntervals(ci);
  for (let k = 0; k < n; k++) {
    const p = players[k];
    out.set(p, { rating: ratings[k], ci: ci.get(p)!, rank: ranks.get(p)! });
  }
  return out;
}

/**
 * Per contender: true when every battle it had went wholly its way, or wholly against it, so
 * its maximum-likelihood rating is infinite and only the penalty bounds it. Battle k is
 * `first[k]` against `second[k]` (contender indices; -1 for a battle left out) with `outcome[k]`
 * for `first[k]`.
 */
export function perfectRecords(first: ArrayLike<number>, second: ArrayLike<number>, outcome: ArrayLike<number>, n: number): boolean[] {
  const won = new Array<boolean>(n).fill(false);
  const lost = new Array<boolean>(n).fill(false);
  for (let k = 0; k < outcome.length; k++) {
    const [a, b] = [first[k], second[k]];
    if (a < 0 || b < 0) continue;
    // Any share strictly between 0 and 1 is part win and part loss for both sides.
    if (outcome[k] > 0) (won[a] = true), (lost[b] = true);
    if (outcome[k] < 1) (lost[a] = true), (won[b] = true);
  }
  return won.map((w, k) => !(w && lost[k]));
}

/** Quantile of sorted values with linear interpolation (numpy's and pandas' default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const len = sorted.length;
  if (len === 0) return Number.NaN;
  const pos = (len - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, len - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * rank = 1 + the number of contenders whose interval lies wholly above this one's
 * (their lower bound is above this one's upper bound). Overlapping contenders share ranks.
 * An interval not yet known (null) spans everything: it is above nobody and below nobody.
 */
export function rankByIntervals(ci: ReadonlyMap<string, readonly [number, number] | null>): Map<string, number> {
  const entries = [...ci].map(([spec, c]) => [spec, c ?? [-Infinity, Infinity]] as const);
  const ranks = new Map<string, number>();
  for (const [spec, [, high]] of entries) {
    let above = 0;
    for (const [other, [low]] of entries) if (other !== spec && low > high) above++;
    ranks.set(spec, 1 + above);
  }
  return ranks;
}
