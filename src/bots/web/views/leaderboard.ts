/**
 * The leaderboard page: the same board as the bots' /leaderboard, as a table with the raw and the
 * style-controlled rank side by side, what wins votes, the visitor's own board, how each model
 * draws, a chart and the pairwise matrix.
 */
import { boardNotes, intervalText } from '../../../core/ratings/board-notes.js';
import type { ControlledRow, Leaderboard, LeaderboardQuery, LeaderboardRow } from '../../../core/model/board-types.js';
import { html, href, type SafeHtml } from '../html.js';
import { plural } from '../plural.js';
import { categoryLabel } from '../../../core/board/board-categories.js';
import { matrixSection } from './board-matrix.js';
import { metricsSection } from './board-metrics.js';
import { yourBoardSection, type YourBoard } from './board-personal.js';
import { rankChange, stylePanel } from './board-style.js';
import { formatMs, formatPercent, platformName } from './format.js';

/** Which ranking orders the table: the fit of the votes as cast, or the one with style held equal (`control=style`). */
export type BoardOrder = 'raw' | 'style';

export interface BoardPageOptions {
  order?: BoardOrder;
  /** Sentences about request parameters the page did not use, and why. */
  notes?: readonly string[];
  your?: YourBoard;
}

/** The URL parameters of a board (what the chart and the filters keep); `control` is the page's order, not the query's. */
export function leaderboardQueryParams(q: LeaderboardQuery, order: BoardOrder = 'raw'): Record<string, string | undefined> {
  return {
    scope: q.scope,
    since: q.since,
    platform: q.platform,
    community: q.community,
    channel: q.channel,
    category: q.category,
    control: order === 'style' ? 'style' : undefined,
  };
}

/** "Animals", "Text and lettering": a category's label (core/categories names them). */
export const categoryText = categoryLabel;

function scopeText(q: LeaderboardQuery): string {
  if (q.scope === 'global') return 'Everywhere';
  if (q.platform === 'web') return 'Web arena';
  const where = q.platform ? `${platformName(q.platform)} · ${q.community ?? ''}` : (q.community ?? '');
  return q.scope === 'channel' ? `${where} · channel ${q.channel ?? ''}` : where;
}

const WINDOWS: Array<[LeaderboardQuery['since'], string]> = [
  ['all', 'All time'],
  ['30d', 'Last 30 days'],
  ['7d', 'Last 7 days'],
];

function filtersForm(q: LeaderboardQuery, order: BoardOrder): SafeHtml {
  const scopeValue = q.scope === 'global' ? 'global' : q.platform === 'web' && q.scope === 'community' ? 'web' : 'current';
  return html`<form class="filters" method="get" action="/leaderboard">
    <label>Scope <select name="scope">
      <option value="global"${scopeValue === 'global' ? html` selected` : ''}>Everywhere</option>
      <option value="web"${scopeValue === 'web' ? html` selected` : ''}>Web arena</option>
      ${scopeValue === 'current' ? html`<option value="current" selected>${scopeText(q)}</option>` : ''}
    </select></label>
    ${scopeValue === 'current'
      ? html`<input type="hidden" name="platform" value="${q.platform ?? ''}"><input type="hidden" name="community" value="${q.community ?? ''}"><input type="hidden" name="channel" value="${q.channel ?? ''}">`
      : ''}
    <label>Window <select name="since">
      ${WINDOWS.map(([w, t]) => html`<option value="${w}"${q.since === w ? html` selected` : ''}>${t}</option>`)}
    </select></label>
    ${q.category ? html`<input type="hidden" name="category" value="${q.category}">` : ''}
    ${order === 'style' ? html`<input type="hidden" name="control" value="style">` : ''}
    <button type="submit">Show</button>
  </form>`;
}

/**
 * "All prompts" and each category offered, with its battles, as links that keep the scope, window
 * and order: the scope's categories and battles, which core gives on every board, filtered or not.
 */
function categoryLinks(board: Leaderboard, order: BoardOrder): SafeHtml | '' {
  const q = board.query;
  const categories = board.categories ?? [];
  if (categories.length === 0) return '';
  const link = (name: string | undefined, text: string, battles: number) =>
    html`<a class="chip" href="${href('/leaderboard', { ...leaderboardQueryParams(q, order), category: name })}"${q.category === name ? html` aria-current="true"` : ''}>${text} <span class="count">${battles.toLocaleString('en-US')}</span></a>`;
  return html`<nav class="chips categories" aria-label="Prompt categories"><span class="chips-label">Prompts</span>
    ${link(undefined, 'All prompts', board.scopeBattles ?? board.battles)}${categories.map((c) => link(c.name, categoryText(c.name), c.battles))}
  </nav>`;
}

function orderLinks(q: LeaderboardQuery, order: BoardOrder): SafeHtml {
  const link = (o: BoardOrder, text: string) =>
    html`<a class="chip" href="${href('/leaderboard', leaderboardQueryParams(q, o))}"${order === o ? html` aria-current="true"` : ''}>${text}</a>`;
  return html`<nav class="chips order" aria-label="Order of the table"><span class="chips-label">Order by</span>${link('raw', 'Votes as cast')}${link('style', 'Style held equal')}</nav>`;
}

/** The rows in the page's order: by the style-controlled rank (then rating) when asked, else as the board has them. */
function orderedRows(board: Leaderboard, order: BoardOrder, controlled: ReadonlyMap<string, ControlledRow>): LeaderboardRow[] {
  if (order !== 'style' || controlled.size === 0) return board.rows;
  const key = (r: LeaderboardRow) => controlled.get(r.spec) ?? { rank: Number.MAX_SAFE_INTEGER, rating: -Infinity };
  return [...board.rows].sort((x, y) => key(x).rank - key(y).rank || key(y).rating - key(x).rating);
}

function controlledCell(row: LeaderboardRow, c: ControlledRow | undefined): SafeHtml {
  if (!c) return html`<td class="num ctl"><span class="sub">—</span></td>`;
  return html`<td class="num ctl"><span class="strong">${c.rank}</span> ${rankChange(row.rank, c.rank, 'with style held equal')}<span class="sub">${Math.round(c.rating)}</span></td>`;
}

function boardRow(board: Leaderboard, row: LeaderboardRow, controlled: ReadonlyMap<string, ControlledRow> | null, activity: boolean): SafeHtml {
  const r = (x: number) => Math.round(x);
  return html`<tr${row.provisional ? html` class="provisional"` : ''}>
      <td>${row.rank}</td>
      <td><span class="model">${row.label}</span>${row.provisional ? html`<span class="badge badge-provisional" title="Fewer than ${board.provisionalBelow} battles: the rating can still move a lot">provisional</span>` : ''}<code class="spec">${row.spec}</code></td>
      <td class="num"><span class="strong">${r(row.rating)}</span>${row.ci ? html`<span class="sub">${intervalText(row.ci)}</span>` : html`<span class="sub" title="Too few battles, or only wins or only losses, to measure it">not yet known</span>`}</td>
      ${controlled ? controlledCell(row, controlled.get(row.spec)) : ''}
      <td class="num opt-sm">${row.battles}</td>
      <td class="num opt">${row.wins} / ${row.losses} / ${row.ties}</td>
      <td class="num opt opt-md">${row.bothBad}</td>
      <td class="num${controlled ? ' opt-sm' : ''}">${formatPercent(row.winRate)}</td>
      <td class="num opt opt-md">${r(row.elo)}</td>
      ${activity ? html`<td class="num opt">${formatMs(row.medianMs)}</td><td class="num opt">${formatPercent(row.failureRate)}</td>` : ''}
    </tr>`;
}

function boardTable(board: Leaderboard, order: BoardOrder): SafeHtml {
  const controlled = board.control ? new Map(board.control.rows.map((c) => [c.spec, c] as const)) : null;
  // Time and failures are in the drawing metrics ("Time", "Drew") when the board has them: shown once, where a phone can scroll.
  const activity = !board.rows.some((r) => r.metrics);
  return html`<div class="table-wrap"><table class="board">
    <thead><tr>
      <th scope="col"><span class="wide">Rank</span><span class="narrow" aria-hidden="true">#</span></th><th scope="col">Model</th><th scope="col" class="num">Rating <span class="sub">95 % interval</span></th>
      ${controlled ? html`<th scope="col" class="num ctl"><a href="#what-wins-votes">Style held equal</a> <span class="sub">rank · change</span></th>` : ''}
      <th scope="col" class="num opt-sm">Battles</th><th scope="col" class="num opt">W / L / T</th><th scope="col" class="num opt opt-md">Both bad</th>
      <th scope="col" class="num${controlled ? ' opt-sm' : ''}">Win rate</th><th scope="col" class="num opt opt-md" title="Running Elo (K = 32) in the order the battles happened">Online Elo <span class="sub">order-dependent</span></th>
      ${activity ? html`<th scope="col" class="num opt">Median time</th><th scope="col" class="num opt">Failures</th>` : ''}
    </tr></thead>
    <tbody>${orderedRows(board, order, controlled ?? new Map()).map((row) => boardRow(board, row, controlled, activity))}</tbody>
  </table></div>`;
}

function explainSection(board: Leaderboard): SafeHtml {
  return html`<section class="explain">
    <h2>How to read this</h2>
    <p>The Rating comes from a Bradley–Terry model fitted to every closed duel with votes (the method LMArena uses), on the Elo scale with a mean of 1000. The interval is a 95 % bootstrap interval; a model ranks below another only when its whole interval lies under the other's. While resampling cannot measure an interval (a single battle, or a model that has only won or only lost), it says “not yet known” rather than a range of zero width, and that model shares its rank with everyone.</p>
    <p>“Style held equal” is the same fit with the drawings' size, shapes, colours, motion and text as extra terms (LMArena's style control): ▲2 means the model ranks two places higher once style is held equal, ▼1 one place lower, = the same. A model that climbs wins on the drawing itself; one that falls owed part of its votes to style.</p>
    <p>Online Elo, on wide screens, is the classic running Elo (K = 32) over the battles in the order they happened: the same votes in another order give another number, so it is shown for comparison only. The Rating does not depend on the order.</p>
    <p>A tie or a “both bad” vote counts as half a win for each side. Duels where a drawing names a model are left out. A model with fewer than ${board.provisionalBelow} battles is marked provisional.</p>
    <p>Side A is the drawing shown on the left. Which model gets it is drawn at random, so side A should win about half of the decisive battles; an interval that leaves 50 % out means voters favour a side.</p>
  </section>`;
}

export function leaderboardBody(board: Leaderboard, opts: BoardPageOptions = {}): SafeHtml {
  const q = board.query;
  const order: BoardOrder = opts.order === 'style' && board.control ? 'style' : 'raw';
  const chart = href('/leaderboard.png', leaderboardQueryParams(q));
  const window = WINDOWS.find(([w]) => w === q.since)?.[1] ?? q.since;
  return html`<h1>Leaderboard</h1>
  <p class="lede">${scopeText(q)} · ${window}${q.category ? ` · ${categoryText(q.category)}` : ''} · ${plural(board.battles, 'battle')}</p>
  ${(opts.notes ?? []).map((n) => html`<p class="note param-note">${n}</p>`)}
  ${filtersForm(q, order)}
  ${categoryLinks(board, order)}
  ${board.control && board.rows.length > 0 ? orderLinks(q, order) : ''}
  ${board.rows.length === 0
    ? html`<p class="empty">No rated duels here yet. A duel counts once it closes with at least one vote.</p>`
    : html`${boardTable(board, order)}
  <ul class="board-notes">${boardNotes(board).map((note) => html`<li class="note-${note.kind}">${note.text}</li>`)}</ul>
  ${stylePanel(board.control)}`}
  ${yourBoardSection(opts.your)}
  ${board.rows.length === 0
    ? ''
    : html`${metricsSection(board.rows)}
  <img class="chart" src="${chart}" alt="Ratings with their 95 % intervals" width="720">
  ${matrixSection(board)}`}
  ${explainSection(board)}`;
}
