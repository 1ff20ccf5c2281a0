/**
 * `GET /api/duels/:id/events`: the duel's live state as server-sent events, sent whenever it
 * changes (a progress step, a vote, the close) until the reveal. Each stream is bounded in time;
 * EventSource reconnects by itself.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { isRevealed } from '../../core/model/records.js';
import type { LiveDuels } from './live.js';
import { duelState } from './duel-state.js';
import type { DuelEnv } from './duel-param.js';

/** An event stream ends after this long. */
const STREAM_MAX_MS = 5 * 60_000;
/** The longest wait between two looks at the duel when nothing wakes the stream. */
const TICK_MS = 1000;

export interface EventsDeps {
  service: DuelApi;
  live: LiveDuels;
  /** Aborted when the server stops, ending every event stream. */
  stopping: AbortSignal;
}

export function mountEvents(app: Hono, deps: EventsDeps, duel: MiddlewareHandler<DuelEnv>): void {
  const { service, live } = deps;
  app.get('/api/duels/:id/events', duel, (c) => {
    const id = c.get('duel').id;
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      const onStop = () => abort.abort();
      deps.stopping.addEventListener('abort', onStop);
      const started = Date.now();
      let last = '';
      try {
        while (!abort.signal.aborted && Date.now() - started < STREAM_MAX_MS) {
          const d = await service.getDuel(id);
          if (!d) break;
          const json = JSON.stringify(await duelState(service, live, d));
          if (json !== last) {
            await stream.writeSSE({ event: 'state', data: json });
            last = json;
          }
          if (isRevealed(d)) break;
          await live.next(id, TICK_MS, abort.signal);
        }
      } finally {
        deps.stopping.removeEventListener('abort', onStop);
      }
    });
  });
}
