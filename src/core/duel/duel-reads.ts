/** The reading face of the engine: duels, entries, images and reveals, blind while a duel is open. */
import type { DuelReading } from './duel-api.js';
import type { Renderer } from '../model/types.js';
import type { Store } from '../store/port.js';
import type { DuelClosing } from './closing.js';

export function createDuelReads(deps: { store: Store; renderer: Pick<Renderer, 'isAnimated'>; closing: Pick<DuelClosing, 'reveal'> }): DuelReading {
  const { store, renderer } = deps;
  return {
    getDuel: (id) => store.getDuel(id),
    getEntries: (id) => store.entries(id),
    findByMessage: (platform, ref) => store.findByMessage(platform, ref),
    openDuels: (platform) => store.openDuels(platform),
    isAnimated: async (id, side) => {
      const entries = await store.entries(id);
      if (!entries || !renderer.isAnimated) return false;
      return (side ? [entries[side]] : [entries.A, entries.B]).some((e) => e.svg !== null && renderer.isAnimated!(e.svg));
    },
    image: (id, kind) => store.image(id, kind),
    getReveal: (id) => deps.closing.reveal(id),
    listDuels: ({ limit, offset, revealedOnly, ...filter }) => store.listDuels({ ...filter, statuses: revealedOnly ? ['closed', 'no-contest'] : undefined }, limit, offset),
  };
}
