/**
 * Turns stored votes into a leaderboard. Nothing here is cached or kept as state: the board is
 * recomputed from the votes every time, so it can never drift from what people voted.
 */
import { buildBoard, type RatedBattle } from './ratings/board.js';
import type { DuelFilter, Store } from './store.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardWindow } from './types.js';

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

export function buildLeaderboard(args: { store: Store; query: LeaderboardQuery; labels: Map<string, string>; now: number; rounds: number; provisionalBelow?: number }): Leaderboard {
  const filter = scopeFilter(args.query, args.now);
  const battles: RatedBattle[] = [];
  for (const d of args.store.closedDuels(filter)) {
    const votes = d.A + d.B + d.tie + d.bad;
    // No contest, no votes, or a drawing that named its maker: shown, never rated.
    if (d.status !== 'closed' || votes === 0 || d.flags.includes('unblinded')) continue;
    battles.push({ a: d.aSpec, b: d.bSpec, outcome: (d.A + d.tie / 2 + d.bad / 2) / votes, tally: { A: d.A, B: d.B, tie: d.tie, bad: d.bad } });
  }
  const activity = new Map<string, { duels: number; failures: number; ms: number[] }>();
  const labels = new Map(args.labels);
  for (const e of args.store.activity(filter)) {
    const a = activity.get(e.spec) ?? { duels: 0, failures: 0, ms: [] };
    a.duels++;
    if (!e.ok) a.failures++;
    else if (e.ms !== null) a.ms.push(e.ms);
    activity.set(e.spec, a);
  }
  for (const b of battles) for (const s of [b.a, b.b]) if (!labels.has(s)) labels.set(s, s);
  return buildBoard({ battles, labels, activity, rounds: args.rounds, provisionalBelow: args.provisionalBelow, query: args.query });
}

/**
 * Leaderboards are recomputed from the votes, but not on every page view: a board is reused
 * while no vote or close has happened since (and for at most a minute, so time windows move on).
 */
export class LeaderboardCache {
  private readonly boards = new Map<string, { version: string; minute: number; board: Leaderboard }>();

  constructor(
    private readonly store: Store,
    private readonly labels: Map<string, string>,
    private readonly rounds: number,
    private readonly provisionalBelow?: number,
  ) {}

  get(query: LeaderboardQuery, now: number): Leaderboard {
    const key = JSON.stringify([query.scope, query.since, query.platform, query.community, query.channel]);
    const version = this.store.ratingsVersion();
    const minute = Math.floor(now / 60_000);
    const hit = this.boards.get(key);
    if (hit && hit.version === version && hit.minute === minute) return hit.board;
    const board = buildLeaderboard({ store: this.store, query, labels: this.labels, now, rounds: this.rounds, provisionalBelow: this.provisionalBelow });
    if (this.boards.size > 256) this.boards.clear();
    this.boards.set(key, { version, minute, board });
    return board;
  }
}
