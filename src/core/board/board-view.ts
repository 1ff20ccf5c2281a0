/**
 * The board views chat offers (`/leaderboard view:` on Discord, `/leaderboard style` on Slack),
 * and the words for a board's scope, so Discord, Slack, the CLI and the chart say the same.
 * Pure: no I/O.
 */
import { categoriesLine, categoryLabel, categoryShortfall, shortfallText } from './board-categories.js';
import { formatLeaderboardTable } from './leaderboard-table.js';
import { formatMetricsTable } from './metrics-table.js';
import { formatStyleTable } from './style-table.js';
import { wrapText } from './text-columns.js';
import { DEFAULT_TABLE_WIDTH } from './table-text.js';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardWindow } from '../model/board-types.js';

/** ranks: the board as always; style: raw against style-controlled, and what wins votes; metrics: what the drawings look like; me: the voter's own board. */
export type BoardView = 'ranks' | 'style' | 'metrics' | 'me';
export const BOARD_VIEWS: readonly BoardView[] = ['ranks', 'style', 'metrics', 'me'];

/** Each view's name in a title. */
export const VIEW_TITLES: Readonly<Record<BoardView, string>> = {
  ranks: 'Leaderboard',
  style: 'Style control',
  metrics: 'Drawing metrics',
  me: 'Your board',
};

/** The engine query a view needs: the style view also asks for the controlled fit. */
export function queryForView(query: LeaderboardQuery, view: BoardView): LeaderboardQuery {
  return view === 'style' ? { ...query, control: 'style' } : query;
}

/** Whose duels a board counts, in words: "this server", "web arena", "everywhere"… */
export function scopeWords(q: LeaderboardQuery): string {
  if (q.scope === 'global') return 'everywhere';
  if (q.scope === 'channel') return 'this channel';
  switch (q.platform) {
    case 'web':
      return 'web arena';
    case 'discord':
      return 'this server';
    case 'slack':
      return 'this workspace';
    case 'cli':
      return 'command-line duels';
    default:
      return 'this community';
  }
}

export const WINDOW_WORDS: Readonly<Record<LeaderboardWindow, string>> = { all: 'all time', '30d': 'last 30 days', '7d': 'last 7 days' };

/** "this server, last 7 days", with " · Animals" when the board is of one category. */
export function scopeLine(q: LeaderboardQuery): string {
  return `${scopeWords(q)}, ${WINDOW_WORDS[q.since]}${q.category ? ` · ${categoryLabel(q.category)}` : ''}`;
}

export interface ViewTextOptions {
  maxWidth?: number;
  /** Pair matrices under the ranks view. */
  matrix?: boolean;
  /** Longest text (the chat message's limit). */
  maxChars?: number;
  /** How to pick a category on this platform, said after the list of categories. */
  categoryHint: string;
}

export interface ViewText {
  /** A monospace table (for a code block), or `false` for a sentence said instead of a board. */
  table: boolean;
  text: string;
}

/**
 * The text of a board view (not `me`, which is a personal board). A board of one category
 * with too few duels is not shown: the sentence says how many it has, and lists the
 * categories that do have enough.
 */
export function boardViewText(board: Leaderboard, view: Exclude<BoardView, 'me'>, opts: ViewTextOptions): ViewText {
  const maxWidth = opts.maxWidth ?? DEFAULT_TABLE_WIDTH;
  const list = categoriesLine(board, opts.categoryHint);
  // The board carries the configured minimum (DUEL_CATEGORY_MIN_BATTLES); a CSV's board the default.
  const shortfall = categoryShortfall(board, board.categoryMinBattles ?? DEFAULT_SETTINGS.categoryMinBattles);
  if (shortfall) return { table: false, text: [shortfallText(shortfall), ...(list ? [list] : [])].join(' ') };
  // The list takes room from the matrices, not the other way round.
  const tail = list && view === 'ranks' && !board.query.category && board.rows.length > 0 ? ['', ...wrapText(list, maxWidth)].join('\n') : '';
  const maxChars = (opts.maxChars ?? Infinity) - tail.length - 1;
  const body =
    view === 'style'
      ? formatStyleTable(board, { maxWidth })
      : view === 'metrics'
        ? formatMetricsTable(board, { maxWidth })
        : formatLeaderboardTable(board, { maxWidth, matrix: opts.matrix, maxChars });
  return { table: true, text: tail ? `${body}\n${tail}` : body };
}
