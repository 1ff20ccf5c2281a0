/**
 * DUEL_KEEP_IMAGES under `duel serve`: the stored pictures (PNGs, GIF) of duels closed longer ago
 * than that are pruned at start and then about daily; drawings, votes and ratings stay, and the web
 * arena draws a pruned picture again when it is asked for (core/duel/redraw-images.ts).
 */
import type { Logger } from 'pino';
import type { ImagePrune, Store } from '../core/store/port.js';
import { formatDuration } from '../core/model/duration.js';

/** How often the prune runs after the first one at start. */
export const PRUNE_EVERY_MS = 24 * 3_600_000;
/** Duels whose images one transaction removes: the write lock is never held for long. */
const DUELS_PER_BATCH = 50;

/** Prunes every closed duel's images older than `keepMs` before `now`, batch by batch; the totals. */
export async function pruneOldImages(store: Pick<Store, 'pruneImages'>, keepMs: number, now: number, signal?: AbortSignal): Promise<ImagePrune> {
  const total: ImagePrune = { duels: 0, images: 0, bytes: 0 };
  for (;;) {
    if (signal?.aborted) return total;
    const batch = await store.pruneImages(now - keepMs, DUELS_PER_BATCH);
    total.duels += batch.duels;
    total.images += batch.images;
    total.bytes += batch.bytes;
    if (batch.duels < DUELS_PER_BATCH) return total;
    // Let votes and pages in between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Starts the prune (nothing when keepMs is null: keep forever); `stop` ends the timer and waits for a prune in progress. */
export function startImageRetention(deps: { store: Pick<Store, 'pruneImages'>; keepMs: number | null; logger: Logger; now?: () => number }): {
  name: string;
  /** Resolves once the prune in progress (if any) is done. */
  idle(): Promise<void>;
  stop(): Promise<void>;
} {
  const { keepMs, logger } = deps;
  if (keepMs === null) return { name: 'image retention', idle: async () => {}, stop: async () => {} };
  const now = deps.now ?? Date.now;
  const stopping = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const prune = () => {
    running = running.then(async () => {
      try {
        const freed = await pruneOldImages(deps.store, keepMs, now(), stopping.signal);
        logger.info({ ...freed, keep: formatDuration(keepMs) }, `pruned ${freed.images} stored images (${freed.bytes} bytes) of duels closed more than ${formatDuration(keepMs)} ago (DUEL_KEEP_IMAGES)`);
      } catch (err) {
        logger.error({ err }, 'pruning old images failed; they are tried again in a day');
      }
    });
  };
  prune();
  // Never what keeps the process alive: serve runs until a signal, whatever the timer does.
  const timer = setInterval(prune, PRUNE_EVERY_MS);
  timer.unref();
  return {
    name: 'image retention',
    idle: () => running,
    stop: async () => {
      clearInterval(timer);
      stopping.abort();
      await running;
    },
  };
}
