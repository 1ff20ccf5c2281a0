/**
 * The design of the style-controlled fit (LMArena's contextual Bradley–Terry): per battle its two
 * contenders (+1 for a, -1 for b), its outcome and weight, and per style feature the normalized
 * difference between the sides, (a - b) / (|a| + |b|) (0 when both are 0), standardized over the
 * battles (mean 0, standard deviation 1), so a coefficient reads "per one standard deviation".
 *
 * FastChat divides by (a + b + 1); the brief for this board asks for (a - b) / (a + b), which for
 * the 0/1 `animated` feature gives exactly -1, 0 or +1 (animated against still is ±1).
 */
import type { Battle } from '../model/board-types.js';
import { battleWeight } from './bradley-terry.js';

/** Below this standard deviation a feature column is taken as constant: it cannot be fitted. */
const MIN_STD = 1e-12;

export interface StyleDesign {
  /** Contender specs fitted (those with at least one battle in the design), sorted. */
  players: string[];
  /** Feature names fitted: present on every battle that has features, in the first battle's order. */
  names: string[];
  /** Per feature: true when its column varies and enters the fit (false: constant, coef 0). */
  fitted: boolean[];
  /** Battles in the design. */
  count: number;
  /** Per battle: contender index of side a and of side b. */
  ia: Int32Array;
  ib: Int32Array;
  /** Per battle: A's share in [0, 1] and its weight (> 0). */
  y: Float64Array;
  w: Float64Array;
  /** Feature-major `cols x count` (x[c * count + k]): the standardized differences of the fitted features. */
  x: Float64Array;
  /** Number of fitted feature columns (fitted.filter(Boolean).length). */
  cols: number;
}

/** Names present on both sides of every battle that has features, in the first such battle's order. */
export function commonFeatureNames(battles: readonly Battle[]): string[] | undefined {
  let names: string[] | undefined;
  for (const b of battles) {
    if (!b.features) continue;
    const { a, b: other } = b.features;
    names ??= Object.keys(a);
    // Copy only when a name is missing: a new array per battle is most of the cost on 100k battles.
    if (names.some((n) => !(n in a) || !(n in other))) names = names.filter((n) => n in a && n in other);
  }
  return names;
}

/** (a - b) / (|a| + |b|), 0 when both are 0. Features are counts (>= 0); |.| keeps odd input in [-1, 1]. */
export function normalizedDifference(a: number, b: number): number {
  const sum = Math.abs(a) + Math.abs(b);
  return sum === 0 ? 0 : (a - b) / sum;
}

/**
 * The design from the battles that have features (others are left out), or undefined when
 * none has. A battle of a contender against itself, or of weight 0, is left out too.
 */
export function styleDesign(battles: readonly Battle[]): StyleDesign | undefined {
  const names = commonFeatureNames(battles);
  if (!names) return undefined;
  const used: Battle[] = [];
  for (const b of battles) if (b.features && b.a !== b.b && battleWeight(b.weight) > 0) used.push(b);
  const set = new Set<string>();
  for (const b of used) set.add(b.a).add(b.b);
  const players = [...set].sort();
  const id = new Map(players.map((p, k) => [p, k] as const));
  const count = used.length;
  const f = names.length;
  const ia = new Int32Array(count);
  const ib = new Int32Array(count);
  const y = new Float64Array(count);
  const w = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const b = used[k];
    ia[k] = id.get(b.a)!;
    ib[k] = id.get(b.b)!;
    if (!Number.isFinite(b.outcome)) throw new Error(`battle ${b.a} vs ${b.b}: outcome ${b.outcome} is not a number between 0 and 1`);
    y[k] = Math.min(1, Math.max(0, b.outcome));
    w[k] = battleWeight(b.weight);
  }
  // Raw normalized differences, feature-major; one feature at a time keeps each lookup by name fast.
  const raw = new Float64Array(f * count);
  for (let j = 0; j < f; j++) {
    const name = names[j];
    for (let k = 0; k < count; k++) {
      const { a, b } = used[k].features!;
      const va = a[name];
      const vb = b[name];
      if (!Number.isFinite(va) || !Number.isFinite(vb)) {
        throw new Error(`battle ${used[k].a} vs ${used[k].b}: feature '${name}' is ${va} against ${vb}; features must be numbers`);
      }
      raw[j * count + k] = normalizedDifference(va, vb);
    }
  }

  const fitted: boolean[] = [];
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < f; j++) {
    const col = raw.subarray(j * count, (j + 1) * count);
    let m = 0;
    for (let k = 0; k < count; k++) m += col[k];
    m = count > 0 ? m / count : 0;
    let v = 0;
    for (let k = 0; k < count; k++) v += (col[k] - m) ** 2;
    // Population standard deviation over the battles, as numpy's np.std in FastChat.
    const sd = count > 0 ? Math.sqrt(v / count) : 0;
    fitted.push(sd > MIN_STD);
    mean.push(m);
    std.push(sd);
  }
  const cols = fitted.filter(Boolean).length;
  const x = new Float64Array(count * cols);
  let c = 0;
  for (let j = 0; j < f; j++) {
    if (!fitted[j]) continue;
    for (let k = 0; k < count; k++) x[c * count + k] = (raw[j * count + k] - mean[j]) / std[j];
    c++;
  }
  return { players, names, fitted, count, ia, ib, y, w, x, cols };
}
