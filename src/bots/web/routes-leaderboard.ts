/**
 * The leaderboard page and its chart. The page always asks for the style-controlled board (it
 * shows both rankings); `control=style` only orders the table by the controlled rank. A category
 * the scope does not offer, or a parameter value the page does not know, is ignored with a note
 * on the page rather than refused: a shared link whose window or scope was changed afterwards
 * (a category offered over all time can fall under its minimum in the last 7 days) still shows
 * a board, and says why it is not the one asked for.
 */
import type { Context, Hono } from 'hono';
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { Leaderboard, LeaderboardQuery } from '../../core/model/board-types.js';
import { htmlPage, page } from './layout.js';
import { asPlatform } from './platform-param.js';
import { categoryText, leaderboardBody, type BoardOrder } from './views/leaderboard.js';
import { parseCategory } from '../../core/board/board-categories.js';
import type { YourBoard } from './views/board-personal.js';
import { voterKey } from './voter.js';
import { ensureVoter, type Visitors } from './visitors.js';


/** Longest part of an unknown category name repeated in the page's note. */
const CATEGORY_ECHO_MAX = 60;

export interface LeaderboardRequest {
  query: LeaderboardQuery;
  order: BoardOrder;
  /** Sentences for the page about parameters it did not use. */
  notes: string[];
}

/**
 * scope=global|web|community|channel|current, since=all|30d|7d, platform, community, channel,
 * category=NAME, control=style|none. Unknown scope or window values fall back to the defaults;
 * an unknown control value or an unusable category name is ignored with a note.
 */
export function parseLeaderboardRequest(q: (k: string) => string | undefined): LeaderboardRequest {
  const notes: string[] = [];
  const since = (['all', '30d', '7d'] as const).find((s) => s === q('since')) ?? 'all';
  const control = q('control');
  let order: BoardOrder = 'raw';
  if (control === 'style') order = 'style';
  else if (control && control !== 'none') notes.push(`“control=${control}” is not an order this page knows (control=style orders by the style-controlled rank): showing the votes as cast.`);
  const raw = q('category')?.trim();
  // Core's list of categories decides (a name or its label, as chat takes them); anything else is no category.
  const category = raw ? (parseCategory(raw) ?? undefined) : undefined;
  if (raw && !category) {
    const shown = raw.replace(/\p{Cc}/gu, '');
    notes.push(`There is no category “${shown.length > CATEGORY_ECHO_MAX ? `${shown.slice(0, CATEGORY_ECHO_MAX)}…` : shown}”: showing all prompts.`);
  }
  const extra = { control: 'style' as const, ...(category ? { category } : {}) };
  return { query: { ...scopeOf(q, since), ...extra }, order, notes };
}

function scopeOf(q: (k: string) => string | undefined, since: LeaderboardQuery['since']): LeaderboardQuery {
  const scope = q('scope');
  const platform = asPlatform(q('platform'));
  const community = q('community') || undefined;
  const channel = q('channel') || undefined;
  if (scope === 'web') return { scope: 'community', since, platform: 'web', community: 'web' };
  if ((scope === 'community' || scope === 'channel' || scope === 'current') && platform && community) {
    if (channel && scope !== 'community') return { scope: 'channel', since, platform, community, channel };
    return { scope: 'community', since, platform, community };
  }
  return { scope: 'global', since };
}

/** The board a request asks for (see parseLeaderboardRequest). */
export function parseLeaderboardQuery(q: (k: string) => string | undefined): LeaderboardQuery {
  return parseLeaderboardRequest(q).query;
}

export interface ResolvedBoard {
  board: Leaderboard;
  /** The category asked for when this scope does not offer it (it was dropped). */
  dropped?: string;
}

/**
 * The board, its category checked against the ones the scope offers (core lists them on every
 * board, filtered or not, and decides which have enough battles). One board is built; the board
 * of all prompts only when the category was not offered. The one rule for the page and the chart.
 */
export async function resolveBoard(service: DuelApi, query: LeaderboardQuery): Promise<ResolvedBoard> {
  const board = await service.leaderboard(query);
  const { category, ...rest } = query;
  if (category === undefined || (board.categories ?? []).some((c) => c.name === category)) return { board };
  return { board: await service.leaderboard(rest), dropped: category };
}

/**
 * The visitor's own board, for the voter id of this browser's signed cookie only (never a URL
 * parameter). A browser without one gets a fresh id, so its board is the invitation.
 */
async function yourBoard(c: Context, deps: LeaderboardDeps, query: LeaderboardQuery): Promise<YourBoard> {
  const id = await ensureVoter(c, deps.visitors);
  if (!id) return { kind: 'no-voter' };
  try {
    return { kind: 'board', board: await deps.service.personalBoard(voterKey(id), query) };
  } catch (err) {
    deps.onError?.(err);
    return { kind: 'unavailable' };
  }
}

export interface LeaderboardDeps {
  service: DuelApi;
  visitors: Visitors;
  /** Told when the visitor's own board fails (the page still shows the community board). */
  onError?: (err: unknown) => void;
}

export function mountLeaderboard(app: Hono, deps: LeaderboardDeps): void {
  app.get('/leaderboard', async (c) => {
    const req = parseLeaderboardRequest((k) => c.req.query(k));
    const { board, dropped } = await resolveBoard(deps.service, req.query);
    const your = await yourBoard(c, deps, board.query);
    const notes = dropped === undefined ? req.notes : [...req.notes, `“${categoryText(dropped)}” is not a category with enough battles here: showing all prompts.`];
    const body = leaderboardBody(board, { order: req.order, notes, your });
    return htmlPage(c, page({ title: 'Leaderboard', nav: 'leaderboard', body }));
  });

  app.get('/leaderboard.png', async (c) => {
    const { board } = await resolveBoard(deps.service, parseLeaderboardQuery((k) => c.req.query(k)));
    const png = await deps.service.leaderboardChart(board);
    c.header('Content-Type', 'image/png');
    c.header('Cache-Control', 'no-cache');
    return c.body(new Uint8Array(png));
  });
}
