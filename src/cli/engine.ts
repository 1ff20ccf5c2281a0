/**
 * Wires the engine from a parsed Config: store, sandboxed renderer, contenders behind their
 * per-provider limits, and the duel service. The CLI and `duel serve` share this one wiring.
 */
import type { Logger } from 'pino';
import type { Config } from '../core/config/config.js';
import { assertDistinctLabels, createLimitedContenders, defaultLabel, parseSpec, type ContenderOptions } from '../core/contenders/index.js';
import { listModels } from '../core/contenders/model-list.js';
import type { DuelApi } from '../core/duel/duel-api.js';
import { createDuelService } from '../core/duel/duel-service.js';
import type { DuelChanges, Store } from '../core/store/port.js';
import type { Clock, Renderer } from '../core/model/types.js';
import { leaderboardChartSvg } from '../render/leaderboard-chart.js';
import type { JobTiming, Lane } from '../render/pool.js';
import { createRenderer, type PoolRenderer } from '../render/renderer.js';
import { observerRelay, type EngineObserver } from './engine-observers.js';
import { openConfiguredChanges, openConfiguredStore } from './open-store.js';

/** The renderer with its animation methods present (the lazy wrapper does not expose the pool). */
type PoolRendererPort = Omit<PoolRenderer, 'pool'>;

export interface Engine {
  service: DuelApi;
  store: Store;
  renderer: Renderer;
  /** Duels opened, closed and revealed (ids only), as the engine tells them (within this process over SQLite). */
  changes: DuelChanges;
  /** Tell `observer` every later fact of the duels and the render pool (the web's /metrics); returns the way to stop. */
  observe(observer: EngineObserver): () => void;
  /** Render jobs waiting for a worker, per lane (none before the pool's first job). */
  renderQueue(): Record<Lane, number>;
  close(): Promise<void>;
}

/** The configured contenders' options, refused at start when two share a label (assertDistinctLabels). */
export function contenderOptions(config: Config, logger: Logger): ContenderOptions[] {
  const options = config.contenders.map((c) => ({
    spec: c.spec,
    model: parseSpec(c.spec).model,
    label: c.label ?? defaultLabel(c.spec),
    thinking: c.thinking,
    totalTimeoutMs: config.totalTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
    maxTokens: config.maxTokens,
    maxReplyBytes: config.maxReplyBytes,
    logger,
  }));
  assertDistinctLabels(options);
  return options;
}

/**
 * The render pool starts its child processes on first use, so `duel vote` or `duel export` spawn
 * none. `onJob` is told each job's time (the engine's observers).
 */
export function createRendererFromConfig(config: Config, logger: Logger, onJob?: (timing: JobTiming) => void): PoolRendererPort {
  let real: PoolRendererPort | undefined;
  const get = () => (real ??= makeRenderer(config, logger, onJob));
  return {
    waiting: () => real?.waiting() ?? { still: 0, frames: 0 },
    extract: (text) => get().extract(text),
    render: (svg, options) => get().render(svg, options),
    composite: (input) => get().composite(input),
    features: (svg) => get().features(svg),
    isAnimated: (svg) => get().isAnimated(svg),
    animation: (svg, options) => get().animation(svg, options),
    animatedComposite: (input, options) => get().animatedComposite(input, options),
    renderTrusted: (svg) => get().renderTrusted(svg),
    close: async () => {
      await real?.close();
    },
  };
}

function makeRenderer(config: Config, logger: Logger, onJob?: (timing: JobTiming) => void): PoolRendererPort {
  return createRenderer({
    poolSize: config.render.workers,
    frameWorkers: config.render.frameWorkers,
    frameBudgetMs: config.render.frameBudgetMs,
    timeoutMs: config.render.timeoutMs,
    memoryMb: config.render.memoryMb,
    box: config.render.box,
    logger,
    onJob,
  });
}

export async function createEngine(config: Config, logger: Logger, extra: { clock?: Clock; random?: () => number; contenderOverrides?: Partial<ContenderOptions> } = {}): Promise<Engine> {
  const store = await openConfiguredStore(config);
  const changes = await openConfiguredChanges(config, logger).catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  const observers = observerRelay();
  const renderer = createRendererFromConfig(config, logger, observers.renderJob);
  const { contenders } = createLimitedContenders(
    contenderOptions(config, logger).map((o) => ({ ...o, ...extra.contenderOverrides })),
    config.providers,
    config.concurrency,
  );
  const service = createDuelService({
    store,
    renderer,
    contenders,
    logger,
    settings: config.duel,
    clock: extra.clock,
    random: extra.random,
    chartSvg: leaderboardChartSvg,
    listModels: () => listModels(config),
    observer: observers,
    changes,
  });
  return {
    service,
    store,
    renderer,
    changes,
    observe: (observer) => observers.attach(observer),
    renderQueue: () => renderer.waiting(),
    async close() {
      await service.stop();
      await renderer.close();
      await changes.close();
      await store.close();
    },
  };
}
