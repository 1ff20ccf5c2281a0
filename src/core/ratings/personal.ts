/**
 * A voter's own board ("your taste vs the crowd"): Bradley–Terry on this voter's votes alone,
 * fitted as a maximum a posteriori estimate with a Gaussian prior centred on the community's
 * ratings, so a handful of votes gives a sensible board instead of a wild one (one person's
 * votes are too few for a plain fit: ComparIA #502).
 *
 * The prior: each contender's personal rating starts at its community rating, with a standard
 * deviation of PERSONAL_PRIOR_SD (50 Elo points). One vote moves each of its two contenders by
 * 8 to 11 points (their gap by 16 to 22); ten consistent votes for X over Y put X above Y when
 * the community has Y up to about 145 points above X (measured in the tests). Votes: A = 1, B = 0, tie
 * and "both bad" = 0.5 (vote-share.ts). Deterministic: no resampling, the same votes give the same board.
 *
 * Privacy: the only thing read about other people is each duel's tally without this voter's
 * vote, and it only enters `agreement` as counts over many duels; that tally is what the duel's
 * reveal already shows everyone, less the voter's own vote.
 */
import type { Choice, Tally } from '../model/types.js';
import type { LeaderboardQuery, PersonalBoard } from '../model/board-types.js';
import { labelLookup } from './board.js';
import { ELO_PER_NAT } from './bradley-terry.js';
import { sigmoid, softplus, solveSpd } from './numeric.js';
import { choiceOutcome, shareOfA } from './vote-share.js';

/** Elo points: the prior's standard deviation around each community rating. */
export const PERSONAL_PRIOR_SD = 50;

/** One of this voter's votes on a rated duel. */
export interface PersonalVote {
  a: string;
  b: string;
  choice: Choice;
  /** The duel's votes without this voter's. */
  others: Tally;
}

export interface PersonalBoardInput {
  voter: string;
  /** This voter's votes on rated duels in scope. */
  votes: readonly PersonalVote[];
  /** spec -> community rating (the raw board's Elo-scale rating). */
  community: ReadonlyMap<string, number>;
  labels: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** Votes needed before the board is shown (DUEL_PERSONAL_MIN_VOTES). */
  minVotes: number;
  /** Elo points; default PERSONAL_PRIOR_SD. */
  priorSd?: number;
  query: LeaderboardQuery;
}

/** The voter's board: rows (empty until `votes >= minVotes`) and agreement with the crowd. */
export function personalBoard(input: PersonalBoardInput): PersonalBoard {
  const votes = input.votes.length;
  const minVotes = Math.max(0, Math.floor(input.minVotes));
  const base = { voter: input.voter, votes, minVotes, agreement: agreement(input.votes), query: input.query };
  if (votes < minVotes || input.community.size === 0) return { ...base, rows: [] };

  const specs = [...input.community.keys()].sort();
  const personal = fitPersonal(specs, input.community, input.votes, input.priorSd ?? PERSONAL_PRIOR_SD);
  const labelOf = labelLookup(input.labels);
  const communityRank = ranksOf(specs.map((s) => input.community.get(s)!), specs);
  const rank = ranksOf(personal, specs);
  const rows = specs.map((spec, k) => ({
    spec,
    label: labelOf(spec),
    rating: personal[k],
    rank: rank[k],
    communityRating: input.community.get(spec)!,
    communityRank: communityRank[k],
  }));
  rows.sort((x, y) => x.rank - y.rank);
  return { ...base, rows };
}

/** 1..n by value, best first; equal values ordered by spec, so every rank is distinct. */
function ranksOf(values: readonly number[], specs: readonly string[]): number[] {
  const order = values.map((_, k) => k).sort((i, j) => values[j] - values[i] || specs[i].localeCompare(specs[j]));
  const rank = new Array<number>(values.length);
  order.forEach((k, r) => (rank[k] = r + 1));
  return rank;
}

/**
 * MAP ratings (Elo scale): maximise Σ log-likelihood of the votes − Σ (s − c)² / (2τ²) over the
 * natural-scale strengths s, c the community's, by Newton's method. The prior makes the
 * objective strictly concave, so the optimum is unique; votes naming a contender outside the
 * community board are left out of the fit.
 */
function fitPersonal(specs: string[], community: ReadonlyMap<string, number>, votes: readonly PersonalVote[], priorSd: number): number[] {
  if (!(priorSd > 0)) throw new Error(`personal board prior spread ${priorSd} must be a number of Elo points > 0`);
  const n = specs.length;
  const id = new Map(specs.map((s, k) => [s, k] as const));
  const centre = specs.map((s) => community.get(s)! / ELO_PER_NAT);
  const precision = (ELO_PER_NAT / priorSd) ** 2;
  const data = votes.flatMap((v) => {
    const [a, b] = [id.get(v.a), id.get(v.b)];
    return a === undefined || b === undefined || a === b ? [] : [{ a, b, y: choiceOutcome(v.choice) }];
  });
  const s = Float64Array.from(centre);
  const objective = (x: Float64Array): number => {
    let value = 0;
    for (let k = 0; k < n; k++) value -= 0.5 * precision * (x[k] - centre[k]) ** 2;
    for (const { a, b, y } of data) value -= y * softplus(x[b] - x[a]) + (1 - y) * softplus(x[a] - x[b]);
    return value;
  };
  const hess = new Float64Array(n * n);
  const grad = new Float64Array(n);
  for (let iter = 0; iter < 100; iter++) {
    hess.fill(0);
    for (let k = 0; k < n; k++) {
      grad[k] = -precision * (s[k] - centre[k]);
      hess[k * n + k] = precision;
    }
    for (const { a, b, y } of data) {
      const q = sigmoid(s[a] - s[b]);
      const h = q * (1 - q);
      grad[a] += y - q;
      grad[b] -= y - q;
      hess[a * n + a] += h;
      hess[b * n + b] += h;
      hess[a * n + b] -= h;
      hess[b * n + a] -= h;
    }
    const step = solveSpd(hess, grad, n);
    // Newton with step halving: the objective is concave, so a halved step always ascends.
    const before = objective(s);
    let t = 1;
    for (let half = 0; half < 40; half++, t /= 2) if (objective(s.map((x, k) => x + t * step[k])) >= before - 1e-12) break;
    let moved = 0;
    for (let k = 0; k < n; k++) {
      s[k] += t * step[k];
      moved = Math.max(moved, Math.abs(t * step[k]));
    }
    if (moved < 1e-10) break;
  }
  return [...s].map((x) => x * ELO_PER_NAT);
}

/**
 * Over the voter's decisive votes (A or B) in duels where the others' votes lean one way too
 * (their A share is not one half): how often the voter picked the side the others favoured.
 */
function agreement(votes: readonly PersonalVote[]): PersonalBoard['agreement'] {
  let agreed = 0;
  let compared = 0;
  for (const v of votes) {
    if (v.choice !== 'A' && v.choice !== 'B') continue;
    const share = shareOfA(v.others);
    if (share === null || share === 0.5) continue;
    compared++;
    if ((v.choice === 'A') === share > 0.5) agreed++;
  }
  return { agreed, compared, share: compared > 0 ? agreed / compared : null };
}
