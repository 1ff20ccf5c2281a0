/**
 * A vote button pressed (DUEL_VOTE_STYLE=buttons): core stores the vote and words the receipt; this
 * answers the press privately (an ephemeral reply), well inside Discord's 3 s, since the vote is
 * one SQLite write.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { pressVoteButton } from '../../core/chat/vote-buttons.js';
import { NO_MENTIONS, type BotContext } from './context.js';

export async function handleVoteButton(ctx: BotContext, interaction: ButtonInteraction): Promise<void> {
  const { result, receipt } = pressVoteButton(ctx.service, {
    buttonId: interaction.customId,
    voter: `discord:${interaction.user.id}`,
    // An interaction id is unique: a press delivered twice is no second toggle.
    eventId: `discord-interaction:${interaction.id}`,
  });
  ctx.logger.debug({ customId: interaction.customId, accepted: result.accepted, reason: result.reason }, 'button vote');
  await interaction.reply({ content: receipt, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
