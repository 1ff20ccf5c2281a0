/**
 * Reactions in, votes out: gateway reaction events become core VoteEvents, and after a
 * restart core reconciles open duels from the reactions their messages show (`currentVotes`).
 */
import { Routes, makeURLSearchParams, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { Choice } from '../../core/model/types.js';
import type { DuelRecord } from '../../core/model/records.js';
import { processReaction } from '../../core/chat/incoming.js';
import type { BotContext } from './context.js';
import { VOTE_EMOJI, choiceForEmoji } from './emoji.js';

/** messageReactionAdd / messageReactionRemove. Ids and the emoji name are there even on partials, so nothing is fetched. */
export async function handleReaction(
  ctx: BotContext,
  op: 'add' | 'remove',
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
): Promise<void> {
  const me = ctx.client.user?.id;
  if (user.id === me) return; // the bot's own seed reactions
  await processReaction(ctx.service, ctx.logger, {
    platform: 'discord',
    messageRef: reaction.message.id,
    voter: `discord:${user.id}`,
    choice: choiceForEmoji(reaction.emoji.name, reaction.emoji.id),
    op,
    fromBot: user.bot === true,
  });
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
