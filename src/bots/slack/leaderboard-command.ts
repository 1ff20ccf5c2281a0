/**
 * `/leaderboard [style|metrics|me] [category NAME] [server|channel|global] [7d|30d|all] [matrix]`,
 * words in any order: the text table in a code block and the ratings chart, posted in the
 * channel. `style`: raw against style-controlled ranks and what wins votes; `metrics`: what each
 * model's drawings look like; `me`: the caller's own board, answered ephemerally (only they see
 * it). A category is named after `category`, or alone (`/leaderboard animals`).
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { parseCategory } from '../../core/board/board-categories.js';
import { boardViewText, queryForView, scopeLine, VIEW_TITLES, type BoardView } from '../../core/board/board-view.js';
import { formatPersonalBoard } from '../../core/board/personal-table.js';
import type { LeaderboardQuery, LeaderboardScope, LeaderboardWindow } from '../../core/model/board-types.js';
import type { SlackContext } from './slack-context.js';
import { actionableSlackError, genericFailure } from './slack-errors.js';
import { escapeSlack, type SlackMessage } from './slack-text.js';
import { postImageMessage } from './slack-upload.js';

const SCOPES: Record<string, LeaderboardScope> = { server: 'community', workspace: 'community', team: 'community', channel: 'channel', global: 'global' };
const WINDOWS: Record<string, LeaderboardWindow> = { '7d': '7d', '30d': '30d', all: 'all' };
const VIEWS: Record<string, BoardView> = { ranks: 'ranks', style: 'style', metrics: 'metrics', me: 'me' };
const CATEGORY_HINT = 'Pick one with `/leaderboard category NAME`.';

export const LEADERBOARD_USAGE =
  'Usage: `/leaderboard [style|metrics|me] [category NAME] [server|channel|global] [7d|30d|all] [matrix]` (default: the ranks of this workspace, all time; `style` adds the style-controlled ranks and what wins votes, `metrics` what each model draws, `me` your own board, `matrix` head to head; categories: animals, people, vehicles, scenes, objects, lettering, abstract, animation).';

export interface LeaderboardArgs {
  scope: LeaderboardScope;
  since: LeaderboardWindow;
  matrix: boolean;
  view: BoardView;
  /** A category key (board-categories), absent for every prompt. */
  category?: string;
}

/** Parse the command text; null when a word is not understood. */
export function parseLeaderboardArgs(text: string): LeaderboardArgs | null {
  const args: LeaderboardArgs = { scope: 'community', since: 'all', matrix: false, view: 'ranks' };
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  for (let k = 0; k < words.length; k++) {
    const word = words[k];
    if (SCOPES[word]) args.scope = SCOPES[word];
    else if (WINDOWS[word]) args.since = WINDOWS[word];
    else if (VIEWS[word]) args.view = VIEWS[word];
    else if (word === 'matrix') args.matrix = true;
    else {
      const category = parseCategory(word === 'category' ? (words[++k] ?? '') : word);
      if (category === null) return null;
      args.category = category;
    }
  }
  return args;
}

export function registerLeaderboardCommand(app: App, ctx: SlackContext): void {
  app.command('/leaderboard', async ({ command, ack, respond }) => {
    const args = parseLeaderboardArgs(command.text ?? '');
    if (!args) {
      await ack({ response_type: 'ephemeral', text: `I didn't understand “${escapeSlack(command.text)}”. ${LEADERBOARD_USAGE}` });
      return;
    }
    await ack();
    ctx.track('leaderboard', () => (args.view === 'me' ? postPersonalBoard(ctx, command, respond, args) : postLeaderboard(ctx, command, respond, args)));
  });
}

function leaderboardQuery(command: SlashCommand, args: LeaderboardArgs): LeaderboardQuery {
  return {
    scope: args.scope,
    since: args.since,
    ...(args.scope === 'global' ? {} : { platform: 'slack' as const, community: command.team_id }),
    ...(args.scope === 'channel' ? { channel: command.channel_id } : {}),
    ...(args.category ? { category: args.category } : {}),
  };
}

const code = (table: string) => '```\n' + escapeSlack(table) + '\n```';

function boardMessage(title: string, text: string, fileId: string | null): SlackMessage {
  return {
    text: `${title}\n${text}`,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: title } },
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...(fileId ? [{ type: 'image', slack_file: { id: fileId }, alt_text: 'Leaderboard chart: ratings with 95% intervals' }] : []),
    ],
  };
}

/** Tell the caller privately what went wrong (through response_url, which works where the bot is not a member). */
async function answerFailure(ctx: SlackContext, respond: RespondFn, err: unknown, what: string): Promise<void> {
  ctx.logger.warn({ err }, `could not post ${what}`);
  try {
    await respond({ response_type: 'ephemeral', text: actionableSlackError(err, ctx.botName) ?? genericFailure(err) });
  } catch (e) {
    ctx.logger.warn({ err: e }, 'could not answer through response_url');
  }
}

async function postLeaderboard(ctx: SlackContext, command: SlashCommand, respond: RespondFn, args: LeaderboardArgs): Promise<void> {
  const query = leaderboardQuery(command, args);
  const title = `:trophy: *${VIEW_TITLES[args.view]}*: ${escapeSlack(scopeLine(query))}`;
  try {
    const board = await ctx.service.leaderboard(queryForView(query, args.view));
    // A section's text holds at most 3000 characters, code fences included.
    const view = args.view === 'me' ? 'ranks' : args.view;
    const reply = boardViewText(board, view, {
      matrix: args.matrix,
      maxChars: 2900,
      categoryHint: CATEGORY_HINT,
      });
    const text = reply.table ? code(reply.text) : escapeSlack(reply.text);
    // The metrics view is numbers the chart does not show; a sentence has no chart either.
    if (board.rows.length === 0 || !reply.table || args.view === 'metrics') {
      await ctx.client.chat.postMessage({ channel: command.channel_id, ...boardMessage(title, text, null) });
      return;
    }
    const chart = await ctx.service.leaderboardChart(board);
    await postImageMessage({
      client: ctx.client,
      channel: command.channel_id,
      png: chart,
      filename: 'leaderboard.png',
      title: 'Prompt duel leaderboard',
      build: (fileId) => boardMessage(title, text, fileId),
      logger: ctx.logger,
    });
  } catch (err) {
    await answerFailure(ctx, respond, err, 'the leaderboard');
  }
}

/**
 * The caller's own board, only to them: through response_url as an ephemeral message, as every
 * private answer of this adapter is (it works even where the bot is not a channel member).
 */
async function postPersonalBoard(ctx: SlackContext, command: SlashCommand, respond: RespondFn, args: LeaderboardArgs): Promise<void> {
  const query = leaderboardQuery(command, args);
  try {
    // The same voter id the vote paths store (reactions.ts, vote-buttons.ts).
    const board = await ctx.service.personalBoard(`slack:${command.user_id}`, query);
    const title = `:bust_in_silhouette: *${VIEW_TITLES.me}*: ${escapeSlack(scopeLine(query))}`;
    await respond({ response_type: 'ephemeral', ...boardMessage(title, code(formatPersonalBoard(board)), null) });
  } catch (err) {
    await answerFailure(ctx, respond, err, 'a personal board');
  }
}
