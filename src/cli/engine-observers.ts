/**
 * Who watches the engine (the web's /metrics, when `duel serve` turns it on): the engine is built
 * before anyone knows whether a watcher comes, so it is wired to this relay, which passes each fact
 * on to the watchers attached later. With none attached a fact costs a loop over an empty list.
 */
import type { DuelObserver } from '../core/model/observer.js';
import type { Platform } from '../core/model/types.js';
import type { JobTiming } from '../render/pool.js';

/** The engine's facts: the duels' (core) and the render pool's jobs. */
export interface EngineObserver extends DuelObserver {
  renderJob(timing: JobTiming): void;
}

export interface ObserverRelay extends EngineObserver {
  /** Pass every later fact to `observer` too; returns the way to stop. */
  attach(observer: EngineObserver): () => void;
}

export function observerRelay(): ObserverRelay {
  const watchers = new Set<EngineObserver>();
  const each = (tell: (o: EngineObserver) => void) => {
    for (const o of watchers) tell(o);
  };
  return {
    attach(observer) {
      watchers.add(observer);
      return () => void watchers.delete(observer);
    },
    duelStarted: (specs: readonly string[]) => each((o) => o.duelStarted(specs)),
    duelOpened: (specs: readonly string[]) => each((o) => o.duelOpened(specs)),
    duelFailed: (specs: readonly string[]) => each((o) => o.duelFailed(specs)),
    drawn: (spec: string, ms: number) => each((o) => o.drawn(spec, ms)),
    voteCounted: (platform: Platform) => each((o) => o.voteCounted(platform)),
    renderJob: (timing: JobTiming) => each((o) => o.renderJob(timing)),
  };
}
