/**
 * The board's types: battles, drawing features, the leaderboard with its style-controlled fit and
 * metrics, and a voter's own board. Data only, like types.ts (which the board's types build on).
 */
import type { Platform } from './types.js';

/** One closed, rated duel: A's share of the votes, ties and "both bad" counted half. */
export interface Battle {
  a: string;
  b: string;
  /** In [0, 1]. */
  outcome: number;
  /**
   * How much this battle counts in the rating fit (e.g. below 1 for a prompt repeated many
   * times); default 1. Counts, win rates and the pair matrix count battles as they happened.
   */
  weight?: number;
  /**
   * Each side's drawing features (style control): name -> number, the same names on both sides.
   * Absent when unknown; a battle without them is left out of the style-controlled fit only.
   */
  features?: { a: Readonly<Record<string, number>>; b: Readonly<Record<string, number>> };
}

/** Which board: the plain Bradley–Terry fit, or also the style-controlled one. */
export type LeaderboardControl = 'none' | 'style';

export type LeaderboardScope = 'community' | 'channel' | 'global';
export type LeaderboardWindow = 'all' | '30d' | '7d';

export interface LeaderboardQuery {
  scope: LeaderboardScope;
  since: LeaderboardWindow;
  platform?: Platform;
  community?: string;
  channel?: string;
  /** Only duels whose prompt has this category (core/categories/); absent for all. */
  category?: string;
  /** 'style' also fits the style-controlled board (`Leaderboard.control`); default 'none'. */
  control?: LeaderboardControl;
}

/** What a model's drawings look like, over its draws in scope (revealed duels only). */
export interface ModelMetrics {
  /** Draws attempted in scope. */
  draws: number;
  /** Share of draws that produced a drawing, in [0, 1]; null without draws. */
  drawnShare: number | null;
  /** Medians over its drawings; null without any. */
  medianBytes: number | null;
  medianElements: number | null;
  /** Shares of its drawings, in [0, 1]; null without any. */
  animatedShare: number | null;
  textShare: number | null;
  /** Median generation time (ms) and token counts over its drawings; null when none is known. */
  medianMs: number | null;
  medianTokensIn: number | null;
  medianTokensOut: number | null;
}

/** One style feature's effect in the controlled fit. */
export interface StyleCoefficient {
  name: string;
  /**
   * Elo points for one standard deviation of the feature's normalized difference between the
   * sides ((a - b) / (a + b), standardized over the battles); for `animated` that is close to
   * "animated against still". Positive: the feature wins votes regardless of the model.
   */
  coef: number;
  /** 95 % bootstrap interval; null while it cannot be measured. */
  ci: [number, number] | null;
}

/** A contender's rating with the style features held equal. */
export interface ControlledRow {
  spec: string;
  label: string;
  rating: number;
  ci: [number, number] | null;
  rank: number;
}

/** The style-controlled board (LMArena's contextual Bradley–Terry), beside the raw one. */
export interface StyleControl {
  features: StyleCoefficient[];
  /** Same contenders as the raw rows, best first, on the same Elo scale (mean 1000). */
  rows: ControlledRow[];
  /** Battles with both sides' features known (the fit's data). */
  battles: number;
}

export interface LeaderboardRow {
  spec: string;
  label: string;
  /** Bradley–Terry rating on the Elo scale, mean 1000. */
  rating: number;
  /**
   * 95 % bootstrap interval, or null while it is not yet known: when every resample gives the
   * same rating (one battle, or only identical outcomes), the bootstrap cannot measure the
   * uncertainty, and a zero-width interval would claim a certainty the data do not have.
   */
  ci: [number, number] | null;
  /** Fewer battles than `Leaderboard.provisionalBelow`: shown with a provisional mark. */
  provisional: boolean;
  /** 1 + number of contenders whose interval lies wholly above this one's. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** Battles whose votes were mostly "both bad", counted apart from ties. */
  bothBad: number;
  /** wins + ties/2 over battles, in [0, 1]. */
  winRate: number;
  /** Online Elo (K=32) over the battles in time order. */
  elo: number;
  /** Median generation time in ms over its duels in scope, null if none. */
  medianMs: number | null;
  /** Share of its duels in scope in which it failed, in [0, 1]. */
  failureRate: number | null;
  /** What its drawings look like; absent where the caller did not ask (a CSV of battles). */
  metrics?: ModelMetrics;
}

export interface Leaderboard {
  rows: LeaderboardRow[];
  battles: number;
  /** Share of decisive battles won by side A, null without any (the position-bias check). */
  sideAWinShare: number | null;
  /** 95 % Wilson interval of `sideAWinShare`, null with it. */
  sideAWinCi: [number, number] | null;
  /** Decisive battles (outcome not exactly 0.5) behind `sideAWinShare`. */
  decisiveBattles: number;
  /** A contender with fewer battles than this is provisional (DUEL_PROVISIONAL_BATTLES). */
  provisionalBelow: number;
  /** Head-to-head records of every pair, ties excluded (LMArena's pairwise matrices). */
  matrix: PairMatrix;
  /** Votes left out because their voters are flagged as suspicious; shown when above 0. */
  leftOutVotes?: number;
  /** Authors' own votes in duels closed before their time, left out; shown when above 0. */
  authorEarlyVotes?: number;
  /** Duels counted with a weight below 1 because their prompt repeats; shown when above 0. */
  downWeightedDuels?: number;
  /** Where the battles came from when not the database, e.g. a CSV file name (`duel leaderboard --battles`). */
  source?: string;
  /** The style-controlled board, when the query asked for it (`control: 'style'`). */
  control?: StyleControl;
  /**
   * Categories with at least DUEL_CATEGORY_MIN_BATTLES rated battles in this scope, most first:
   * the ones a board may be filtered by.
   */
  categories?: Array<{ name: string; battles: number }>;
  /** Rated battles a category needs before it is offered (DUEL_CATEGORY_MIN_BATTLES), with `categories`. */
  categoryMinBattles?: number;
  /** Rated battles of all prompts in this scope ("All prompts N"): `battles` unless a category filters the board. */
  scopeBattles?: number;
  query: LeaderboardQuery;
}

/**
 * One voter's own board: their votes fitted with the community's ratings as the prior, so a few
 * votes give a sensible order. Shows only what this voter voted and the community's ratings,
 * never another person's vote.
 */
export interface PersonalBoard {
  voter: string;
  /** This voter's votes on rated duels in scope. */
  votes: number;
  /** Votes needed before the board is shown (DUEL_PERSONAL_MIN_VOTES). */
  minVotes: number;
  /** Best first; empty until `votes >= minVotes`. */
  rows: Array<{ spec: string; label: string; rating: number; rank: number; communityRating: number; communityRank: number }>;
  /**
   * How often this voter picked the side the rest of the crowd picked: over their decisive votes
   * (A or B) in duels where the others' votes were decisive too.
   */
  agreement: { agreed: number; compared: number; share: number | null };
  query: LeaderboardQuery;
}

/**
 * Pairwise records in the board's row order: `wins[i][j]` battles that `specs[i]` won against
 * `specs[j]`, `decisive[i][j]` (= `decisive[j][i]`) their battles that were not a tie. A battle
 * is won by the side whose vote share is above one half, on either side of the image.
 */
export interface PairMatrix {
  specs: string[];
  wins: number[][];
  decisive: number[][];
}
