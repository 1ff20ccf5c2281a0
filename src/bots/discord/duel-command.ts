/**
 * /duel: admission (permissions, engine precheck) answered ephemerally, then defer,
 * progress in the reply, and the duel posted as an ordinary channel message with the
 * composite PNG and the four vote reactions.
 */
import { AttachmentBuilder, MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction, type Message } from 'discord.js';
import { DuelRejectedError } from '../../core/errors.js';
import type { DuelOutcome, DuelProgress, StartDuelInput } from '../../core/duel-api.js';
import { missingPermissions } from './config.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { VOTE_EMOJI } from './emoji.js';
import { clip, duelText, noContestText, progressText } from './messages.js';
import { ProgressEditor } from './progress-editor.js';

const ephemeral = (content: string) => ({ content: clip(content), flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS });

/**
 * The a/b options as typed or autocompleted (spec or label). Core resolves the names (one rule for
 * every surface, src/core/contender-names.ts) and samples an opponent when only one is named.
 */
export function namedContenders(a: string | null, b: string | null): string[] | undefined {
  const names = [a, b].filter((v): v is string => !!v && v.trim() !== '');
  return names.length > 0 ? names : undefined;
}

export async function handleDuelAutocomplete(ctx: BotContext, interaction: AutocompleteInteraction): Promise<void> {
  const typed = String(interaction.options.getFocused() ?? '').toLowerCase();
  const choices = ctx.service
    .contenders()
    .filter((c) => !typed || c.spec.toLowerCase().includes(typed) || c.label.toLowerCase().includes(typed))
    .slice(0, 25)
    .map((c) => ({ name: clip(`${c.label} (${c.spec})`, 100), value: c.spec.slice(0, 100) }));
  await interaction.respond(choices);
}

export async function handleDuelCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const { service, logger } = ctx;
  if (!interaction.inGuild()) {
    await interaction.reply(ephemeral('Duels run in a server channel, where people can vote: use /duel there.'));
    return;
  }
  const missing = missingPermissions(interaction.appPermissions);
  if (missing.length > 0) {
    await interaction.reply(
      ephemeral(`I can't run a duel in this channel: I'm missing ${missing.join(', ')}. Ask a server admin to grant me ${missing.length === 1 ? 'it' : 'them'} here (channel settings > Permissions), then try again.`),
    );
    return;
  }
  const prompt = interaction.options.getString('prompt', true);
  const input: StartDuelInput = {
    platform: 'discord',
    community: interaction.guildId,
    channel: interaction.channelId,
    author: `discord:${interaction.user.id}`,
    prompt,
    contenders: namedContenders(interaction.options.getString('a'), interaction.options.getString('b')),
  };
  const rejection = service.precheck(input);
  if (rejection) {
    await interaction.reply(ephemeral(rejection.message));
    return;
  }
  await interaction.deferReply();
  const editor = new ProgressEditor<DuelProgress>(
    (p) => interaction.editReply({ content: clip(progressText(prompt, p)), allowedMentions: NO_MENTIONS }),
    ctx.progressIntervalMs,
    logger,
  );
  let outcome: DuelOutcome;
  try {
    outcome = await service.startDuel({ ...input, onProgress: (p) => editor.push(p) });
  } catch (err) {
    await editor.stop();
    if (err instanceof DuelRejectedError) {
      // Lost a race with another command after precheck: answer privately, drop the public reply.
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(ephemeral(err.message));
      return;
    }
    throw err;
  } finally {
    await editor.stop();
  }
  const log = logger.child({ duelId: outcome.duel.id });
  const message = await postDuel(ctx, interaction, outcome).catch(async (err: unknown) => {
    log.error({ err }, 'posting the duel failed');
    // Nobody can vote on a message that does not exist: close it so it does not linger.
    try {
      service.close(outcome.duel.id);
    } catch (closeErr) {
      log.warn({ err: closeErr }, 'closing the unposted duel failed');
    }
    await interaction.editReply({
      content: 'The drawings are ready but I could not post them in this channel: check that I can Send Messages, Attach Files and Add Reactions here.',
      allowedMentions: NO_MENTIONS,
    });
    return null;
  });
  if (!message) return;
  const text = outcome.contest ? `Your duel is up: ${message.url}` : `A contender failed, so there is nothing to vote on: ${message.url}`;
  await interaction.editReply({ content: text, allowedMentions: NO_MENTIONS });
  log.info({ messageId: message.id, contest: outcome.contest }, 'duel posted on discord');
}

/** Post the duel as a channel message (an interaction reply's token dies after 15 minutes; the duel lives longer). */
async function postDuel(ctx: BotContext, interaction: ChatInputCommandInteraction, outcome: DuelOutcome): Promise<Message> {
  const channel = interaction.channel ?? (await ctx.client.channels.fetch(interaction.channelId));
  if (!channel || !channel.isSendable()) throw new Error(`channel ${interaction.channelId} is not one I can send to`);
  const { duel } = outcome;
  const content = outcome.contest ? duelText(duel, interaction.user.id) : noContestText(duel, outcome.entries);
  const file = new AttachmentBuilder(outcome.images.composite, { name: `duel-${duel.id}.png`, description: 'Drawing A (left) and drawing B (right)' });
  const message = await channel.send({ content: clip(content), files: [file], allowedMentions: NO_MENTIONS });
  ctx.service.attachMessage(duel.id, message.id);
  if (outcome.contest) {
    for (const { emoji } of VOTE_EMOJI) {
      // In order, so the reactions read A B tie bad; discord.js queues them under the rate limit.
      await message.react(emoji).catch((err: unknown) => ctx.logger.warn({ err, duelId: duel.id, emoji }, 'adding a vote reaction failed'));
    }
  }
  return message;
}
