/**
 * Which closed duels the board rates, and with what votes: the one place that decides it, for the
 * community board and for a voter's own board alike.
 * - A no-contest duel, or one whose drawing named its maker, is shown, never rated.
 * - Votes of voters flagged as suspicious are left out (`leftOut`, per duel); the board says how many.
 * - A duel closed before its time leaves out its author's own vote (vote for the side you recognise,
 *   close at once); a flagged author's votes are in `leftOut` already, so the store gives none then.
 * - A duel without a counted vote is not a battle.
 */
import { shareOfA } from '../ratings/vote-share.js';
import type { RatedBattle } from '../ratings/board.js';
import type { ClosedDuelRow } from '../store/port.js';
import type { Tally } from '../model/types.js';

export interface RatedDuel {
  id: string;
  battle: RatedBattle;
  /** The votes the battle counts (after what is left out). */
  tally: Tally;
  categories: string[];
}

export interface RatedDuels {
  rated: RatedDuel[];
  leftOutVotes: number;
  authorEarlyVotes: number;
}

export function ratedDuels(closed: readonly ClosedDuelRow[], leftOut?: ReadonlyMap<string, Tally>): RatedDuels {
  const rated: RatedDuel[] = [];
  let leftOutVotes = 0;
  let authorEarlyVotes = 0;
  for (const d of closed) {
    if (d.status !== 'closed' || d.flags.includes('unblinded')) continue;
    const out = leftOut?.get(d.id);
    const tally: Tally = out ? { A: d.A - out.A, B: d.B - out.B, tie: d.tie - out.tie, bad: d.bad - out.bad } : { A: d.A, B: d.B, tie: d.tie, bad: d.bad };
    if (out) leftOutVotes += out.A + out.B + out.tie + out.bad;
    if (d.authorEarlyVote && tally[d.authorEarlyVote] > 0) {
      tally[d.authorEarlyVote]--;
      authorEarlyVotes++;
    }
    const outcome = shareOfA(tally);
    if (outcome === null) continue;
    const features = d.features ? { a: { ...d.features.A }, b: { ...d.features.B } } : undefined;
    rated.push({ id: d.id, tally, categories: d.categories, battle: { a: d.aSpec, b: d.bSpec, outcome, tally, ...(features ? { features } : {}) } });
  }
  return { rated, leftOutVotes, authorEarlyVotes };
}

/** Categories with at least `minBattles` rated battles, most first (then by name). */
export function offeredCategories(rated: readonly RatedDuel[], minBattles: number): Array<{ name: string; battles: number }> {
  const counts = new Map<string, number>();
  for (const r of rated) for (const c of r.categories) counts.set(c, (counts.get(c) ?? 0) + 1);
  return [...counts]
    .filter(([, n]) => n >= minBattles)
    .map(([name, battles]) => ({ name, battles }))
    .sort((x, y) => y.battles - x.battles || x.name.localeCompare(y.name));
}
