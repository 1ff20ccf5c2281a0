/**
 * The arena's JSON and server-sent-event endpoints. Every write is same-origin only
 * (security.ts) and carries the anonymous voter cookie. Duel rules (cooldown, queue, vote
 * rules, closing) and the start sequence all live in core: these files only translate.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type pino from 'pino';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { DuelApi } from '../../core/duel/duel-api.js';
import { mountDuelStart } from './api-duel-start.js';
import { mountEvents } from './api-events.js';
import { mountVotes } from './api-votes.js';
import { duelParam } from './duel-param.js';
import { duelState, myVote } from './duel-state.js';
import type { LiveDuels } from './live.js';
import { sameOriginWrites } from './security.js';
import type { StreamCaps } from './stream-caps.js';
import type { Visitors } from './visitors.js';

export interface ApiDeps {
  service: DuelApi;
  /** The web as a ChatPlatform (web-platform.ts): duels start through core's chat sequence. */
  platform: ChatPlatform;
  live: LiveDuels;
  logger: pino.Logger;
  /** Aborted when the server stops, ending every event stream. */
  stopping: AbortSignal;
  visitors: Visitors;
  /** Caps on live event streams, and how long an idle one stays open. */
  streams: StreamCaps;
  streamIdleMs: number;
}

/** Largest request body any endpoint takes (a prompt is at most 500 characters). */
const MAX_BODY_BYTES = 16 * 1024;

export function mountApi(app: Hono, deps: ApiDeps): void {
  const { service, live, visitors } = deps;
  app.use('/api/*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: 'Request too large.' }, 413) }));
  app.use('/api/*', sameOriginWrites());
  const duel = duelParam(service, (c) => c.json({ error: 'There is no such duel.' }, 404));

  mountDuelStart(app, deps);

  app.get('/api/duels/:id', duel, async (c) => {
    const d = c.get('duel');
    const cookie = visitors.ids.read(c);
    const reveal = await service.getReveal(d.id);
    return c.json({
      ...(await duelState(service, live, d)),
      prompt: d.prompt,
      platform: d.platform,
      createdAt: d.createdAt,
      myVote: await myVote(service, d, cookie.status === 'ok' ? cookie.id : undefined),
      reveal: reveal ?? null,
    });
  });

  mountEvents(app, deps, duel);
  mountVotes(app, deps, duel);
}
