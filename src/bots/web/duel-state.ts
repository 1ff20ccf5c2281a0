/**
 * What the arena shows about a duel outside its reveal, written once for the JSON, the event
 * stream and the page: the vote count and this visitor's own vote. Blind: no spec or label, ever.
 */
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { DuelRecord } from '../../core/model/records.js';
import type { Choice } from '../../core/model/types.js';
import type { LiveDuels } from './live.js';
import { plural } from './plural.js';
import { progressWords } from './views/progress.js';
import { voterKey } from './voter.js';

/** The votes of an open duel as they are now, else the count its reveal settled on (0 before any). */
export async function votesShown(service: DuelApi, duel: DuelRecord): Promise<number> {
  return duel.status === 'open' ? (await service.votes(duel.id)).size : ((await service.getReveal(duel.id))?.votes ?? 0);
}

/** The visitor's current vote while the duel is open; null otherwise, and for a visitor without an id. */
export async function myVote(service: DuelApi, duel: DuelRecord, voter: string | undefined): Promise<Choice | null> {
  return voter !== undefined && duel.status === 'open' ? ((await service.votes(duel.id)).get(voterKey(voter)) ?? null) : null;
}

/** A vote count with its words ("1 vote"), so the page never pluralizes on its own. */
export function voteCount(votes: number): { votes: number; votesText: string } {
  return { votes, votesText: plural(votes, 'vote') };
}

/** What the live view needs to know about a duel. */
export async function duelState(service: DuelApi, live: LiveDuels, duel: DuelRecord) {
  const l = live.get(duel.id);
  const shown = await votesShown(service, duel);
  return {
    id: duel.id,
    status: duel.status,
    closesAt: duel.closesAt,
    ...voteCount(shown),
    // One state for the duel while it is drawn, never per side (blind progress), with the
    // page's words for it (`words`), so the page script never words anything itself.
    progress:
      duel.status === 'generating' && l?.progress
        ? { state: l.progress.state, elapsedMs: l.progress.elapsedMs, queue: l.progress.queue ?? null, text: l.progress.text, words: progressWords(l.progress) }
        : null,
    error: l?.error ?? null,
    // Set once the animated composite GIF, made after the vote opened, is stored: the page swaps it in.
    animation: l?.animationReady ? `/duels/${duel.id}/animated.gif` : null,
  };
}
