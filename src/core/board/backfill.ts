/**
 * Drawings and duels stored before the board knew features and categories (migration 7) are
 * measured and sorted once, by `duel serve` at start, in the background: features in the render
 * workers (a stored SVG may be megabytes; never on the event loop), categories by the keyword rules
 * (the model is asked only about new prompts). Until then such a duel is simply out of style
 * control and of category boards. Progress goes to the log.
 */
import type { Logger } from 'pino';
import type { Renderer } from '../model/types.js';
import type { Store } from '../store/port.js';

const BATCH = 50;

export interface BackfillDeps {
  store: Store;
  renderer: Pick<Renderer, 'features'>;
  /** The keyword rules' categories of a prompt. */
  categorize: (prompt: string) => string[];
  logger: Logger;
  /** Stops between drawings (shutdown). */
  signal?: AbortSignal;
}

/** Measures stored drawings without features; answers how many were measured and how many could not be. */
export async function measureStoredDrawings(deps: BackfillDeps): Promise<{ measured: number; failed: number }> {
  const { store, renderer, logger, signal } = deps;
  let measured = 0;
  const failed = new Set<string>();
  if (!renderer.features) return { measured, failed: 0 };
  for (;;) {
    // A drawing that cannot be measured stays unmeasured: the batch grows past those to reach the rest.
    const todo = (await store.unmeasuredDrawings(BATCH + failed.size)).filter((d) => !failed.has(`${d.duelId}/${d.side}`));
    if (todo.length === 0 || signal?.aborted) break;
    for (const d of todo) {
      if (signal?.aborted) break;
      try {
        await store.setDrawingFeatures(d.duelId, d.side, await renderer.features(d.svg));
        measured++;
      } catch (err) {
        failed.add(`${d.duelId}/${d.side}`);
        logger.warn({ duelId: d.duelId, side: d.side, err: (err as Error).message }, 'a stored drawing could not be measured: it stays out of style control');
      }
    }
    logger.info({ measured, failed: failed.size }, 'measuring stored drawings for the board');
  }
  return { measured, failed: failed.size };
}

/** Sorts stored duels never sorted into categories by the keyword rules; answers how many. */
export async function categorizeStoredDuels(deps: Pick<BackfillDeps, 'store' | 'categorize' | 'logger' | 'signal'>): Promise<number> {
  let sorted = 0;
  for (;;) {
    const todo = await deps.store.uncategorizedDuels(500);
    if (todo.length === 0 || deps.signal?.aborted) break;
    await deps.store.transaction(async (tx) => {
      for (const d of todo) await tx.addCategories(d.id, deps.categorize(d.prompt));
    });
    sorted += todo.length;
  }
  if (sorted > 0) deps.logger.info({ sorted }, 'stored duels sorted into categories');
  return sorted;
}

/** Both, one after the other; never throws (a failure is logged and the board goes on without). */
export async function backfillBoardData(deps: BackfillDeps): Promise<void> {
  try {
    await categorizeStoredDuels(deps);
    const { measured, failed } = await measureStoredDrawings(deps);
    if (measured + failed > 0) deps.logger.info({ measured, failed }, 'stored drawings measured for the board');
  } catch (err) {
    deps.logger.error({ err }, 'measuring stored drawings for the board failed; it is tried again at the next start');
  }
}
