/**
 * The contextual Bradley–Terry fit behind style control, and its bootstrap.
 *
 * Model: P(A beats B) = σ(s_a - s_b + Σ_j β_j x_j), with s the contenders' strengths and β the
 * style coefficients (natural log-odds; x the standardized feature differences of StyleDesign).
 * Fitted by penalized maximum likelihood (Newton's method with step halving) on fractional,
 * weighted outcomes. Parameters: θ = [s_0 .. s_{n-1}, β_0 .. β_{f-1}].
 *
 * The bootstrap is linearized, because a full Newton refit per resample over 100,000 battles
 * costs seconds: every battle's gradient contribution at the full-data optimum θ̂ is kept, and a
 * resample (battles drawn with replacement, i.e. multinomial counts c_k) takes two Newton steps
 * from θ̂ using the full-data Hessian H: first θ1 = θ̂ + H⁻¹ (Σ c_k g_k(θ̂) - λθ̂), then the same
 * with the resample's gradient recomputed at θ1. The first step is the classic one-step
 * bootstrap (error O(1/n) against a refit); the second removes most of what is left where a
 * resample moves far, and is dropped when 20 probe rounds show it moves nothing by a quarter
 * point (at 100,000 battles it moves about a tenth). Small data (up to REFIT_MAX_BATTLES) is
 * cheap to refit, so 'auto' refits it exactly; the tests check the linearized intervals against
 * refits within 3 Elo points.
 */
import { cholesky, choleskySolve, sigmoid, softplus, solveSpd } from './numeric.js';
import { mulberry32 } from './prng.js';
import type { StyleDesign } from './style-design.js';

export interface ContextualFitOptions {
  /** L2 penalty on every parameter (natural scale); must be > 0. */
  l2: number;
  /** Per-battle multiplicity (a bootstrap resample); absent for 1 each. */
  counts?: Int32Array;
  /** Starting parameters; copied. */
  init?: Float64Array;
  tol?: number;
  maxIter?: number;
}

/** Per battle: the linear predictor z = s_a - s_b + x·β. */
function linear(d: StyleDesign, theta: Float64Array, k: number, n: number): number {
  let z = theta[d.ia[k]] - theta[d.ib[k]];
  for (let c = 0, at = k; c < d.cols; c++, at += d.count) z += d.x[at] * theta[n + c];
  return z;
}

/** Penalized log-likelihood. */
function objective(d: StyleDesign, theta: Float64Array, l2: number, counts?: Int32Array): number {
  const n = d.players.length;
  let ll = 0;
  for (let k = 0; k < d.count; k++) {
    const m = counts ? counts[k] : 1;
    if (m === 0) continue;
    const z = linear(d, theta, k, n);
    ll -= m * d.w[k] * (d.y[k] * softplus(-z) + (1 - d.y[k]) * softplus(z));
  }
  let pen = 0;
  for (let p = 0; p < theta.length; p++) pen += theta[p] * theta[p];
  return ll - 0.5 * l2 * pen;
}

/**
 * Gradient of the penalized log-likelihood at θ, and (when `hess` is given) its negated
 * Hessian: Σ w q (1 - q) x xᵀ + λ I, with x the battle's design row (+1, -1, features).
 */
export function gradient(d: StyleDesign, theta: Float64Array, l2: number, counts?: Int32Array, hess?: Float64Array): Float64Array {
  const n = d.players.length;
  const p = n + d.cols;
  const grad = new Float64Array(p);
  for (let i = 0; i < p; i++) grad[i] = -l2 * theta[i];
  if (hess) {
    hess.fill(0);
    for (let i = 0; i < p; i++) hess[i * p + i] = l2;
  }
  for (let k = 0; k < d.count; k++) {
    const m = counts ? counts[k] : 1;
    if (m === 0) continue;
    const a = d.ia[k];
    const b = d.ib[k];
    const q = sigmoid(linear(d, theta, k, n));
    const r = m * d.w[k] * (d.y[k] - q);
    grad[a] += r;
    grad[b] -= r;
    for (let c = 0; c < d.cols; c++) grad[n + c] += r * d.x[c * d.count + k];
    if (!hess) continue;
    const h = m * d.w[k] * q * (1 - q);
    hess[a * p + a] += h;
    hess[b * p + b] += h;
    hess[a * p + b] -= h;
    hess[b * p + a] -= h;
    for (let c = 0; c < d.cols; c++) {
      const hx = h * d.x[c * d.count + k];
      hess[a * p + n + c] += hx;
      hess[b * p + n + c] -= hx;
      for (let e = 0; e <= c; e++) hess[(n + c) * p + n + e] += hx * d.x[e * d.count + k];
    }
  }
  if (hess) {
    // Mirror the halves filled above: feature-feature lower -> upper, model-feature -> feature-model.
    for (let c = 0; c < d.cols; c++) for (let e = 0; e < c; e++) hess[(n + e) * p + n + c] = hess[(n + c) * p + n + e];
    for (let i = 0; i < n; i++) for (let c = 0; c < d.cols; c++) hess[(n + c) * p + i] = hess[i * p + n + c];
  }
  return grad;
}

/** Penalized maximum-likelihood parameters (natural scale). Strictly concave, so unique. */
export function fitContextual(d: StyleDesign, options: ContextualFitOptions): Float64Array {
  const { l2, counts } = options;
  if (!(l2 > 0)) throw new Error('style-control l2 penalty must be > 0');
  const p = d.players.length + d.cols;
  const tol = options.tol ?? 1e-9;
  const maxIter = options.maxIter ?? 100;
  const theta = options.init ? Float64Array.from(options.init) : new Float64Array(p);
  const hess = new Float64Array(p * p);
  const next = new Float64Array(p);
  let current = objective(d, theta, l2, counts);
  for (let iter = 0; iter < maxIter; iter++) {
    const step = solveSpd(hess, gradient(d, theta, l2, counts, hess), p);
    let t = 1;
    let moved = -1;
    for (let half = 0; half < 40 && moved < 0; half++, t /= 2) {
      for (let i = 0; i < p; i++) next[i] = theta[i] + t * step[i];
      const value = objective(d, next, l2, counts);
      if (value >= current - 1e-12 * Math.abs(current)) {
        moved = 0;
        for (let i = 0; i < p; i++) moved = Math.max(moved, Math.abs(next[i] - theta[i]));
        theta.set(next);
        current = value;
      }
    }
    if (moved < tol) break;
  }
  return theta;
}

/** Up to this many battles the bootstrap refits each resample ('auto'): exact, and cheap enough. */
export const REFIT_MAX_BATTLES = 2000;
/** Rounds that always take the second step, to measure whether it matters. */
const PROBE_ROUNDS = 20;
/** Elo points: a second step that moves nothing by more than this changes no shown figure. */
const SECOND_STEP_MATTERS = 0.25;

export interface ContextualBootstrapOptions {
  rounds: number;
  seed: number;
  l2: number;
  /**
   * 'auto' (default): 'refit' up to REFIT_MAX_BATTLES battles, else 'linearized'.
   * 'linearized': the two-step method of the header; the second step is skipped after
   * PROBE_ROUNDS rounds in which it never moved a parameter by SECOND_STEP_MATTERS Elo points
   * (with many battles it moves them by about a tenth of a point).
   * 'refit': a full Newton fit per resample, warm-started from the full-data fit.
   */
  method?: 'auto' | 'linearized' | 'refit';
  /** Elo points per natural unit, to judge the second step in shown units. */
  eloPerNat: number;
}

/**
 * Bootstrap samples of θ: `rounds` rows of p parameters (row-major), natural scale.
 * Resamples draw battle indices with replacement from the seeded PRNG, as bootstrap.ts does.
 */
export function bootstrapContextual(d: StyleDesign, full: Float64Array, options: ContextualBootstrapOptions): Float64Array {
  const p = d.players.length + d.cols;
  const { rounds, l2 } = options;
  const method = options.method ?? 'auto';
  const refit = method === 'refit' || (method === 'auto' && d.count <= REFIT_MAX_BATTLES);
  const random = mulberry32(options.seed);
  const samples = new Float64Array(rounds * p);
  const counts = new Int32Array(d.count);
  const hess = new Float64Array(p * p);
  gradient(d, full, l2, undefined, hess);
  const factor = cholesky(hess, p);
  const residual = residuals(d, full);
  const scratch = new Float64Array(d.count);
  // The second step is kept while it matters: measured on the first PROBE_ROUNDS rounds.
  let secondStep = true;
  let probed = 0;
  for (let r = 0; r < rounds; r++) {
    drawCounts(counts, random);
    if (refit) {
      samples.set(fitContextual(d, { l2, counts, init: full }), r * p);
      continue;
    }
    const theta = addStep(full, choleskySolve(factor, firstGradient(d, full, residual, counts, l2, scratch), p));
    if (!secondStep) {
      samples.set(theta, r * p);
      continue;
    }
    const step = choleskySolve(factor, gradient(d, theta, l2, counts), p);
    for (let i = 0; i < p; i++) probed = Math.max(probed, Math.abs(step[i]) * options.eloPerNat);
    samples.set(addStep(theta, step), r * p);
    if (r === PROBE_ROUNDS - 1 && probed <= SECOND_STEP_MATTERS) secondStep = false;
  }
  return samples;
}

/** Per battle: its residual at θ, w (y - q); its gradient contribution is that times its design row. */
function residuals(d: StyleDesign, theta: Float64Array): Float64Array {
  const n = d.players.length;
  const out = new Float64Array(d.count);
  for (let k = 0; k < d.count; k++) out[k] = d.w[k] * (d.y[k] - sigmoid(linear(d, theta, k, n)));
  return out;
}

/**
 * The resample's gradient at the full-data optimum: Σ c_k r_k x_k - λθ̂, from the residuals kept.
 * Branch-free (a count of 0 adds 0): which battles a resample skips is random, so a branch on it
 * would be mispredicted a third of the time.
 */
function firstGradient(d: StyleDesign, full: Float64Array, residual: Float64Array, counts: Int32Array, l2: number, scratch: Float64Array): Float64Array {
  const n = d.players.length;
  const { ia, ib, x, count } = d;
  const g = new Float64Array(n + d.cols);
  for (let i = 0; i < g.length; i++) g[i] = -l2 * full[i];
  for (let k = 0; k < count; k++) {
    const rk = counts[k] * residual[k];
    scratch[k] = rk;
    g[ia[k]] += rk;
    g[ib[k]] -= rk;
  }
  // Feature by feature: a running sum in a local and one sequential pass each (x is feature-major).
  for (let c = 0; c < d.cols; c++) {
    let sum = 0;
    for (let k = 0, at = c * count; k < count; k++, at++) sum += scratch[k] * x[at];
    g[n + c] += sum;
  }
  return g;
}

function addStep(theta: Float64Array, step: Float64Array): Float64Array {
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) out[i] = theta[i] + step[i];
  return out;
}

/** A resample: `counts[k]` = how often battle k is drawn in n draws with replacement. */
export function drawCounts(counts: Int32Array, random: () => number): void {
  const total = counts.length;
  counts.fill(0);
  for (let k = 0; k < total; k++) counts[(random() * total) | 0]++;
}
