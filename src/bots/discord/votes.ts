/**
 * Reactions in, votes out: gateway reaction events become core VoteEvents, and after a
 * restart every open duel is reconciled from the reactions its message shows now.
 */
import { DiscordAPIError, Routes, makeURLSearchParams, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { Choice } from '../../core/types.js';
import type { DuelRecord, RevealHandler } from '../../core/duel-api.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { VOTE_EMOJI, choiceForEmoji } from './emoji.js';
import { revealText } from './messages.js';

/** messageReactionAdd / messageReactionRemove. Ids and the emoji name are there even on partials, so nothing is fetched. */
export function handleReaction(ctx: BotContext, op: 'add' | 'remove', reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser): void {
  const me = ctx.client.user?.id;
  if (user.id === me) return; // the bot's own seed reactions
  const choice = choiceForEmoji(reaction.emoji.name, reaction.emoji.id);
  if (!choice) return;
  const duel = ctx.service.findByMessage('discord', reaction.message.id);
  if (!duel) return;
  const result = ctx.service.vote({ duelId: duel.id, voter: `discord:${user.id}`, choice, op, fromBot: user.bot === true });
  ctx.logger.debug({ duelId: duel.id, op, choice, accepted: result.accepted, reason: result.reason }, 'reaction vote');
}

/** Everyone who reacted with `emoji` on a message, following Discord's 100-per-page pagination. */
async function reactionUsers(ctx: BotContext, channelId: string, messageId: string, emoji: string): Promise<Array<{ id: string; bot?: boolean }>> {
  const users: Array<{ id: string; bot?: boolean }> = [];
  let after: string | undefined;
  for (;;) {
    const page = (await ctx.client.rest.get(Routes.channelMessageReaction(channelId, messageId, encodeURIComponent(emoji)), {
      query: makeURLSearchParams({ limit: 100, after }),
    })) as Array<{ id: string; bot?: boolean }>;
    users.push(...page);
    if (page.length < 100) return users;
    after = page[page.length - 1].id;
  }
}

/**
 * Every vote reaction a duel message shows now, one pair per voter and emoji. A voter may show
 * several; which one counts is core's rule (`reconcile`), not the adapter's.
 */
export async function currentVotes(ctx: BotContext, duel: DuelRecord): Promise<Array<{ voter: string; choice: Choice }>> {
  const shown: Array<{ voter: string; choice: Choice }> = [];
  for (const { choice, emoji } of VOTE_EMOJI) {
    for (const u of await reactionUsers(ctx, duel.channel, duel.messageRef!, emoji)) {
      if (u.id === ctx.client.user?.id || u.bot) continue;
      shown.push({ voter: `discord:${u.id}`, choice });
    }
  }
  return shown;
}

/** Bring every open Discord duel's votes in line with its message. A duel whose message is gone keeps its votes. */
export async function reconcileOpenDuels(ctx: BotContext): Promise<void> {
  for (const duel of ctx.service.openDuels('discord')) {
    if (!duel.messageRef) continue;
    const log = ctx.logger.child({ duelId: duel.id });
    try {
      // Reactions that arrive live while we read the message are stored already; the snapshot must not undo them.
      const snapshotStartedAt = ctx.service.now();
      const current = await currentVotes(ctx, duel);
      const changed = ctx.service.reconcile(duel.id, current, { snapshotStartedAt });
      log.info({ changed, reactions: current.length }, 'reconciled votes from reactions');
    } catch (err) {
      if (err instanceof DiscordAPIError && (err.status === 404 || err.status === 403)) {
        log.warn({ status: err.status, code: err.code }, 'duel message unreadable: votes left as stored');
      } else {
        log.error({ err }, 'reconciling votes failed');
      }
    }
  }
}

/** Edits the duel message into the reveal. */
export function revealHandler(ctx: BotContext): RevealHandler {
  return async (reveal, duel) => {
    if (!duel.messageRef) return;
    const channel = await ctx.client.channels.fetch(duel.channel);
    if (!channel || !channel.isTextBased()) throw new Error(`channel ${duel.channel} is not a text channel`);
    await channel.messages.edit(duel.messageRef, { content: revealText(reveal, duel), allowedMentions: NO_MENTIONS });
    ctx.logger.info({ duelId: duel.id, winner: reveal.winner, votes: reveal.votes }, 'duel revealed on discord');
  };
}
