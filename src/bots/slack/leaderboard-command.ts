/**
 * `/leaderboard [server|channel|global] [7d|30d|all]`: the text table in a code block and the
 * ratings chart, posted in the channel.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { formatLeaderboardTable } from '../../core/board/leaderboard-table.js';
import type { LeaderboardQuery, LeaderboardScope, LeaderboardWindow } from '../../core/model/types.js';
import type { SlackContext } from './slack-context.js';
import { actionableSlackError, genericFailure } from './slack-errors.js';
import { escapeSlack, type SlackMessage } from './slack-text.js';
import { postImageMessage } from './slack-upload.js';

const SCOPES: Record<string, LeaderboardScope> = { server: 'community', workspace: 'community', team: 'community', channel: 'channel', global: 'global' };
const WINDOWS: Record<string, LeaderboardWindow> = { '7d': '7d', '30d': '30d', all: 'all' };
const SCOPE_WORDS: Record<LeaderboardScope, string> = { community: 'this workspace', channel: 'this channel', global: 'everywhere' };
const WINDOW_WORDS: Record<LeaderboardWindow, string> = { '7d': 'last 7 days', '30d': 'last 30 days', all: 'all time' };

export const LEADERBOARD_USAGE = 'Usage: `/leaderboard [server|channel|global] [7d|30d|all] [matrix]` (default: server all; `matrix` adds head to head).';

/** Parse the command text; null when a word is not understood. */
export function parseLeaderboardArgs(text: string): { scope: LeaderboardScope; since: LeaderboardWindow; matrix: boolean } | null {
  let scope: LeaderboardScope = 'community';
  let since: LeaderboardWindow = 'all';
  let matrix = false;
  for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
    if (SCOPES[word]) scope = SCOPES[word];
    else if (WINDOWS[word]) since = WINDOWS[word];
    else if (word === 'matrix') matrix = true;
    else return null;
  }
  return { scope, since, matrix };
}

export function registerLeaderboardCommand(app: App, ctx: SlackContext): void {
  app.command('/leaderboard', async ({ command, ack, respond }) => {
    const args = parseLeaderboardArgs(command.text ?? '');
    if (!args) {
      await ack({ response_type: 'ephemeral', text: `I didn't understand “${escapeSlack(command.text)}”. ${LEADERBOARD_USAGE}` });
      return;
    }
    await ack();
    ctx.track('leaderboard', () => postLeaderboard(ctx, command, respond, args));
  });
}

function boardMessage(title: string, table: string, fileId: string | null): SlackMessage {
  const code = '```\n' + escapeSlack(table) + '\n```';
  return {
    text: `${title}\n${code}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: title } },
      { type: 'section', text: { type: 'mrkdwn', text: code } },
      ...(fileId ? [{ type: 'image', slack_file: { id: fileId }, alt_text: 'Leaderboard chart: ratings with 95% intervals' }] : []),
    ],
  };
}

async function postLeaderboard(
  ctx: SlackContext,
  command: SlashCommand,
  respond: RespondFn,
  args: { scope: LeaderboardScope; since: LeaderboardWindow; matrix: boolean },
): Promise<void> {
  const query: LeaderboardQuery = {
    scope: args.scope,
    since: args.since,
    ...(args.scope === 'global' ? {} : { platform: 'slack' as const, community: command.team_id }),
    ...(args.scope === 'channel' ? { channel: command.channel_id } : {}),
  };
  const board = await ctx.service.leaderboard(query);
  // A section's text holds at most 3000 characters, code fences included.
  const table = formatLeaderboardTable(board, { matrix: args.matrix, maxChars: 2900 });
  const title = `:trophy: *Leaderboard*: ${SCOPE_WORDS[args.scope]}, ${WINDOW_WORDS[args.since]}`;
  try {
    if (board.rows.length === 0) {
      await ctx.client.chat.postMessage({ channel: command.channel_id, ...boardMessage(title, table, null) });
      return;
    }
    const chart = await ctx.service.leaderboardChart(board);
    await postImageMessage({
      client: ctx.client,
      channel: command.channel_id,
      png: chart,
      filename: 'leaderboard.png',
      title: 'Prompt duel leaderboard',
      build: (fileId) => boardMessage(title, table, fileId),
      logger: ctx.logger,
    });
  } catch (err) {
    ctx.logger.warn({ err }, 'could not post the leaderboard');
    try {
      await respond({ response_type: 'ephemeral', text: actionableSlackError(err, ctx.botName) ?? genericFailure(err) });
    } catch (e) {
      ctx.logger.warn({ err: e }, 'could not answer through response_url');
    }
  }
}
