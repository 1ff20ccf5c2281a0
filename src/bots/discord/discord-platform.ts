/**
 * Discord as a ChatPlatform: translate core's calls into discord.js. The duel message is an
 * ordinary channel message (an interaction reply's token dies after 15 minutes; a duel lives
 * longer), the vote markers are the bot's own reactions, the reveal is an edit of that message.
 */
import { AttachmentBuilder, Routes } from 'discord.js';
import type { ChatPlatform } from '../../core/chat-platform.js';
import type { DuelRecord } from '../../core/duel-api.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { emojiForChoice } from './emoji.js';
import { clip, duelText, noContestText, revealText } from './messages.js';
import { currentVotes } from './votes.js';

export function discordPlatform(ctx: BotContext): ChatPlatform {
  const channelOf = async (duel: DuelRecord) => {
    const channel = await ctx.client.channels.fetch(duel.channel);
    if (!channel || !channel.isSendable()) throw new Error(`channel ${duel.channel} is not one I can send to`);
    return channel;
  };
  return {
    platform: 'discord',
    progressIntervalMs: ctx.progressIntervalMs,
    async postDuel(outcome, image) {
      const { duel } = outcome;
      const channel = await channelOf(duel);
      const authorId = duel.author.replace(/^discord:/, '');
      const content = outcome.contest ? duelText(duel, authorId) : noContestText(duel, outcome.entries);
      const file = new AttachmentBuilder(image.data, { name: image.filename, description: 'Drawing A (left) and drawing B (right)' });
      const message = await channel.send({ content: clip(content), files: [file], allowedMentions: NO_MENTIONS });
      return message.id;
    },
    async seedVote(duel, choice) {
      // Through REST by id: the message object is not needed, and discord.js queues under the rate limit.
      await ctx.client.rest.put(Routes.channelMessageOwnReaction(duel.channel, duel.messageRef!, encodeURIComponent(emojiForChoice(choice))));
    },
    currentVotes: (duel) => currentVotes(ctx, duel),
    async showReveal(reveal, duel) {
      const channel = await ctx.client.channels.fetch(duel.channel);
      if (!channel || !channel.isTextBased()) throw new Error(`channel ${duel.channel} is not a text channel`);
      await channel.messages.edit(duel.messageRef!, { content: revealText(reveal, duel), allowedMentions: NO_MENTIONS });
    },
  };
}
