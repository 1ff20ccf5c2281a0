/**
 * A closed duel's outcome for side A: the share of votes that go to A when a tie and "both bad"
 * count half for each side. The one formula behind ratings, reveals, boards and exports.
 */
import type { Choice, Tally } from '../model/types.js';

export function votesIn(tally: Tally): number {
  return tally.A + tally.B + tally.tie + tally.bad;
}

/** A's share of the votes in [0, 1], or null when nobody voted. */
export function shareOfA(tally: Tally): number | null {
  const votes = votesIn(tally);
  return votes > 0 ? (tally.A + tally.tie / 2 + tally.bad / 2) / votes : null;
}

/** One vote as an outcome for side A: the same counting as `shareOfA` (tie and "both bad" half). */
export function choiceOutcome(choice: Choice): number {
  return choice === 'A' ? 1 : choice === 'B' ? 0 : 0.5;
}
