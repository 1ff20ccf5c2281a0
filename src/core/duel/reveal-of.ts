/** The reveal of a duel, computed from the store: who drew which side, the tally, the winner. */
import { shareOfA, votesIn } from '../ratings/vote-share.js';
import type { DuelRecord } from '../model/records.js';
import type { Store } from '../store/port.js';
import type { Reveal, Side, Tally } from '../model/types.js';

export function tallyOf(store: Pick<Store, 'votes'>, duelId: string): Tally {
  const t: Tally = { A: 0, B: 0, tie: 0, bad: 0 };
  for (const c of store.votes(duelId).values()) t[c]++;
  return t;
}

export function revealOf(store: Pick<Store, 'votes' | 'entries'>, labels: ReadonlyMap<string, string>, duel: DuelRecord, alreadyClosed?: boolean): Reveal {
  const entries = store.entries(duel.id);
  const side = (s: Side, spec: string) => ({
    spec,
    label: entries?.[s].label ?? labels.get(spec) ?? spec,
    ok: entries?.[s].ok ?? false,
    error: entries?.[s].error ?? null,
  });
  const tally = tallyOf(store, duel.id);
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
