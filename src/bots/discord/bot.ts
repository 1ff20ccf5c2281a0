/**
 * startDiscordBot: connect to the gateway with the least it needs (Guilds and
 * GuildMessageReactions intents, no privileged ones), route interactions and reactions
 * to the handlers, and connect to core as a ChatPlatform (reconcile, closing, reveals).
 */
import { APP_DEFAULTS, DISCORD_DEFAULTS } from '../../core/model/settings.js';
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, MessageFlags, Partials, type Interaction, type MessageReaction, type PartialMessageReaction, type PartialUser, type User } from 'discord.js';
import type { Logger } from 'pino';
import { ContenderError, RenderError } from '../../core/model/errors.js';
import { handleCloseCommand } from './close-command.js';
import { CLOSE_COMMAND, DUEL_COMMAND, LEADERBOARD_COMMAND } from './commands.js';
import { DEFAULT_API_URL, inviteUrl, shardOptions, type DiscordConfig } from './config.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { handleDuelAutocomplete, handleDuelCommand } from './duel-command.js';
import { describeRestError, isTokenRejection, TOKEN_REJECTED } from './errors.js';
import { handleLeaderboardCommand } from './leaderboard-command.js';
import { handleReaction } from './votes.js';
import { handleVoteButton } from './vote-button.js';
import { VOTE_BUTTON_PATTERN } from '../../core/chat/vote-buttons.js';
import { discordPlatform } from './discord-platform.js';
import { connectChatPlatform } from '../../core/chat/chat-duel.js';

export interface DiscordBot {
  /** The invite link with exactly the scopes and permissions the bot needs. */
  inviteUrl: string;
  appId: string;
  /** Disconnect from the gateway and stop handling events. Does not stop the engine. */
  stop(): Promise<void>;
}

export async function startDiscordBot(deps: { service: BotContext['service']; config: DiscordConfig; logger: Logger }): Promise<DiscordBot> {
  const { service, config } = deps;
  const logger = deps.logger.child({ platform: 'discord' });
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    // Partials let reactions on messages from before a restart (not in the cache) still arrive.
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    allowedMentions: NO_MENTIONS,
    rest: { api: config.apiUrl ?? DEFAULT_API_URL },
    ...shardOptions(config.shards),
  });
  const voteStyle = config.voteStyle ?? APP_DEFAULTS.voteStyle;
  const ctx = { service, client, logger, voteStyle, progressIntervalMs: config.progressIntervalMs ?? DISCORD_DEFAULTS.progressIntervalMs } as BotContext;
  ctx.platform = discordPlatform(ctx);

  client.on(Events.InteractionCreate, (interaction) => void onInteraction(ctx, interaction));
  const onReaction = (op: 'add' | 'remove') => (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
    handleReaction(ctx, op, reaction, user).catch((err: unknown) => logger.error({ err, messageId: reaction.message.id }, 'handling a reaction failed'));
  };
  // With buttons, reactions are no votes (they would show a public tally).
  if (voteStyle === 'reactions') {
    client.on(Events.MessageReactionAdd, onReaction('add'));
    client.on(Events.MessageReactionRemove, onReaction('remove'));
  }
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'discord shard disconnected'));

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    await client.destroy().catch(() => undefined);
    if (isTokenRejection(err)) throw new Error(TOKEN_REJECTED, { cause: err });
    throw describeRestError(err, 'connecting to the Discord gateway');
  }

  const appId = config.appId ?? client.application?.id ?? client.user!.id;
  const invite = inviteUrl(appId);
  logger.info({ user: client.user?.tag, appId, guilds: client.guilds.cache.size, shards: [...client.ws.shards.keys()], shardCount: client.options.shardCount, inviteUrl: invite }, 'discord bot connected; add it to a server with inviteUrl');

  // Core reconciles duels still open by the clock, then arms closing and reveals.
  const connected = await connectChatPlatform({ service, platform: ctx.platform, logger });

  let stopped = false;
  return {
    inviteUrl: invite,
    appId,
    async stop() {
      if (stopped) return;
      stopped = true;
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageReactionAdd);
      client.removeAllListeners(Events.MessageReactionRemove);
      // Reveals in flight finish on a live client; later ones wait for the next start.
      await connected.stop();
      await client.destroy();
      logger.info('discord bot stopped');
    },
  };
}

/** Route one interaction; an error is logged and answered, never thrown (it would crash the process). */
async function onInteraction(ctx: BotContext, interaction: Interaction): Promise<void> {
  const command = 'commandName' in interaction ? interaction.commandName : undefined;
  try {
    if (interaction.isAutocomplete()) {
      if (command === DUEL_COMMAND) await handleDuelAutocomplete(ctx, interaction);
      else await interaction.respond([]);
      return;
    }
    if (interaction.isButton()) {
      if (VOTE_BUTTON_PATTERN.test(interaction.customId)) await handleVoteButton(ctx, interaction);
      return;
    }
    if (!interaction.isChatInputCommand()) return;
    if (command === DUEL_COMMAND) await handleDuelCommand(ctx, interaction);
    else if (command === LEADERBOARD_COMMAND) await handleLeaderboardCommand(ctx, interaction);
    else if (command === CLOSE_COMMAND) await handleCloseCommand(ctx, interaction);
    else await interaction.reply({ content: `I don't know /${command}: this command is out of date. Ask the bot's operator to re-register the commands (\`duel register\`).`, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } catch (err) {
    ctx.logger.error({ err, command, interactionId: interaction.id }, 'command failed');
    if (!interaction.isRepliable()) return;
    const known = err instanceof ContenderError || err instanceof RenderError;
    const content = known ? (err as Error).message : 'Something went wrong on my side (it is logged). Try again in a minute.';
    const answer = interaction.deferred || interaction.replied
      ? interaction.editReply({ content, allowedMentions: NO_MENTIONS })
      : interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    await answer.catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not tell the user about the failure'));
  }
}
