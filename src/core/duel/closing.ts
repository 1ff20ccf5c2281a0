/**
 * Closing a duel and telling its reveal: who drew which side, the tally, the winner. The one place
 * that decides a duel is closed; the close scheduler (timers, reveal delivery) calls it.
 */
import { isRevealed, type DuelRecord } from '../model/records.js';
import { DuelStateError } from '../model/errors.js';
import type { Clock, Reveal, Side, Tally } from '../model/types.js';
import type { Store } from '../store/port.js';
import { shareOfA, votesIn } from '../ratings/vote-share.js';

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
      store: Pick<Store, 'getDuel' | 'markClosed' | 'drawingFacts' | 'votes'>;
      /** Labels by spec, for duels whose entries were never stored. */
      labels: ReadonlyMap<string, string>;
      clock: Clock;
    },
  ) {}

  /** Close now; idempotent. Throws DuelStateError for an unknown duel or one still being drawn. */
  async close(duelId: string): Promise<ClosedDuel> {
    const { store, clock, labels } = this.deps;
    const before = await store.getDuel(duelId);
    if (!before) throw new DuelStateError(`There is no duel ${duelId}.`, 'unknown-duel');
    if (before.status === 'generating') throw new DuelStateError(`Duel ${duelId} is still being drawn: close it once it is posted.`, 'still-drawing');
    const closedNow = await store.markClosed(duelId, clock.now());
    const duel = (await store.getDuel(duelId))!;
    return { reveal: await revealOf(store, labels, duel, !closedNow), duel, closedNow };
  }

  /** The reveal of a closed (or no-contest) duel; undefined while it is open or drawn (blind). */
  async reveal(duelId: string): Promise<Reveal | undefined> {
    const duel = await this.deps.store.getDuel(duelId);
    return duel && isRevealed(duel) ? revealOf(this.deps.store, this.deps.labels, duel) : undefined;
  }
}

export async function tallyOf(store: Pick<Store, 'votes'>, duelId: string): Promise<Tally> {
  const t: Tally = { A: 0, B: 0, tie: 0, bad: 0 };
  for (const c of (await store.votes(duelId)).values()) t[c]++;
  return t;
}

export async function revealOf(
  store: Pick<Store, 'votes' | 'drawingFacts'>,
  labels: ReadonlyMap<string, string>,
  duel: DuelRecord,
  alreadyClosed?: boolean,
): Promise<Reveal> {
  // The drawings' facts, not the entries: a reveal never needs the SVG text (megabytes per side).
  const entries = (await store.drawingFacts([duel.id])).get(duel.id);
  const side = (s: Side, spec: string) => ({
    spec,
    label: entries?.[s].label ?? labels.get(spec) ?? spec,
    ok: entries?.[s].ok ?? false,
    error: entries?.[s].error ?? null,
  });
  const tally = await tallyOf(store, duel.id);
  const votes = votesIn(tally);
  // The same share that rates the battle: ties and "both bad" count half for each side.
  const share = duel.status === 'closed' ? shareOfA(tally) : null;
  const winner: Reveal['winner'] = share === null ? null : share > 0.5 ? 'A' : share < 0.5 ? 'B' : 'tie';
  return {
    id: duel.id,
    status: duel.status === 'no-contest' ? 'no-contest' : 'closed',
    sides: { A: side('A', duel.aSpec), B: side('B', duel.bSpec) },
    tally,
    votes,
    winner,
    flags: duel.flags,
    ...(alreadyClosed ? { alreadyClosed: true } : {}),
  };
}
