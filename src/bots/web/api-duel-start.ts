/**
 * `POST /api/duels`: start a duel from the arena's prompt box. The start sequence is core's
 * (runChatDuel, the same as Discord's and Slack's); this route only reads the request and hands
 * core a WebDuelRequest that turns the sequence's steps into the HTTP answer.
 */
import type { Hono } from 'hono';
import type pino from 'pino';
import { runChatDuel } from '../../core/chat/chat-duel.js';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { LiveDuels } from './live.js';
import { voterKey } from './voter.js';
import { addressOf, voterRequired, type Visitors } from './visitors.js';
import { WebDuelRequest } from './web-duel-request.js';

export interface DuelStartDeps {
  service: DuelApi;
  platform: ChatPlatform;
  live: LiveDuels;
  logger: pino.Logger;
  visitors: Visitors;
}

/** How many names the body may carry; core refuses more than two with its own message. */
const MAX_NAMED = 3;

/**
 * Zero, one or two named contenders ("random" or empty means: let the arena pick); core
 * resolves the names and answers an unknown one with the list of valid names.
 */
function namedContenders(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((n): n is string => typeof n === 'string' && n.trim() !== '' && n !== 'random').slice(0, MAX_NAMED);
}

export function mountDuelStart(app: Hono, deps: DuelStartDeps): void {
  const { service, platform, live, logger, visitors } = deps;
  app.post('/api/duels', voterRequired(visitors), async (c) => {
    const voter = c.get('voter');
    const body = (await c.req.json().catch(() => null)) as { prompt?: unknown; contenders?: unknown } | null;
    const named = namedContenders(body?.contenders);
    const input = {
      platform: 'web' as const,
      community: 'web',
      channel: 'arena',
      author: voterKey(voter),
      prompt: typeof body?.prompt === 'string' ? body.prompt : '',
      ...(named.length ? { contenders: named } : {}),
    };
    const request = new WebDuelRequest(c, input, { live, visitors, logger, voter, address: addressOf(c, visitors) });
    void runChatDuel({ service, platform, logger }, request)
      .catch((err: unknown) => logger.error({ err }, 'web duel sequence failed'))
      .then(() => request.unanswered());
    return request.answer;
  });
}
