/**
 * The optional per-voter daily cap (DUEL_VOTER_DAILY_CAP, off by default): a voter who set this
 * many votes in the last 24 hours gets no new vote counted until older ones age out. Changing or
 * taking back a vote on a duel they already voted on is always allowed.
 */
import type { Store } from '../store/sqlite-store.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Votes the voter holds that were set in the 24 hours before `now` (index votes_voter, migration 4). */
export function votesInLastDay(store: Store, voter: string, now: number): number {
  const r = store.db.prepare('SELECT COUNT(*) AS n FROM votes WHERE voter = ? AND at > ?').get(voter, now - DAY_MS) as { n: number };
  return r.n;
}
