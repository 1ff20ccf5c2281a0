/**
 * The operator's endpoints: /healthz (is the database answering?) and /metrics (Prometheus text,
 * metrics.ts). Both are probed often, /healthz under load (bench/arena-capacity.ts): each does one
 * primary-key read of SQLite or reads counters in memory, nothing more.
 */
import type { Hono } from 'hono';
import type pino from 'pino';
import { createArenaMetrics, type ArenaMetrics } from './metrics.js';

/** What /healthz reads: one duel by its primary key (src/core/store/port.ts). */
export interface HealthStore {
  getDuel(id: string): Promise<unknown>;
}

export interface OpsDeps {
  store: HealthStore;
  /** Longest the database read may take before /healthz answers 503 (WEB_DEFAULTS.healthTimeoutMs). */
  healthTimeoutMs: number;
  /** false: /metrics answers 404 (DUEL_METRICS=off). */
  metricsOn: boolean;
  /** The engine's metrics (wired by `duel serve`); absent: this process's own numbers only, made at the first scrape. */
  metrics?: ArenaMetrics;
  logger: pino.Logger;
}

/** An id no duel has (ids are 10 base32 characters): the read finds nothing, at the cost of one index lookup. */
const PROBE_ID = 'healthz-probe';

/** Why the database is not answering, in one line, or null when it answered in time. */
export async function databaseProblem(store: HealthStore, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the database did not answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([store.getDuel(PROBE_ID).then(() => null), late]);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return `the database read failed: ${why.replace(/\s+/g, ' ').trim()}`;
  } finally {
    clearTimeout(timer);
  }
}

export function mountOps(app: Hono, deps: OpsDeps): void {
  // Logged when the answer changes, not at every probe of a database that stays down.
  let failing = false;
  app.get('/healthz', async (c) => {
    c.header('Cache-Control', 'no-store');
    const problem = await databaseProblem(deps.store, deps.healthTimeoutMs);
    if (problem !== null && !failing) deps.logger.error({ problem }, 'health check failed: /healthz answers 503');
    if (problem === null && failing) deps.logger.info('health check passes again');
    failing = problem !== null;
    return problem === null ? c.text('ok') : c.text(`unhealthy: ${problem}`, 503);
  });

  let own: ArenaMetrics | undefined;
  app.get('/metrics', async (c) => {
    if (!deps.metricsOn) return c.notFound();
    const { body, contentType } = await (deps.metrics ?? (own ??= createArenaMetrics())).scrape();
    c.header('Content-Type', contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(body);
  });
}
