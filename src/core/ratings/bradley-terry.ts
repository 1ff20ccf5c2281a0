/**
 * Bradley–Terry ratings on the Elo scale, fitted by maximum likelihood as LMArena does:
 * `P(A beats B) = 1 / (1 + 10^((R_B - R_A) / 400))`, fractional outcomes allowed (a battle
 * with outcome 0.7 counts as 0.7 of a win and 0.3 of a loss), ratings shifted so their
 * mean is 1000.
 *
 * The fit runs on aggregated pair counts (battles and summed outcome per unordered pair),
 * so its cost depends on the number of contenders, not on the number of battles.
 */
import type { Battle } from '../model/board-types.js';
import { sigmoid, softplus, solveSpd } from './numeric.js';

/** Points per factor of 10 in the odds. */
export const ELO_SCALE = 400;
export const ELO_BASE = 10;
/** The mean rating. */
export const ELO_MEAN = 1000;
/** Natural-log strength units -> Elo points. */
export const ELO_PER_NAT = ELO_SCALE / Math.LN10;

/**
 * Default L2 penalty on the natural-scale strengths (a Gaussian prior with a standard
 * deviation of about 32 nats, thousands of Elo points). It only matters when the
 * maximum-likelihood estimate does not exist (a contender that has only won or only lost,
 * or groups of contenders that never met): then it keeps ratings finite and in the right
 * order. On the reference data (one contender with just 12 battles) it moves ratings by
 * about 0.1 point; a contender with hundreds of battles moves by a few hundredths.
 */
export const DEFAULT_L2 = 1e-3;

/** Battles summed per unordered pair (i < j). */
export interface PairCounts {
  /** Contender specs; index = contender number. */
  players: string[];
  /** First contender of each pair (index into `players`). */
  i: Int32Array;
  /** Second contender of each pair, always > i. */
  j: Int32Array;
  /** Number of battles per pair (may be fractional for weighted data). */
  count: Float64Array;
  /** Summed outcome for `i` over those battles. */
  score: Float64Array;
}

/** Index of the pair (i, j) with i < j among n players, pairs listed row by row. */
export function pairIndex(i: number, j: number, n: number): number {
  return i * n - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The contender specs in a stable (sorted) order. */
export function playersOf(battles: readonly Battle[]): string[] {
  const set = new Set<string>();
  for (const b of battles) {
    set.add(b.a);
    set.add(b.b);
  }
  return [...set].sort();
}

/** Empty pair arrays for every unordered pair of `players`. */
export function emptyPairCounts(players: string[]): PairCounts {
  const n = players.length;
  const m = (n * (n - 1)) / 2;
  const i = new Int32Array(m);
  const j = new Int32Array(m);
  let k = 0;
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      i[k] = a;
      j[k] = b;
      k++;
    }
  }
  return { players, i, j, count: new Float64Array(m), score: new Float64Array(m) };
}

/**
 * Per battle: its pair, its outcome seen from the pair's first contender and its weight
 * (`Battle.weight`, default 1). Used by the bootstrap to re-aggregate resamples cheaply.
 * Battles of a contender against itself, or of weight 0, are dropped (pair -1).
 */
export function indexBattles(battles: readonly Battle[], players: string[]): { pair: Int32Array; outcome: Float64Array; weight: Float64Array } {
  const n = players.length;
  const id = new Map(players.map((p, k) => [p, k] as const));
  const pair = new Int32Array(battles.length);
  const outcome = new Float64Array(battles.length);
  const weight = new Float64Array(battles.length);
  for (let k = 0; k < battles.length; k++) {
    const b = battles[k];
    const ia = id.get(b.a);
    const ib = id.get(b.b);
    if (ia === undefined || ib === undefined) throw new Error(`battle ${k + 1} names a contender outside the list`);
    const w = battleWeight(b.weight);
    if (ia === ib || w === 0) {
      pair[k] = -1;
      continue;
    }
    weight[k] = w;
    const o = clampOutcome(b.outcome);
    if (ia < ib) {
      pair[k] = pairIndex(ia, ib, n);
      outcome[k] = o;
    } else {
      pair[k] = pairIndex(ib, ia, n);
      outcome[k] = 1 - o;
    }
  }
  return { pair, outcome, weight };
}

/** A battle's weight: 1 when absent; a weight must be a finite number >= 0. */
export function battleWeight(w: number | undefined): number {
  if (w === undefined) return 1;
  if (!Number.isFinite(w) || w < 0) throw new Error(`battle weight ${w} is not a number >= 0`);
  return w;
}

function clampOutcome(o: number): number {
  if (!Number.isFinite(o)) throw new Error(`battle outcome ${o} is not a number between 0 and 1`);
  return o < 0 ? 0 : o > 1 ? 1 : o;
}

/** Sum battles per unordered pair, each counted with its weight. */
export function aggregateBattles(battles: readonly Battle[], players: string[] = playersOf(battles)): PairCounts {
  const pc = emptyPairCounts(players);
  const { pair, outcome, weight } = indexBattles(battles, players);
  for (let k = 0; k < pair.length; k++) {
    const p = pair[k];
    if (p < 0) continue;
    pc.count[p] += weight[k];
    pc.score[p] += weight[k] * outcome[k];
  }
  return pc;
}

export interface FitOptions {
  /** L2 penalty on natural-scale strengths; default DEFAULT_L2. Must be > 0. */
  l2?: number;
  /** Starting strengths (natural scale), e.g. a previous fit; copied, not changed. */
  init?: Float64Array;
  /** Stop when no strength moves by more than this (natural scale). Default 1e-9. */
  tol?: number;
  maxIter?: number;
}

/** Penalized log-likelihood (natural scale). */
function objective(pc: PairCounts, s: Float64Array, l2: number): number {
  let ll = 0;
  for (let p = 0; p < pc.count.length; p++) {
    const n = pc.count[p];
    if (n === 0) continue;
    const d = s[pc.i[p]] - s[pc.j[p]];
    const w = pc.score[p];
    // w log σ(d) + (n - w) log σ(-d)
    ll -= w * softplus(-d) + (n - w) * softplus(d);
  }
  let pen = 0;
  for (let k = 0; k < s.length; k++) pen += s[k] * s[k];
  return ll - 0.5 * l2 * pen;
}

/**
 * Fit strengths on the natural scale (Elo = ELO_PER_NAT * s + 1000) by Newton's method
 * with step halving. The penalty makes the objective strictly concave, so the optimum is
 * unique and finite; its gradient also forces sum(s) = 0.
 */
export function fitStrengths(pc: PairCounts, options: FitOptions = {}): Float64Array {
  const n = pc.players.length;
  const l2 = options.l2 ?? DEFAULT_L2;
  if (!(l2 > 0)) throw new Error('Bradley–Terry l2 penalty must be > 0');
  const tol = options.tol ?? 1e-9;
  const maxIter = options.maxIter ?? 100;
  const s = options.init ? Float64Array.from(options.init) : new Float64Array(n);
  if (n === 0) return s;
  const grad = new Float64Array(n);
  const hess = new Float64Array(n * n);
  const next = new Float64Array(n);
  let current = objective(pc, s, l2);
  for (let iter = 0; iter < maxIter; iter++) {
    // Gradient and the negated Hessian (a weighted graph Laplacian plus l2 I).
    for (let k = 0; k < n; k++) grad[k] = -l2 * s[k];
    hess.fill(0);
    for (let k = 0; k < n; k++) hess[k * n + k] = l2;
    for (let p = 0; p < pc.count.length; p++) {
      const c = pc.count[p];
      if (c === 0) continue;
      const a = pc.i[p];
      const b = pc.j[p];
      const q = sigmoid(s[a] - s[b]);
      const g = pc.score[p] - c * q;
      grad[a] += g;
      grad[b] -= g;
      const h = c * q * (1 - q);
      hess[a * n + a] += h;
      hess[b * n + b] += h;
      hess[a * n + b] -= h;
      hess[b * n + a] -= h;
    }
    const step = solveSpd(hess, grad, n);
    let t = 1;
    let improved = false;
    let moved = 0;
    for (let half = 0; half < 40; half++) {
      for (let k = 0; k < n; k++) next[k] = s[k] + t * step[k];
      const value = objective(pc, next, l2);
      if (value >= current - 1e-12 * Math.abs(current)) {
        moved = 0;
        for (let k = 0; k < n; k++) moved = Math.max(moved, Math.abs(next[k] - s[k]));
        s.set(next);
        current = value;
        improved = true;
        break;
      }
      t /= 2;
    }
    if (!improved || moved < tol) break;
  }
  return s;
}

/** Natural-scale strengths -> Elo-scale ratings with mean exactly 1000. */
export function toEloScale(s: Float64Array): Float64Array {
  const out = new Float64Array(s.length);
  if (s.length === 0) return out;
  let mean = 0;
  for (let k = 0; k < s.length; k++) mean += s[k];
  mean /= s.length;
  for (let k = 0; k < s.length; k++) out[k] = ELO_MEAN + ELO_PER_NAT * (s[k] - mean);
  return out;
}

/**
 * Bradley–Terry ratings (Elo scale, mean 1000) for every contender named in `battles`.
 * An empty list gives an empty map.
 */
export function fitBradleyTerry(battles: readonly Battle[], options: Omit<FitOptions, 'init'> = {}): Map<string, number> {
  const pc = aggregateBattles(battles);
  const r = toEloScale(fitStrengths(pc, options));
  return new Map(pc.players.map((p, k) => [p, r[k]] as const));
}

/** Win probability of a rating over another under the model. */
export function expectedScore(ratingA: number, ratingB: number): number {
  return 1 / (1 + Math.pow(ELO_BASE, (ratingB - ratingA) / ELO_SCALE));
}
