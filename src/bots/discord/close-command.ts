/**
 * /duel-close: close the latest open duel in this channel now. Allowed for the duel's
 * author, or a member who can Manage Messages in the channel. The reveal itself is
 * posted by the reveal handler, as for a timed close.
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from 'discord.js';
import { NO_MENTIONS, type BotContext } from './context.js';

export async function handleCloseCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const reply = (content: string) => interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  const me = `discord:${interaction.user.id}`;
  const moderator = interaction.memberPermissions?.has(PermissionFlagsBits.ManageMessages) ?? false;
  const open = (await ctx.service.openDuels('discord'))
    .filter((d) => d.community === interaction.guildId && d.channel === interaction.channelId && d.messageRef)
    .sort((x, y) => y.createdAt - x.createdAt);
  let duel: (typeof open)[number] | undefined;
  for (const d of open) {
    if (!(await ctx.service.canCloseEarly(d.id, me, { moderator }))) continue;
    duel = d;
    break;
  }
  if (!duel) {
    await reply(
      open.length > 0
        ? 'Only the person who started a duel, or someone with Manage Messages, can close it early.'
        : 'There is no open duel in this channel.',
    );
    return;
  }
  const reveal = await ctx.service.close(duel.id);
  ctx.logger.info({ duelId: duel.id, by: me, votes: reveal.votes }, 'duel closed by command');
  await reply(reveal.alreadyClosed ? 'That duel was already closed.' : `Closed. The reveal is on the duel message (${reveal.votes} ${reveal.votes === 1 ? 'vote' : 'votes'}).`);
}
