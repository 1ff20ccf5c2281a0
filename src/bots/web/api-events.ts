/**
 * `GET /api/duels/:id/events`: the duel's live state as server-sent events, sent whenever it
 * changes (a progress step, a vote, its GIF made, the close) until the reveal, when the stream
 * ends. Streams are capped per address and in total (stream-caps.ts: 429 with Retry-After over a
 * cap), and one with nothing new to send for the idle limit ends; EventSource reconnects by itself.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { isRevealed } from '../../core/model/records.js';
import type { LiveDuels } from './live.js';
import { duelState } from './duel-state.js';
import type { DuelEnv } from './duel-param.js';
import type { StreamCaps } from './stream-caps.js';
import { addressOf, type Visitors } from './visitors.js';

/** The longest wait between two looks at the duel when nothing wakes the stream. */
const TICK_MS = 1000;

export interface EventsDeps {
  service: DuelApi;
  live: LiveDuels;
  /** Aborted when the server stops, ending every event stream. */
  stopping: AbortSignal;
  visitors: Visitors;
  streams: StreamCaps;
  /** A stream with nothing new to send for this long ends (the page reconnects). */
  streamIdleMs: number;
}

export function mountEvents(app: Hono, deps: EventsDeps, duel: MiddlewareHandler<DuelEnv>): void {
  const { service, live } = deps;
  // Streams admitted by the cap, by request, until their handler takes them over.
  const slots = new WeakMap<Request, () => void>();
  // The caps are checked before the duel is looked up: a flood of refused streams never reaches the
  // store. (Over a cap most are refused before Hono sees them, by stream-gate.ts; this is the check
  // that admits.)
  const capped: MiddlewareHandler = async (c, next) => {
    const admitted = deps.streams.admit(addressOf(c, deps.visitors));
    if (!admitted.ok) {
      c.header('Retry-After', String(admitted.retryAfterS));
      return c.json({ error: admitted.message }, 429);
    }
    slots.set(c.req.raw, admitted.release);
    try {
      await next();
    } finally {
      // Still here: no stream was opened (an unknown duel), so the place is free again.
      slots.get(c.req.raw)?.();
    }
  };
  app.get('/api/duels/:id/events', capped, duel, (c) => {
    const id = c.get('duel').id;
    const release = slots.get(c.req.raw)!;
    slots.delete(c.req.raw);
    return streamSSE(c, async (stream) => {
      const abort = new AbortController();
      stream.onAbort(() => abort.abort());
      const onStop = () => abort.abort();
      deps.stopping.addEventListener('abort', onStop);
      let lastChange = Date.now();
      let last = '';
      try {
        while (!abort.signal.aborted && Date.now() - lastChange < deps.streamIdleMs) {
          const d = await service.getDuel(id);
          if (!d) break;
          const json = JSON.stringify(await duelState(service, live, d));
          if (json !== last) {
            await stream.writeSSE({ event: 'state', data: json });
            last = json;
            lastChange = Date.now();
          }
          if (isRevealed(d)) break;
          await live.next(id, TICK_MS, abort.signal);
        }
      } finally {
        deps.stopping.removeEventListener('abort', onStop);
        release();
      }
    });
  });
}
