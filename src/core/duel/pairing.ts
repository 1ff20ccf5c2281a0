/**
 * Which two contenders meet when a duel names none (or names one). Every configured contender
 * can meet every other; the choice is steered toward what the board most needs to learn, as
 * LMArena samples its pairs.
 *
 * THE RULE (also in the README, "Who meets whom"):
 * 1. Candidates are every unordered pair of configured contenders (with one named, every pair
 *    that contains it; with two named, that pair and nothing else).
 * 2. m(p) is how often the pair has met: duels between them that were drawn or are being drawn
 *    (no-contest duels do not count: nobody saw both drawings), across all communities.
 *    m_min is the smallest m among pairs whose contenders are both answering (all pairs if none
 *    are). Only pairs with m(p) <= m_min + 1 stay candidates, so the pairs never drift apart by
 *    more than two meetings: over 24 duels among 4 contenders every pair meets at least twice.
 * 3. Each candidate is drawn with weight  u(i) * u(j) * h(i) * h(j) / (1 + m(p) - m_min):
 *    - u(c), what there is to learn about c: 2 for a new contender (fewer than
 *      DUEL_PROVISIONAL_BATTLES (10) rated battles on the "everywhere" board: the board's provisional mark), otherwise
 *      1 + (width of its 95 % interval) / (widest interval on that board), in [1, 2];
 *    - h(c) is 1, or FAILING_WEIGHT for a contender whose provider is failing (its last draws
 *      failed, or its last check failed): it is paired less, not never, so it is tried again and
 *      is back to full weight once it answers;
 *    - the least-met pairs weigh twice as much as those one meeting ahead.
 * 4. The pair's order says nothing: sides A and B are drawn at random afterwards.
 * One call of `random()` picks the pair, so a seeded random gives the same choices every time.
 */
import type { Random } from '../model/types.js';

/** Weight factor of a contender whose provider is failing. */
export const FAILING_WEIGHT = 0.1;
/** Fewer rated battles than this and a contender counts as new (u = 2), unless the caller passes the board's provisional mark. */
export const NEW_CONTENDER_BATTLES = 10;

export interface PairingInput {
  /** Configured contender specs, in configuration order. */
  specs: readonly string[];
  /** 0, 1 or 2 specs the person named (already resolved). */
  named: readonly string[];
  /** How often each unordered pair met; key from pairKey(). Missing = 0. */
  meetings: ReadonlyMap<string, number>;
  /** u(c) per spec (see uncertaintyWeights); missing = 2 (new). */
  uncertainty: ReadonlyMap<string, number>;
  /** Specs whose provider is failing right now. */
  failing: ReadonlySet<string>;
  random: Random;
}

export interface PairCandidate {
  pair: [string, string];
  meetings: number;
  weight: number;
}

/** Key of an unordered pair: the two specs sorted, joined by a tab (specs never contain one). */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\t${b}` : `${b}\t${a}`;
}

/** The candidates with their weights (rule steps 1–3); exposed so the choice can be explained and tested. */
export function pairCandidates(input: Omit<PairingInput, 'random'>): PairCandidate[] {
  const { specs, named, meetings, failing } = input;
  const all: Array<[string, string]> = [];
  for (let i = 0; i < specs.length; i++) {
    for (let j = i + 1; j < specs.length; j++) {
      const pair: [string, string] = [specs[i], specs[j]];
      if (named.length === 1 && !pair.includes(named[0])) continue;
      all.push(pair);
    }
  }
  if (all.length === 0) return [];
  const m = (p: [string, string]) => meetings.get(pairKey(p[0], p[1])) ?? 0;
  const healthy = all.filter(([a, b]) => !failing.has(a) && !failing.has(b));
  const mMin = Math.min(...(healthy.length > 0 ? healthy : all).map(m));
  const u = (s: string) => input.uncertainty.get(s) ?? 2;
  const h = (s: string) => (failing.has(s) && !named.includes(s) ? FAILING_WEIGHT : 1);
  return all
    .filter((p) => m(p) <= mMin + 1)
    .map((pair) => ({ pair, meetings: m(pair), weight: (u(pair[0]) * u(pair[1]) * h(pair[0]) * h(pair[1])) / (1 + Math.max(0, m(pair) - mMin)) }));
}

/** The pair for a duel, in configuration order (the caller draws the sides). */
export function choosePair(input: PairingInput): [string, string] {
  if (input.named.length === 2) return [input.named[0], input.named[1]];
  const candidates = pairCandidates(input);
  if (candidates.length === 0) throw new Error('pairing needs at least two configured contenders');
  const total = candidates.reduce((s, c) => s + c.weight, 0);
  let x = input.random() * total;
  for (const c of candidates) {
    x -= c.weight;
    if (x < 0) return c.pair;
  }
  return candidates[candidates.length - 1].pair;
}

/**
 * u(c) from a board's rows (rule step 3): 2 for contenders with fewer than NEW_CONTENDER_BATTLES
 * battles or absent from the board, else 1 + interval width / widest interval among the rated ones.
 */
export function uncertaintyWeights(
  specs: readonly string[],
  rows: ReadonlyArray<{ spec: string; battles: number; ci: [number, number] | null }>,
  newBelow = NEW_CONTENDER_BATTLES,
): Map<string, number> {
  const bySpec = new Map(rows.map((r) => [r.spec, r]));
  // An interval not yet known (null) is as uncertain as it gets: weighted like a new contender below.
  const width = (r: { ci: [number, number] | null }) => (r.ci && Number.isFinite(r.ci[1] - r.ci[0]) ? Math.max(0, r.ci[1] - r.ci[0]) : 0);
  const rated = rows.filter((r) => r.battles >= newBelow);
  const widest = Math.max(0, ...rated.map(width));
  const out = new Map<string, number>();
  for (const spec of specs) {
    const r = bySpec.get(spec);
    if (!r || r.battles < newBelow || r.ci === null) out.set(spec, 2);
    else out.set(spec, widest > 0 ? 1 + width(r) / widest : 1);
  }
  return out;
}
