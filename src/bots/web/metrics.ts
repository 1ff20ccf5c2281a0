/**
 * The arena's /metrics: the engine's facts (core's DuelObserver, the render pool's job times) and
 * Node's own numbers (event-loop lag, heap, GC) in Prometheus text, on a registry of our own so
 * nothing else in the process adds to it. Operational numbers only: contender providers, lanes,
 * platforms and times, never a prompt, a voter or a model's output (label values come from the
 * configured specs and fixed word lists, not from what visitors send).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { splitSpec } from '../../core/contenders/spec.js';
import type { DuelObserver } from '../../core/model/observer.js';
import { PLATFORMS, type Platform } from '../../core/model/types.js';

/** A render pool job's time, as the pool tells it (src/render/pool-jobs.ts JobTiming). */
export interface RenderJobTiming {
  lane: string;
  kind: string;
  ms: number;
  ok: boolean;
}

/** What the metrics count: wire it to the engine (Engine.observe in src/cli/engine.ts). */
export interface MetricsObserver extends DuelObserver {
  renderJob(timing: RenderJobTiming): void;
}

export interface ArenaMetrics {
  readonly observer: MetricsObserver;
  /** The exposition text and its content type. */
  scrape(): Promise<{ body: string; contentType: string }>;
}

export interface ArenaMetricsOptions {
  /** The configured contender specs: their providers' series start at 0 instead of appearing with the first duel. */
  contenders?: readonly string[];
  /** Render jobs waiting for a worker, per lane, read at each scrape. */
  renderQueue?: () => Record<string, number>;
}

const PREFIX = 'prompt_duel_';
/** A model draws for seconds to minutes (DUEL_TIMEOUT is 10 minutes by default). */
const DRAW_BUCKETS = [1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
/** A render is milliseconds to seconds; a GIF up to a minute (DUEL_GIF_TIMEOUT). */
const RENDER_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** `openai@openrouter:x-ai/grok-4` -> `openai@openrouter`: the spec's part before its first colon, never the model. */
export function providerOf(spec: string): string {
  const parsed = splitSpec(spec);
  if (!parsed) return 'unknown';
  return parsed.server ? `${parsed.provider}@${parsed.server}` : parsed.provider;
}

/** The distinct providers of a duel's sides: a duel between two models of one provider counts once for it. */
function providers(specs: readonly string[]): string[] {
  return [...new Set(specs.map(providerOf))];
}

/** A metric must never fail the work it counts (the observer contract says it does not throw). */
function guarded<A extends unknown[]>(f: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      f(...args);
    } catch {
      // a miscounted number is better than a failed duel
    }
  };
}

export function createArenaMetrics(options: ArenaMetricsOptions = {}): ArenaMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const duels = (what: string, help: string) => new Counter({ name: `${PREFIX}duels_${what}_total`, help, labelNames: ['provider'], registers });
  const started = duels('started', 'Duels recorded and sent to their contenders, by provider (a duel counts once for each distinct provider of its two sides).');
  const opened = duels('opened', 'Duels whose two sides drew and that opened for votes, by provider.');
  const failed = duels('failed', 'Duels that ended as no contest before opening (a side or the composite failed, or shutdown), by provider.');
  const drawSeconds = new Histogram({ name: `${PREFIX}draw_seconds`, help: "A contender's time to answer with its drawing, by provider.", labelNames: ['provider'], buckets: DRAW_BUCKETS, registers });
  const renderSeconds = new Histogram({
    name: `${PREFIX}render_seconds`,
    help: 'Time of a render job in a worker (from taking it to its answer), by lane, kind and outcome.',
    labelNames: ['lane', 'kind', 'outcome'],
    buckets: RENDER_BUCKETS,
    registers,
  });
  const votes = new Counter({ name: `${PREFIX}votes_counted_total`, help: 'New votes stored, by the platform of the duel voted on.', labelNames: ['platform'], registers });
  const queue = options.renderQueue;
  new Gauge({
    name: `${PREFIX}render_queue_depth`,
    help: 'Render jobs waiting for a worker, by lane.',
    labelNames: ['lane'],
    registers,
    collect() {
      if (!queue) return;
      for (const [lane, n] of Object.entries(queue())) this.set({ lane }, n);
    },
  });
  for (const provider of providers(options.contenders ?? [])) for (const c of [started, opened, failed]) c.inc({ provider }, 0);
  for (const platform of PLATFORMS) votes.inc({ platform }, 0);

  const each = (counter: Counter<'provider'>) => guarded((specs: readonly string[]) => providers(specs).forEach((provider) => counter.inc({ provider })));
  const observer: MetricsObserver = {
    duelStarted: each(started),
    duelOpened: each(opened),
    duelFailed: each(failed),
    drawn: guarded((spec: string, ms: number) => drawSeconds.observe({ provider: providerOf(spec) }, ms / 1000)),
    voteCounted: guarded((platform: Platform) => votes.inc({ platform })),
    renderJob: guarded(({ lane, kind, ms, ok }: RenderJobTiming) => renderSeconds.observe({ lane, kind, outcome: ok ? 'ok' : 'failed' }, ms / 1000)),
  };
  return {
    observer,
    scrape: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  };
}
