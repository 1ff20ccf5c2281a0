/**
 * The optional per-voter daily cap (DUEL_VOTER_DAILY_CAP, off by default): a voter who set this
 * many votes in the last 24 hours gets no new vote counted until older ones age out. Changing or
 * taking back a vote on a duel they already voted on is always allowed.
 */
import type { VoteRows } from '../store/port.js';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Votes the voter holds that were set in the 24 hours before `now`. */
export function votesInLastDay(store: Pick<VoteRows, 'votesSince'>, voter: string, now: number): Promise<number> {
  return store.votesSince(voter, now - DAY_MS);
}
