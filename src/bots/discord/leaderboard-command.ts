/**
 * /leaderboard [scope] [since] [matrix]: the text table in a code block and the chart PNG;
 * with `matrix: True`, the head-to-head matrices below the table.
 */
import { AttachmentBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { formatLeaderboardTable } from '../../core/board/leaderboard-table.js';
import type { LeaderboardQuery, LeaderboardScope, LeaderboardWindow } from '../../core/model/types.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { MAX_CONTENT } from './messages.js';

const SCOPES: Record<string, { scope: LeaderboardScope; title: string }> = {
  server: { scope: 'community', title: 'this server' },
  channel: { scope: 'channel', title: 'this channel' },
  global: { scope: 'global', title: 'everywhere' },
};
const WINDOWS: Record<string, { since: LeaderboardWindow; title: string }> = {
  '7d': { since: '7d', title: 'last 7 days' },
  '30d': { since: '30d', title: 'last 30 days' },
  all: { since: 'all', title: 'all time' },
};

/** The engine query for the command's options; `server` and `channel` are Discord-only, `global` spans every platform. */
export function leaderboardQuery(scopeOpt: string | null, sinceOpt: string | null, guildId: string | null, channelId: string): { query: LeaderboardQuery; title: string } {
  const s = SCOPES[scopeOpt ?? 'server'] ?? SCOPES.server;
  const w = WINDOWS[sinceOpt ?? 'all'] ?? WINDOWS.all;
  const query: LeaderboardQuery =
    s.scope === 'global'
      ? { scope: 'global', since: w.since }
      : { scope: s.scope, since: w.since, platform: 'discord', community: guildId ?? undefined, channel: s.scope === 'channel' ? channelId : undefined };
  return { query, title: `Leaderboard: ${s.title}, ${w.title}` };
}

export async function handleLeaderboardCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const { query, title } = leaderboardQuery(interaction.options.getString('scope'), interaction.options.getString('since'), interaction.guildId, interaction.channelId);
  // Fitting and bootstrapping plus the chart can take longer than the 3 s deadline.
  await interaction.deferReply();
  const board = await ctx.service.leaderboard(query);
  const budget = MAX_CONTENT - title.length - 20;
  let table = formatLeaderboardTable(board, { maxWidth: 64, matrix: interaction.options.getBoolean('matrix') ?? false, maxChars: budget });
  if (table.length > budget) table = table.slice(0, budget - 1) + '…';
  const content = `**${title}**\n\`\`\`\n${table}\n\`\`\``;
  const files = board.rows.length > 0 ? [new AttachmentBuilder(await ctx.service.leaderboardChart(board), { name: 'leaderboard.png', description: title })] : [];
  await interaction.editReply({ content, files, allowedMentions: NO_MENTIONS });
}
