/**
 * Reactions -> votes. reaction_added / reaction_removed on a duel message become core VoteEvents
 * with Slack's event_id, so a redelivery (X-Slack-Retry-Num, same event_id) is a no-op in the
 * engine. After a restart, core reconciles open duels from reactions.get (slack-platform.ts).
 */
import type { App } from '@slack/bolt';
import { messageRef, type SlackContext } from './slack-context.js';
import { processReaction } from '../../core/chat/incoming.js';
import { choiceOfReaction } from './slack-text.js';

interface ReactionEvent {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export function registerReactionHandlers(app: App, ctx: SlackContext): void {
  // One at a time, in arrival order: a users.info look-up must not let a later event overtake an earlier one.
  let queue: Promise<void> = Promise.resolve();
  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body }) => {
      const eventId = (body as { event_id?: string }).event_id;
      const run = queue.then(() => handleReaction(ctx, event as unknown as ReactionEvent, eventId));
      queue = run.catch(() => undefined);
      await run;
    });
  }
}

export async function handleReaction(ctx: SlackContext, event: ReactionEvent, eventId: string | undefined): Promise<void> {
  const { item } = event;
  if (item.type !== 'message' || !item.channel || !item.ts) return;
  const choice = choiceOfReaction(event.reaction);
  const ref = messageRef(item.channel, item.ts);
  // Only a vote marker on a duel message is worth asking Slack whether the reactor is a bot.
  if (!choice || !(await ctx.service.findByMessage('slack', ref))) return;
  const fromBot = await ctx.botUsers.isBot(event.user);
  const op = event.type === 'reaction_added' ? 'add' : 'remove';
  await processReaction(ctx.service, ctx.logger, { platform: 'slack', messageRef: ref, voter: `slack:${event.user}`, choice, op, eventId, fromBot });
}
