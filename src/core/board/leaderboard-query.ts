/**
 * Turns stored votes into a leaderboard: which battles count, and with what weight. Nothing here
 * is cached or kept as state: the board is recomputed from the votes every time, so it can never
 * drift from what people voted.
 * - Votes of voters flagged as suspicious (voter-flags.ts) are left out; the board says how many.
 * - Duels on a prompt repeated in one community weigh less (prompt-weights.ts); the board says how many.
 */
import { buildBoard, type RatedBattle } from '../ratings/board.js';
import { promptWeights } from '../ratings/prompt-weights.js';
import type { DuelFilter, Store } from '../store/port.js';
import type { Tally } from '../model/types.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardWindow } from '../model/board-types.js';
import type { VoterFlags } from '../votes/voter-flags.js';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import { modelMetrics } from './model-metrics.js';
import { offeredCategories, ratedDuels } from './rated-duels.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const WINDOW_MS: Record<LeaderboardWindow, number | undefined> = { all: undefined, '30d': 30 * DAY_MS, '7d': 7 * DAY_MS };

export function scopeFilter(query: LeaderboardQuery, now: number): DuelFilter {
  const windowMs = WINDOW_MS[query.since];
  const filter: DuelFilter = windowMs === undefined ? {} : { since: now - windowMs };
  if (query.scope === 'community' || query.scope === 'channel') {
    filter.platform = query.platform;
    filter.community = query.community;
  }
  if (query.scope === 'channel') filter.channel = query.channel;
  return filter;
}

export interface BuildLeaderboardArgs {
  store: Store;
  query: LeaderboardQuery;
  labels: Map<string, string>;
  now: number;
  rounds: number;
  provisionalBelow?: number;
  /** A category is offered as a filter from this many rated battles in scope; default DEFAULT_SETTINGS'. */
  categoryMinBattles?: number;
  /** Votes to leave out, per duel (flagged voters'); none when absent. */
  leftOut?: ReadonlyMap<string, Tally>;
}

export async function buildLeaderboard(args: BuildLeaderboardArgs): Promise<Leaderboard> {
  const { category, ...unfiltered } = args.query;
  const filter = scopeFilter(unfiltered, args.now);
  const closed = await args.store.closedDuels(filter);
  const all = ratedDuels(closed, args.leftOut);
  // The categories offered are those of the whole scope, so a filtered board still lists the others.
  const categoryMinBattles = args.categoryMinBattles ?? DEFAULT_SETTINGS.categoryMinBattles;
  const categories = offeredCategories(all.rated, categoryMinBattles);
  // The category's duels are among the scope's rows already (each carries its categories).
  const inScope = category ? ratedDuels(closed.filter((d) => d.categories.includes(category)), args.leftOut) : all;
  const weights = promptWeights(await args.store.closedDuelPrompts(inScope.rated.map((r) => r.id)));
  let downWeightedDuels = 0;
  const battles: RatedBattle[] = inScope.rated.map(({ id, battle }) => {
    const weight = weights.get(id) ?? 1;
    if (weight < 1) downWeightedDuels++;
    return weight < 1 ? { ...battle, weight } : battle;
  });
  const draws = await args.store.activity(category ? { ...filter, category } : filter);
  const activity = new Map<string, { duels: number; failures: number; ms: number[] }>();
  const labels = new Map(args.labels);
  for (const e of draws) {
    const a = activity.get(e.spec) ?? { duels: 0, failures: 0, ms: [] };
    a.duels++;
    if (!e.ok) a.failures++;
    else if (e.ms !== null) a.ms.push(e.ms);
    activity.set(e.spec, a);
  }
  for (const b of battles) for (const s of [b.a, b.b]) if (!labels.has(s)) labels.set(s, s);
  const board = buildBoard({ battles, labels, activity, rounds: args.rounds, provisionalBelow: args.provisionalBelow, query: args.query });
  const metrics = modelMetrics(draws);
  const rows = board.rows.map((r) => {
    const m = metrics.get(r.spec);
    return m ? { ...r, metrics: m } : r;
  });
  return { ...board, rows, leftOutVotes: inScope.leftOutVotes, authorEarlyVotes: inScope.authorEarlyVotes, downWeightedDuels, categories, categoryMinBattles, scopeBattles: all.rated.length };
}

/**
 * Leaderboards are recomputed from the votes, but not on every page view: a board is reused
 * while no vote, close or voter flag has changed since (and for at most a minute, so time windows
 * move on). Before a board is built, the suspicious-voter test runs if the votes changed.
 */
export class LeaderboardCache {
  private readonly boards = new Map<string, { version: string; minute: number; board: Leaderboard }>();
  /** Boards being built, by key and version: requests that miss together share one build (a fit is CPU time). */
  private readonly building = new Map<string, Promise<Leaderboard>>();

  private readonly store: Store;
  private readonly flags?: VoterFlags;

  constructor(private readonly options: Omit<BuildLeaderboardArgs, 'query' | 'now' | 'leftOut'> & { flags?: VoterFlags }) {
    this.store = options.store;
    this.flags = options.flags;
  }

  async get(query: LeaderboardQuery, now: number): Promise<Leaderboard> {
    const key = JSON.stringify([query.scope, query.since, query.platform, query.community, query.channel, query.category ?? '', query.control ?? 'none']);
    await this.flags?.refresh(now);
    const version = `${await this.store.ratingsVersion()}|${(await this.flags?.version()) ?? ''}`;
    const minute = Math.floor(now / 60_000);
    const hit = this.boards.get(key);
    if (hit && hit.version === version && hit.minute === minute) return hit.board;
    const buildKey = `${key}|${version}|${minute}`;
    const running = this.building.get(buildKey);
    if (running) return running;
    const build = (async () => {
      const board = await buildLeaderboard({ ...this.options, query, now, leftOut: await this.flags?.flaggedVotesByDuel() });
      if (this.boards.size > 256) this.boards.clear();
      this.boards.set(key, { version, minute, board });
      return board;
    })().finally(() => this.building.delete(buildKey));
    this.building.set(buildKey, build);
    return build;
  }
}
