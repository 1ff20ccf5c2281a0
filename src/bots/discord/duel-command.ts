/**
 * /duel: Discord's own checks (a server channel, the bot's permissions), then core's duel
 * sequence (runChatDuel) with each step said in Discord's words: an ephemeral refusal, a deferred
 * reply edited with progress, a link to the duel message once it is posted.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { runChatDuel } from '../../core/chat/chat-duel.js';
import type { DuelRequest } from '../../core/chat/chat-platform.js';
import { ContenderError, RenderError } from '../../core/model/errors.js';
import { missingPermissions } from './config.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { clip, progressText } from './messages.js';

const ephemeral = (content: string) => ({ content: clip(content), flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS });

/**
 * The a/b options as typed or autocompleted (spec or label). Core resolves the names (one rule for
 * every surface, src/core/contenders/names.ts) and samples an opponent when only one is named.
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
  const edit = (content: string) => interaction.editReply({ content: clip(content), allowedMentions: NO_MENTIONS }).then(() => undefined);
  // The sequence is core's (runChatDuel); this only says each step in Discord's words.
  const request: DuelRequest = {
    input: {
      platform: 'discord',
      community: interaction.guildId,
      channel: interaction.channelId,
      author: `discord:${interaction.user.id}`,
      prompt,
      contenders: namedContenders(interaction.options.getString('a'), interaction.options.getString('b')),
    },
    refuse: (rejection) => interaction.reply(ephemeral(rejection.message)).then(() => undefined),
    acknowledge: () => interaction.deferReply().then(() => undefined),
    showProgress: (p) => edit(progressText(prompt, p)),
    async withdraw(rejection) {
      // Lost a race with another command after precheck: answer privately, drop the public reply.
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(ephemeral(rejection.message));
    },
    posted: (outcome, ref) => {
      const url = `https://discord.com/channels/${interaction.guildId}/${interaction.channelId}/${ref}`;
      return edit(outcome.contest ? `Your duel is up: ${url}` : `A contender failed, so there is nothing to vote on: ${url}`);
    },
    postFailed: () => edit('The drawings are ready but I could not post them in this channel: check that I can Send Messages, Attach Files and Add Reactions here.'),
    failed: (err) => {
      const known = err instanceof ContenderError || err instanceof RenderError;
      return edit(known ? (err as Error).message : 'Something went wrong on my side (it is logged). Try again in a minute.');
    },
  };
  await runChatDuel({ service: ctx.service, platform: ctx.platform, logger: ctx.logger }, request);
}
