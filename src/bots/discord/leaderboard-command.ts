/**
 * /leaderboard [scope] [since] [matrix] [view] [category]: the text table in a code block and
 * the chart PNG. `view` picks ranks (default), style (raw against style-controlled, and what
 * wins votes), metrics (what each model's drawings look like) or me (the caller's own board,
 * an ephemeral reply only they see); `category` narrows the board to prompts of one kind.
 */
import { AttachmentBuilder, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { boardViewText, BOARD_VIEWS, queryForView, scopeLine, VIEW_TITLES, type BoardView } from '../../core/board/board-view.js';
import { formatPersonalBoard } from '../../core/board/personal-table.js';
import type { LeaderboardQuery, LeaderboardScope, LeaderboardWindow } from '../../core/model/board-types.js';
import { NO_MENTIONS, type BotContext } from './context.js';
import { MAX_CONTENT } from './messages.js';

const SCOPES: Record<string, LeaderboardScope> = { server: 'community', channel: 'channel', global: 'global' };
const WINDOWS: Record<string, LeaderboardWindow> = { '7d': '7d', '30d': '30d', all: 'all' };
/** Said after the list of categories a board offers. */
const CATEGORY_HINT = 'Pick one with the category option of /leaderboard.';
const WIDTH = 64;

/**
 * The engine query for the command's options; `server` and `channel` are Discord-only, `global`
 * spans every platform. The title names the view, the scope, the window and the category.
 */
export function leaderboardQuery(
  scopeOpt: string | null,
  sinceOpt: string | null,
  guildId: string | null,
  channelId: string,
  more: { view?: BoardView; category?: string | null } = {},
): { query: LeaderboardQuery; title: string } {
  const scope = SCOPES[scopeOpt ?? 'server'] ?? 'community';
  const since = WINDOWS[sinceOpt ?? 'all'] ?? 'all';
  const category = more.category ? { category: more.category } : {};
  const query: LeaderboardQuery =
    scope === 'global'
      ? { scope: 'global', since, ...category }
      : { scope, since, platform: 'discord', community: guildId ?? undefined, channel: scope === 'channel' ? channelId : undefined, ...category };
  return { query, title: `${VIEW_TITLES[more.view ?? 'ranks']}: ${scopeLine(query)}` };
}

export function parseView(opt: string | null): BoardView {
  return BOARD_VIEWS.find((v) => v === opt) ?? 'ranks';
}

/** A code block within Discord's message limit, after `title`. */
function codeMessage(title: string, text: string): string {
  const budget = MAX_CONTENT - title.length - 20;
  const body = text.length > budget ? text.slice(0, budget - 1) + '…' : text;
  return `**${title}**\n\`\`\`\n${body}\n\`\`\``;
}

export async function handleLeaderboardCommand(ctx: BotContext, interaction: ChatInputCommandInteraction): Promise<void> {
  const view = parseView(interaction.options.getString('view'));
  const { query, title } = leaderboardQuery(interaction.options.getString('scope'), interaction.options.getString('since'), interaction.guildId, interaction.channelId, {
    view,
    category: interaction.options.getString('category'),
  });
  if (view === 'me') return personalReply(ctx, interaction, query, title);
  // Fitting and bootstrapping plus the chart can take longer than the 3 s deadline.
  await interaction.deferReply();
  const board = await ctx.service.leaderboard(queryForView(query, view));
  const reply = boardViewText(board, view, {
    maxWidth: WIDTH,
    matrix: interaction.options.getBoolean('matrix') ?? false,
    maxChars: MAX_CONTENT - title.length - 20,
    categoryHint: CATEGORY_HINT,
  });
  if (!reply.table) {
    await interaction.editReply({ content: `**${title}**\n${reply.text}`, allowedMentions: NO_MENTIONS });
    return;
  }
  // The metrics view is a table of numbers the chart does not show.
  const chart = board.rows.length > 0 && view !== 'metrics';
  const files = chart ? [new AttachmentBuilder(await ctx.service.leaderboardChart(board), { name: 'leaderboard.png', description: title })] : [];
  await interaction.editReply({ content: codeMessage(title, reply.text), files, allowedMentions: NO_MENTIONS });
}

/** The caller's own board, as an ephemeral reply: a personal board is only ever shown to its voter. */
async function personalReply(ctx: BotContext, interaction: ChatInputCommandInteraction, query: LeaderboardQuery, title: string): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  // The same voter id the vote paths store (votes.ts, vote-button.ts).
  const board = await ctx.service.personalBoard(`discord:${interaction.user.id}`, query);
  await interaction.editReply({ content: codeMessage(title, formatPersonalBoard(board, { maxWidth: WIDTH })), allowedMentions: NO_MENTIONS });
}
