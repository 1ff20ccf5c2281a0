/** The reading face of the engine: duels, entries, drawing facts, images and reveals, blind while a duel is open. */
import type { DuelReading } from './duel-api.js';
import type { Store } from '../store/port.js';
import type { DuelClosing } from './closing.js';

export function createDuelReads(deps: { store: Store; closing: Pick<DuelClosing, 'reveal'> }): DuelReading {
  const { store } = deps;
  return {
    getDuel: (id) => store.getDuel(id),
    getEntries: (id) => store.entries(id),
    findByMessage: (platform, ref) => store.findByMessage(platform, ref),
    openDuels: (platform) => store.openDuels(platform),
    // From the facts stored with each drawing: never a scan of the SVG text per request.
    isAnimated: async (id, side) => {
      const facts = (await store.drawingFacts([id])).get(id);
      if (!facts) return false;
      return (side ? [facts[side]] : [facts.A, facts.B]).some((f) => f.animated);
    },
    drawingFacts: (ids) => store.drawingFacts(ids),
    image: (id, kind) => store.image(id, kind),
    imageKinds: (id) => store.imageKinds(id),
    getReveal: (id) => deps.closing.reveal(id),
    listDuels: ({ limit, offset, revealedOnly, ...filter }) => store.listDuels({ ...filter, statuses: revealedOnly ? ['closed', 'no-contest'] : undefined }, limit, offset),
  };
}
