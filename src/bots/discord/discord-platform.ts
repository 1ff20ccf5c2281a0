/**
 * Discord as a ChatPlatform: translate core's calls into discord.js. The duel message is an
 * ordinary channel message (an interaction reply's token dies after 15 minutes; a duel lives
 * longer), the vote markers are the bot's own reactions, the reveal is an edit of that message, and
 * so is the animated GIF that takes the PNG's place once it is made.
 */
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, Routes } from 'discord.js';
import { VOTE_BUTTONS, voteButtonId } from '../../core/chat/vote-buttons.js';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { DuelRecord } from '../../core/model/records.js';
import type { Choice } from '../../core/model/types.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { emojiForChoice } from './emoji.js';
import { clip, duelText, noContestText, revealText } from './messages.js';
import { currentVotes } from './votes.js';

/** The four vote buttons, without counts. */
function voteRow(duelId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    VOTE_BUTTONS.map((b) => new ButtonBuilder().setCustomId(voteButtonId(duelId, b.choice)).setLabel(b.label).setEmoji(b.emoji).setStyle(ButtonStyle.Secondary)),
  );
}

export function discordPlatform(ctx: BotContext): ChatPlatform {
  const buttons = ctx.voteStyle === 'buttons';
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
      const content = outcome.contest ? duelText(duel, authorId, ctx.voteStyle) : noContestText(duel, outcome.entries);
      const file = new AttachmentBuilder(image.data, { name: image.filename, description: 'Drawing A (left) and drawing B (right)' });
      // Buttons carry no counts: the tally stays hidden until the reveal.
      const components = outcome.contest && buttons ? [voteRow(duel.id)] : [];
      const message = await channel.send({ content: clip(content), files: [file], components, allowedMentions: NO_MENTIONS });
      return message.id;
    },
    // With buttons there is nothing to seed, and votes are stored as pressed: nothing to reconcile.
    ...(buttons
      ? {}
      : {
          async seedVote(duel: DuelRecord, choice: Choice) {
            // Through REST by id: the message object is not needed, and discord.js queues under the rate limit.
            await ctx.client.rest.put(Routes.channelMessageOwnReaction(duel.channel, duel.messageRef!, encodeURIComponent(emojiForChoice(choice))));
          },
          currentVotes: (duel: DuelRecord) => currentVotes(ctx, duel),
        }),
    async showAnimation({ duel }, image) {
      const channel = await ctx.client.channels.fetch(duel.channel);
      if (!channel || !channel.isTextBased()) throw new Error(`channel ${duel.channel} is not a text channel`);
      // `attachments: []` drops the posted PNG; the GIF comes as the one new file. Words and buttons stay.
      const file = new AttachmentBuilder(image.data, { name: image.filename, description: 'Drawing A (left) and drawing B (right)' });
      await channel.messages.edit(duel.messageRef!, { files: [file], attachments: [], allowedMentions: NO_MENTIONS });
    },
    async showReveal(reveal, duel) {
      const channel = await ctx.client.channels.fetch(duel.channel);
      if (!channel || !channel.isTextBased()) throw new Error(`channel ${duel.channel} is not a text channel`);
      // components: [] takes the vote buttons off (none are there in reactions mode).
      await channel.messages.edit(duel.messageRef!, { content: revealText(reveal, duel), components: [], allowedMentions: NO_MENTIONS });
    },
  };
}
