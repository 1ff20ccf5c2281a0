/**
 * Build the leaderboard from rated battles: Bradley–Terry ratings with bootstrap intervals
 * and ranks, counts, win rate, an online Elo side column and per-contender activity.
 * With `query.control` 'style' it also fits the style-controlled board (style-control.ts).
 * Pure: the caller loads battles (in time order) and activity from the store.
 */
import type { Tally } from '../model/types.js';
import type { Battle, Leaderboard, LeaderboardQuery, LeaderboardRow } from '../model/board-types.js';
import { bootstrapRatings } from './bootstrap.js';
import { onlineElo } from './elo.js';
import { pairMatrix } from './pair-matrix.js';
import { sideAShare } from './side-a-share.js';
import { fitStyleControl } from './style-control.js';

/** A contender with fewer battles than this is marked provisional (DUEL_PROVISIONAL_BATTLES). */
export const DEFAULT_PROVISIONAL_BELOW = 10;

/** A battle, optionally with the vote tally it came from (to tell "both bad" from a tie). */
export type RatedBattle = Battle & { tally?: Tally };

/** A contender's duels in scope, rated or not. */
export interface ContenderActivity {
  /** Duels it took part in. */
  duels: number;
  /** Duels in which it failed (no drawing). */
  failures: number;
  /** Generation times in milliseconds of its successful drawings. */
  ms: number[];
}

export interface BuildBoardInput {
  /** Rated battles in time order (oldest first); the order only matters for Elo. */
  battles: readonly RatedBattle[];
  /** spec -> display label; a spec without one is shown as itself. */
  labels: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  activity?: ReadonlyMap<string, ContenderActivity>;
  /** Bootstrap rounds (at least 200). */
  rounds?: number;
  /** Bootstrap seed. */
  seed?: number;
  /** Contenders with fewer battles are provisional; default DEFAULT_PROVISIONAL_BELOW (10). */
  provisionalBelow?: number;
  /** Where the battles came from when not the database (e.g. a CSV file name). */
  source?: string;
  query: LeaderboardQuery;
}

/** spec -> display label from a map or record; a spec without a label is shown as itself. */
export function labelLookup(labels: ReadonlyMap<string, string> | Readonly<Record<string, string>>): (spec: string) => string {
  return (spec) => {
    const l = labels instanceof Map ? labels.get(spec) : (labels as Record<string, string>)[spec];
    return typeof l === 'string' && l !== '' ? l : spec;
  };
}

/** True when "both bad" got strictly more votes than A, B and tie. */
export function isMostlyBothBad(tally: Tally | undefined): boolean {
  if (!tally) return false;
  return tally.bad > tally.A && tally.bad > tally.B && tally.bad > tally.tie;
}

/**
 * The leaderboard. Rows list only contenders with at least one battle, best rating first.
 * Counting rules: a win is an outcome above 0.5 for that side, a loss below; a tie is
 * exactly 0.5 unless the votes were mostly "both bad", which is counted in `bothBad`
 * instead (and gives no half point in `winRate`).
 */
export function buildBoard(input: BuildBoardInput): Leaderboard {
  const { battles, query } = input;
  const labelOf = labelLookup(input.labels);

  const estimates = bootstrapRatings(battles, { rounds: input.rounds, seed: input.seed });
  const elo = onlineElo(battles);
  const counts = new Map<string, { battles: number; wins: number; losses: number; ties: number; bothBad: number }>();
  const countsOf = (spec: string) => {
    let c = counts.get(spec);
    if (!c) counts.set(spec, (c = { battles: 0, wins: 0, losses: 0, ties: 0, bothBad: 0 }));
    return c;
  };

  for (const battle of battles) {
    if (battle.a === battle.b) continue;
    const bad = isMostlyBothBad(battle.tally);
    for (const [spec, score] of [
      [battle.a, battle.outcome],
      [battle.b, 1 - battle.outcome],
    ] as const) {
      const c = countsOf(spec);
      c.battles++;
      if (bad) c.bothBad++;
      if (score > 0.5) c.wins++;
      else if (score < 0.5) c.losses++;
      else if (!bad) c.ties++;
    }
  }
  const provisionalBelow = Math.max(0, Math.floor(input.provisionalBelow ?? DEFAULT_PROVISIONAL_BELOW));

  const rows: LeaderboardRow[] = [];
  for (const [spec, est] of estimates) {
    const c = countsOf(spec);
    const act = input.activity?.get(spec);
    rows.push({
      spec,
      label: labelOf(spec),
      rating: est.rating,
      ci: est.ci,
      rank: est.rank,
      battles: c.battles,
      provisional: c.battles < provisionalBelow,
      wins: c.wins,
      losses: c.losses,
      ties: c.ties,
      bothBad: c.bothBad,
      winRate: c.battles > 0 ? (c.wins + c.ties / 2) / c.battles : 0,
      elo: elo.get(spec) ?? 1000,
      medianMs: act ? median(act.ms) : null,
      failureRate: act && act.duels > 0 ? Math.min(1, act.failures / act.duels) : null,
    });
  }
  rows.sort((x, y) => y.rating - x.rating || x.spec.localeCompare(y.spec));

  const sideA = sideAShare(battles);
  // Style control (query.control 'style'): absent when no battle has drawing features.
  const control =
    query.control === 'style'
      ? fitStyleControl(battles, labelOf, { rounds: input.rounds, seed: input.seed, raw: new Map([...estimates].map(([spec, e]) => [spec, e.rating])) })
      : undefined;
  return {
    rows,
    battles: battles.filter((b) => b.a !== b.b).length,
    sideAWinShare: sideA.share,
    sideAWinCi: sideA.ci,
    decisiveBattles: sideA.decisive,
    provisionalBelow,
    matrix: pairMatrix(battles, rows.map((r) => r.spec)),
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(control === undefined ? {} : { control }),
    query,
  };
}

/** Median of finite values, null for none. */
export function median(values: readonly number[]): number | null {
  const v = values.filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
  if (v.length === 0) return null;
  const mid = v.length >> 1;
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
