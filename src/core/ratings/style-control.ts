/**
 * The style-controlled board (LMArena's style control, FastChat `fit_contextual_bt`): ratings
 * with the drawings' style features held equal, and what each feature is worth in votes.
 *
 * Units: ratings on the Elo scale with mean 1000 over the contenders the fit rates; a feature's
 * `coef` is in Elo points per one standard deviation of its standardized normalized difference
 * (coef in natural log-odds × ELO_PER_NAT). For a 0/1 feature such as `animated` the normalized
 * difference is ±1 for "animated against still", so its coef is roughly the Elo points that
 * animating is worth in such a battle, times (1 / its standard deviation).
 *
 * Penalty: the same small L2 as the raw board (DEFAULT_L2, a Gaussian prior of about 32 nats
 * on every parameter): it only keeps the fit finite when the data cannot (a contender that only
 * won, a feature that only one contender shows); with real data it moves nothing visibly.
 *
 * Contenders: the same set as the raw board. One whose battles all lack features has nothing
 * for this fit to say: its row carries its raw rating (`options.raw`, else 1000) with no
 * interval (ci null), so it is "not yet known" and ranks as such (rankByIntervals).
 */
import type { Battle, ControlledRow, StyleCoefficient, StyleControl } from '../model/board-types.js';
import { DEFAULT_ROUNDS, DEFAULT_SEED, MIN_INTERVAL_WIDTH, perfectRecords, quantile, rankByIntervals } from './bootstrap.js';
import { DEFAULT_L2, ELO_MEAN, ELO_PER_NAT, playersOf, toEloScale } from './bradley-terry.js';
import { bootstrapContextual, fitContextual } from './contextual-bt.js';
import { styleDesign } from './style-design.js';

export interface StyleControlOptions {
  /** Bootstrap rounds; raised to at least DEFAULT_ROUNDS (200). */
  rounds?: number;
  seed?: number;
  /** L2 penalty on every parameter (natural scale); default DEFAULT_L2. */
  l2?: number;
  /** Bootstrap method (contextual-bt.ts): 'auto' (default) refits small data, linearizes large. */
  method?: 'auto' | 'linearized' | 'refit';
  /** Raw ratings, shown for contenders without any battle that has features. */
  raw?: ReadonlyMap<string, number>;
}

/**
 * The style-controlled board for `battles`, or undefined when no battle has features.
 * Battles without features are left out of this fit (they still count on the raw board).
 */
export function fitStyleControl(battles: readonly Battle[], labelOf: (spec: string) => string, options: StyleControlOptions = {}): StyleControl | undefined {
  const d = styleDesign(battles);
  if (!d) return undefined;
  const rounds = Math.max(DEFAULT_ROUNDS, Math.floor(options.rounds ?? DEFAULT_ROUNDS));
  const l2 = options.l2 ?? DEFAULT_L2;
  const n = d.players.length;
  const p = n + d.cols;

  const full = fitContextual(d, { l2 });
  const samples = bootstrapContextual(d, full, { rounds, seed: options.seed ?? DEFAULT_SEED, l2, method: options.method, eloPerNat: ELO_PER_NAT });
  const ratings = toEloScale(full.subarray(0, n));
  // column-major draws: ratings per contender, then coefs per fitted feature (Elo points).
  const draws = new Float64Array(p * rounds);
  for (let r = 0; r < rounds; r++) {
    const theta = samples.subarray(r * p, (r + 1) * p);
    const elo = toEloScale(theta.subarray(0, n));
    for (let k = 0; k < n; k++) draws[k * rounds + r] = elo[k];
    for (let c = 0; c < d.cols; c++) draws[(n + c) * rounds + r] = theta[n + c] * ELO_PER_NAT;
  }
  const interval = (col: number): [number, number] => {
    const sorted = draws.subarray(col * rounds, (col + 1) * rounds).sort();
    return [quantile(sorted, 0.025), quantile(sorted, 0.975)];
  };

  const oneSided = perfectRecords(d.ia, d.ib, d.y, n);
  const ci = new Map<string, [number, number] | null>();
  const rating = new Map<string, number>();
  d.players.forEach((spec, k) => {
    const [low, high] = interval(k);
    rating.set(spec, ratings[k]);
    ci.set(spec, oneSided[k] || !(high - low >= MIN_INTERVAL_WIDTH) ? null : [low, high]);
  });
  for (const spec of playersOf(battles)) {
    if (rating.has(spec)) continue;
    rating.set(spec, options.raw?.get(spec) ?? ELO_MEAN);
    ci.set(spec, null);
  }
  const ranks = rankByIntervals(ci);
  const rows: ControlledRow[] = [...rating].map(([spec, r]) => ({ spec, label: labelOf(spec), rating: r, ci: ci.get(spec)!, rank: ranks.get(spec)! }));
  rows.sort((x, y) => y.rating - x.rating || x.spec.localeCompare(y.spec));

  let c = 0;
  const features: StyleCoefficient[] = d.names.map((name, j) => {
    // A constant column (every battle the same) cannot be fitted: coef 0, interval unknown.
    if (!d.fitted[j]) return { name, coef: 0, ci: null };
    const col = n + c++;
    const [low, high] = interval(col);
    return { name, coef: full[col] * ELO_PER_NAT, ci: Number.isFinite(low) && Number.isFinite(high) ? [low, high] : null };
  });
  return { features, rows, battles: d.count };
}
