/**
 * Slash command definitions and their registration (`duel register [--guild ID]`).
 * Global commands can take a while to show up everywhere; guild commands update at once.
 */
import { PermissionFlagsBits, REST, Routes, SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { DiscordConfig } from './config.js';
import { DEFAULT_API_URL } from './config.js';
import { describeRestError } from './errors.js';
import { CATEGORY_LABELS } from '../../core/board/board-categories.js';

export const DUEL_COMMAND = 'duel';
export const LEADERBOARD_COMMAND = 'leaderboard';
export const CLOSE_COMMAND = 'duel-close';

/** Discord's limit on a string option is 6000; the engine's prompt limit (500) is checked by the engine. */
const PROMPT_MAX = 1000;

export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const duel = new SlashCommandBuilder()
    .setName(DUEL_COMMAND)
    .setDescription('Two models draw your prompt as SVG; vote blind on the better drawing')
    .setDMPermission(false)
    .addStringOption((o) => o.setName('prompt').setDescription('What to draw, e.g. a pelican riding a bicycle').setRequired(true).setMaxLength(PROMPT_MAX))
    .addStringOption((o) => o.setName('a').setDescription('First contender (default: the first configured)').setAutocomplete(true))
    .addStringOption((o) => o.setName('b').setDescription('Second contender (default: the second configured)').setAutocomplete(true));
  const board = new SlashCommandBuilder()
    .setName(LEADERBOARD_COMMAND)
    .setDescription('Bradley–Terry ratings of the contenders, from blind votes')
    .setDMPermission(false)
    .addStringOption((o) =>
      o.setName('scope').setDescription('Whose duels count (default: this server)').addChoices({ name: 'this server', value: 'server' }, { name: 'this channel', value: 'channel' }, { name: 'everywhere', value: 'global' }),
    )
    .addStringOption((o) =>
      o.setName('since').setDescription('Time window (default: all time)').addChoices({ name: 'last 7 days', value: '7d' }, { name: 'last 30 days', value: '30d' }, { name: 'all time', value: 'all' }),
    )
    .addBooleanOption((o) => o.setName('matrix').setDescription('Also show head to head: win share and battles for every pair'))
    .addStringOption((o) =>
      o
        .setName('view')
        .setDescription('What to show (default: ranks)')
        .addChoices(
          { name: 'ranks', value: 'ranks' },
          { name: 'style: raw vs style-controlled, what wins votes', value: 'style' },
          { name: 'metrics: what each model draws', value: 'metrics' },
          { name: 'me: your own board (only you see it)', value: 'me' },
        ),
    )
    .addStringOption((o) =>
      o
        .setName('category')
        .setDescription('Only duels whose prompt is of this kind')
        .addChoices(...Object.entries(CATEGORY_LABELS).map(([value, name]) => ({ name, value }))),
    );
  const close = new SlashCommandBuilder()
    .setName(CLOSE_COMMAND)
    .setDescription('Close the latest open duel in this channel now and reveal it (its author or Manage Messages)')
    .setDMPermission(false);
  return [duel.toJSON(), board.toJSON(), close.toJSON()];
}

/** Members need nothing special to run the commands; /duel-close checks authorship or Manage Messages itself. */
export const CLOSE_OVERRIDE_PERMISSION = PermissionFlagsBits.ManageMessages;

export interface RegisterResult {
  appId: string;
  scope: 'global' | 'guild';
  guildId?: string;
  names: string[];
}

/**
 * Put the bot's commands (replacing any old ones). With `guildId` they apply to that server
 * only and at once; without, globally. Rejects with a message that says what to fix.
 */
export async function registerDiscordCommands(opts: { config: DiscordConfig; guildId?: string }): Promise<RegisterResult> {
  const rest = new REST({ version: '10', api: opts.config.apiUrl ?? DEFAULT_API_URL }).setToken(opts.config.token);
  try {
    const appId = opts.config.appId ?? ((await rest.get(Routes.currentApplication())) as { id: string }).id;
    const route = opts.guildId ? Routes.applicationGuildCommands(appId, opts.guildId) : Routes.applicationCommands(appId);
    const saved = (await rest.put(route, { body: commandDefinitions() })) as Array<{ name: string }>;
    return { appId, scope: opts.guildId ? 'guild' : 'global', guildId: opts.guildId, names: saved.map((c) => c.name) };
  } catch (err) {
    throw describeRestError(err, opts.guildId ? `registering commands on server ${opts.guildId}` : 'registering commands');
  }
}
