/**
 * A vote button pressed (DUEL_VOTE_STYLE=buttons): core stores the vote and words the receipt; this
 * answers the press privately (an ephemeral reply), well inside Discord's 3 s, since the vote is
 * one SQLite write.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { processAction } from '../../core/chat/incoming.js';
import { NO_MENTIONS, type BotContext } from './context.js';

export async function handleVoteButton(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const { receipt } = await processAction(ctx.service, ctx.logger, {
    buttonId: interaction.customId,
    voter: `discord:${interaction.user.id}`,
    // An interaction id is unique: a press delivered twice is no second toggle.
    eventId: `discord-interaction:${interaction.id}`,
  });
  await interaction.reply({ content: receipt, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
