/**
 * Closing a duel and telling its reveal: who drew which side, the tally, the winner. The one place
 * that decides a duel is closed; the close scheduler (timers, reveal delivery) calls it.
 */
import { isRevealed, type DuelRecord } from '../model/records.js';
import { DuelStateError } from '../model/errors.js';
import type { Clock, Reveal } from '../model/types.js';
import type { Store } from '../store/port.js';
import { revealOf } from './reveal-of.js';

export interface ClosedDuel {
  reveal: Reveal;
  /** The duel as stored after closing. */
  duel: DuelRecord;
  /** False when it was closed already (the reveal then says alreadyClosed). */
  closedNow: boolean;
}

export class DuelClosing {
  constructor(
    private readonly deps: {
      store: Pick<Store, 'getDuel' | 'markClosed' | 'entries' | 'votes'>;
      /** Labels by spec, for duels whose entries were never stored. */
      labels: ReadonlyMap<string, string>;
      clock: Clock;
    },
  ) {}

  /** Close now; idempotent. Throws DuelStateError for an unknown duel or one still being drawn. */
  close(duelId: string): ClosedDuel {
    const { store, clock, labels } = this.deps;
    const before = store.getDuel(duelId);
    if (!before) throw new DuelStateError(`There is no duel ${duelId}.`, 'unknown-duel');
    if (before.status === 'generating') throw new DuelStateError(`Duel ${duelId} is still being drawn: close it once it is posted.`, 'still-drawing');
    const closedNow = store.markClosed(duelId, clock.now());
    const duel = store.getDuel(duelId)!;
    return { reveal: revealOf(store, labels, duel, !closedNow), duel, closedNow };
  }

  /** The reveal of a closed (or no-contest) duel; undefined while it is open or drawn (blind). */
  reveal(duelId: string): Reveal | undefined {
    const duel = this.deps.store.getDuel(duelId);
    return duel && isRevealed(duel) ? revealOf(this.deps.store, this.deps.labels, duel) : undefined;
  }
}
