/**
 * Reactions -> votes. reaction_added / reaction_removed on a duel message become core VoteEvents
 * with Slack's event_id, so a redelivery (X-Slack-Retry-Num, same event_id) is a no-op in the
 * engine. After a restart, open duels are reconciled from reactions.get.
 */
import type { App } from '@slack/bolt';
import type { Choice } from '../../core/types.js';
import { messageRef, parseMessageRef, type SlackContext } from './slack-context.js';
import { choiceOfReaction } from './slack-text.js';

interface ReactionEvent {
  type: 'reaction_added' | 'reaction_removed';
  user: string;
  reaction: string;
  item: { type: string; channel?: string; ts?: string };
}

export function registerReactionHandlers(app: App, ctx: SlackContext): void {
  for (const type of ['reaction_added', 'reaction_removed'] as const) {
    app.event(type, async ({ event, body }) => {
      const eventId = (body as { event_id?: string }).event_id;
      handleReaction(ctx, event as unknown as ReactionEvent, eventId);
    });
  }
}

export function handleReaction(ctx: SlackContext, event: ReactionEvent, eventId: string | undefined): void {
  const { item } = event;
  if (item.type !== 'message' || !item.channel || !item.ts) return;
  const choice = choiceOfReaction(event.reaction);
  if (!choice) return;
  const duel = ctx.service.findByMessage('slack', messageRef(item.channel, item.ts));
  if (!duel) return;
  const result = ctx.service.vote({
    duelId: duel.id,
    voter: `slack:${event.user}`,
    choice,
    op: event.type === 'reaction_added' ? 'add' : 'remove',
    eventId,
    fromBot: event.user === ctx.botUserId,
  });
  ctx.logger.debug({ duelId: duel.id, eventId, accepted: result.accepted, reason: result.reason }, 'slack reaction');
}

interface ReactionsGetResult {
  message?: { reactions?: Array<{ name: string; users?: string[] }> };
}

/** Make the stored votes of each open Slack duel match the reactions Slack shows now. */
export async function reconcileOpenDuels(ctx: SlackContext): Promise<number> {
  let changed = 0;
  for (const duel of ctx.service.openDuels('slack')) {
    const ref = parseMessageRef(duel.messageRef);
    if (!ref) continue;
    try {
      // Reactions that arrive live while we read the message are stored already; the snapshot must not undo them.
      const snapshotStartedAt = ctx.service.now();
      const res = (await ctx.client.reactions.get({ channel: ref.channel, timestamp: ref.ts, full: true })) as ReactionsGetResult;
      const current: Array<{ voter: string; choice: Choice }> = [];
      for (const r of res.message?.reactions ?? []) {
        const choice = choiceOfReaction(r.name);
        if (!choice) continue;
        for (const user of r.users ?? []) if (user !== ctx.botUserId) current.push({ voter: `slack:${user}`, choice });
      }
      changed += ctx.service.reconcile(duel.id, current, { snapshotStartedAt });
    } catch (err) {
      ctx.logger.warn({ err, duelId: duel.id }, 'could not read reactions to reconcile votes; keeping the stored ones');
    }
  }
  return changed;
}
