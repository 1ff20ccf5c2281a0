/**
 * Suspicious voters: FastChat's outlier test, adapted. For each voter with enough votes, the rest
 * of the community predicts how that voter would vote, and a record far less likely than those
 * predictions allow is flagged.
 *
 * THE TEST (also in the README, "Suspicious voters"):
 * 1. Votes on closed, rated duels, everywhere. A vote for A or B is decisive; ties and "both bad"
 *    count in the community's fit (half a win each way) but are not tested, since Bradley–Terry
 *    does not predict them. Voters with fewer than `minVotes` decisive votes are not tested.
 * 2. Leave one out: Bradley–Terry is fitted on every vote except the voter's own (one vote is one
 *    battle), so a voter cannot vouch for themselves.
 * 3. Statistic: the log-likelihood of the voter's decisive votes under that fit,
 *    LL = Σ log P(their choice). Under the hypothesis that they vote like the community, each vote
 *    is an independent coin with the fitted probability q_k, so LL has mean Σ [q log q + (1-q) log(1-q)]
 *    and variance Σ q(1-q) (log(q / (1-q)))²: z = (LL - mean) / sd.
 * 4. p-value, one-sided (records too unlikely): for z below -2, the share of up to `simulations`
 *    (10,000) records simulated from the q_k (seeded by the voter id) whose LL is at most the
 *    observed one, with the usual +1 correction (so the smallest p is 1/10,001); simulation stops
 *    early once p is clearly above ten times the threshold. Otherwise the normal approximation
 *    Φ(z), already above 0.02.
 * 5. Flagged when p < `pValue` (default 0.001). Honest simulated voters are flagged well under 1 % of
 *    the time (see test/core/ratings/outliers.test.ts and `npm run bench`).
 * A voter who always picks the community's favourite looks like the community and is not flagged;
 * the test finds records that pull against what everyone else sees, e.g. always picking a weaker model.
 */
import type { TopPick, VoterEvidence } from '../model/records.js';
import type { Choice } from '../model/types.js';
import { emptyPairCounts, fitStrengths, pairIndex, type PairCounts } from './bradley-terry.js';
import { sigmoid } from './numeric.js';
import { mulberry32 } from './prng.js';
import { choiceOutcome } from './vote-share.js';

/** One vote, as the test reads it: which contenders were A and B, and what the voter chose. */
export type { TopPick, VoterEvidence };

export interface VoterVote {
  voter: string;
  a: string;
  b: string;
  choice: Choice;
}

export interface OutlierOptions {
  /** Decisive votes a voter needs before they are tested (DUEL_OUTLIER_MIN_VOTES). Default 20. */
  minVotes?: number;
  /** Flag when the p-value is below this (DUEL_OUTLIER_P). Default 0.001. */
  pValue?: number;
  /** Simulated records per voter whose z is below -2. Default 10,000. */
  simulations?: number;
  /** Seed mixed with each voter id for the simulations. */
  seed?: number;
}

export const DEFAULT_OUTLIER_MIN_VOTES = 20;
export const DEFAULT_OUTLIER_P = 0.001;
const DEFAULT_SIMULATIONS = 10_000;
const DEFAULT_OUTLIER_SEED = 20260501;



const outcomeOf = choiceOutcome;

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 on erfc; absolute error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/** FNV-1a of a string, to seed each voter's simulations independently of the others. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Tests every voter with enough decisive votes; returns their evidence, most suspicious first. */
export function findSuspiciousVoters(votes: readonly VoterVote[], options: OutlierOptions = {}): VoterEvidence[] {
  const minVotes = options.minVotes ?? DEFAULT_OUTLIER_MIN_VOTES;
  const threshold = options.pValue ?? DEFAULT_OUTLIER_P;
  const sims = options.simulations ?? DEFAULT_SIMULATIONS;
  const seed = options.seed ?? DEFAULT_OUTLIER_SEED;

  const players = [...new Set(votes.flatMap((v) => [v.a, v.b]))].sort();
  const id = new Map(players.map((p, k) => [p, k] as const));
  const n = players.length;
  const all = emptyPairCounts(players);
  const byVoter = new Map<string, VoterVote[]>();
  const add = (pc: PairCounts, v: VoterVote, sign: number) => {
    const ia = id.get(v.a)!;
    const ib = id.get(v.b)!;
    if (ia === ib) return;
    const o = outcomeOf(v.choice);
    const p = ia < ib ? pairIndex(ia, ib, n) : pairIndex(ib, ia, n);
    pc.count[p] += sign;
    pc.score[p] += sign * (ia < ib ? o : 1 - o);
  };
  for (const v of votes) {
    add(all, v, 1);
    const list = byVoter.get(v.voter);
    if (list) list.push(v);
    else byVoter.set(v.voter, [v]);
  }
  const full = fitStrengths(all);

  const out: VoterEvidence[] = [];
  for (const [voter, own] of byVoter) {
    const decisive = own.filter((v) => v.a !== v.b && (v.choice === 'A' || v.choice === 'B'));
    if (decisive.length < minVotes) continue;
    const rest: PairCounts = { ...all, count: Float64Array.from(all.count), score: Float64Array.from(all.score) };
    for (const v of own) add(rest, v, -1);
    const s = fitStrengths(rest, { init: full });
    // q[k]: probability the community gives to A winning vote k; chose[k]: the voter chose A.
    // Clamped away from 0 and 1 so one impossible-looking vote cannot make LL infinite.
    const q = decisive.map((v) => Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(s[id.get(v.a)!] - s[id.get(v.b)!]))));
    const choseA = decisive.map((v) => v.choice === 'A');
    const ll = (pick: (k: number) => boolean) => q.reduce((sum, qk, k) => sum + Math.log(pick(k) ? qk : 1 - qk), 0);
    const observed = ll((k) => choseA[k]);
    let mean = 0;
    let variance = 0;
    for (const qk of q) {
      mean += qk * Math.log(qk) + (1 - qk) * Math.log(1 - qk);
      const logit = Math.log(qk / (1 - qk));
      variance += qk * (1 - qk) * logit * logit;
    }
    const sd = Math.sqrt(variance);
    const z = sd > 1e-12 ? (observed - mean) / sd : 0;
    let pValue = normalCdf(z);
    if (z < -2) {
      const random = mulberry32(seed ^ hash(voter));
      const logYes = q.map((qk) => Math.log(qk));
      const logNo = q.map((qk) => Math.log(1 - qk));
      let asExtreme = 0;
      let r = 0;
      // In rounds of 1,000, stopping once the p-value is clearly ten times above the threshold.
      while (r < sims) {
        const end = Math.min(sims, r + 1000);
        for (; r < end; r++) {
          let sim = 0;
          for (let k = 0; k < q.length; k++) sim += random() < q[k] ? logYes[k] : logNo[k];
          if (sim <= observed + 1e-9) asExtreme++;
        }
        if (asExtreme >= 10 && (asExtreme + 1) / (r + 1) > 10 * threshold) break;
      }
      pValue = (asExtreme + 1) / (r + 1);
    }
    out.push({ voter, votes: decisive.length, logLikelihood: observed, expected: mean, sd, z, pValue, flagged: pValue < threshold, topPick: topPick(decisive, q) });
  }
  return out.sort((x, y) => x.pValue - y.pValue || x.voter.localeCompare(y.voter));
}

function topPick(decisive: readonly VoterVote[], q: readonly number[]): TopPick | null {
  const per = new Map<string, TopPick>();
  decisive.forEach((v, k) => {
    for (const [spec, won, expectedWin] of [
      [v.a, v.choice === 'A', q[k]],
      [v.b, v.choice === 'B', 1 - q[k]],
    ] as const) {
      const t = per.get(spec) ?? { spec, picked: 0, appeared: 0, expected: 0 };
      t.appeared++;
      if (won) t.picked++;
      t.expected += expectedWin;
      per.set(spec, t);
    }
  });
  let best: TopPick | null = null;
  for (const t of per.values()) if (!best || t.picked - t.expected > best.picked - best.expected) best = t;
  return best ? { ...best, expected: Math.round(best.expected * 10) / 10 } : null;
}
