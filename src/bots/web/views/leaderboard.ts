/** The leaderboard page: the same board as the bots' /leaderboard, as a table, the pairwise matrices and a chart. */
import { boardNotes, intervalText } from '../../../core/ratings/board-notes.js';
import { winShare } from '../../../core/ratings/pair-matrix.js';
import type { Leaderboard, LeaderboardQuery } from '../../../core/model/types.js';
import { html, href, type SafeHtml } from '../html.js';
import { formatMs, formatPercent, platformName } from './format.js';

export function leaderboardQueryParams(q: LeaderboardQuery): Record<string, string | undefined> {
  return { scope: q.scope, since: q.since, platform: q.platform, community: q.community, channel: q.channel };
}

function scopeText(q: LeaderboardQuery): string {
  if (q.scope === 'global') return 'Everywhere';
  if (q.platform === 'web') return 'Web arena';
  const where = q.platform ? `${platformName(q.platform)} · ${q.community ?? ''}` : (q.community ?? '');
  return q.scope === 'channel' ? `${where} · channel ${q.channel ?? ''}` : where;
}

export function leaderboardBody(board: Leaderboard): SafeHtml {
  const q = board.query;
  const scopeValue = q.scope === 'global' ? 'global' : q.platform === 'web' && q.scope === 'community' ? 'web' : 'current';
  const windows: Array<[LeaderboardQuery['since'], string]> = [
    ['all', 'All time'],
    ['30d', 'Last 30 days'],
    ['7d', 'Last 7 days'],
  ];
  const chart = href('/leaderboard.png', leaderboardQueryParams(q));
  const r = (x: number) => Math.round(x);
  return html`<h1>Leaderboard</h1>
  <p class="lede">${scopeText(q)} · ${windows.find(([w]) => w === q.since)?.[1] ?? q.since} · ${board.battles} ${board.battles === 1 ? 'battle' : 'battles'}</p>
  <form class="filters" method="get" action="/leaderboard">
    <label>Scope <select name="scope">
      <option value="global"${scopeValue === 'global' ? html` selected` : ''}>Everywhere</option>
      <option value="web"${scopeValue === 'web' ? html` selected` : ''}>Web arena</option>
      ${scopeValue === 'current' ? html`<option value="current" selected>${scopeText(q)}</option>` : ''}
    </select></label>
    ${scopeValue === 'current'
      ? html`<input type="hidden" name="platform" value="${q.platform ?? ''}"><input type="hidden" name="community" value="${q.community ?? ''}"><input type="hidden" name="channel" value="${q.channel ?? ''}">`
      : ''}
    <label>Window <select name="since">
      ${windows.map(([w, t]) => html`<option value="${w}"${q.since === w ? html` selected` : ''}>${t}</option>`)}
    </select></label>
    <button type="submit">Show</button>
  </form>
  ${board.rows.length === 0
    ? html`<p class="empty">No rated duels here yet. A duel counts once it closes with at least one vote.</p>`
    : html`<div class="table-wrap"><table class="board">
    <thead><tr>
      <th scope="col"><span class="wide">Rank</span><span class="narrow" aria-hidden="true">#</span></th><th scope="col">Model</th><th scope="col" class="num">Rating <span class="sub">95 % interval</span></th>
      <th scope="col" class="num opt-sm">Battles</th><th scope="col" class="num opt">W / L / T</th><th scope="col" class="num opt">Both bad</th>
      <th scope="col" class="num">Win rate</th><th scope="col" class="num opt">Elo</th><th scope="col" class="num opt">Median time</th><th scope="col" class="num opt">Failures</th>
    </tr></thead>
    <tbody>${board.rows.map(
      (row) => html`<tr${row.provisional ? html` class="provisional"` : ''}>
      <td>${row.rank}</td>
      <td><span class="model">${row.label}</span>${row.provisional ? html`<span class="badge badge-provisional" title="Fewer than ${board.provisionalBelow} battles: the rating can still move a lot">provisional</span>` : ''}<code class="spec">${row.spec}</code></td>
      <td class="num"><span class="strong">${r(row.rating)}</span>${row.ci ? html`<span class="sub">${intervalText(row.ci)}</span>` : html`<span class="sub" title="Too few battles, or only wins or only losses, to measure it">not yet known</span>`}</td>
      <td class="num opt-sm">${row.battles}</td>
      <td class="num opt">${row.wins} / ${row.losses} / ${row.ties}</td>
      <td class="num opt">${row.bothBad}</td>
      <td class="num">${formatPercent(row.winRate)}</td>
      <td class="num opt">${r(row.elo)}</td>
      <td class="num opt">${formatMs(row.medianMs)}</td>
      <td class="num opt">${formatPercent(row.failureRate)}</td>
    </tr>`,
    )}</tbody>
  </table></div>
  <ul class="board-notes">${boardNotes(board).map((note) => html`<li class="note-${note.kind}">${note.text}</li>`)}</ul>
  <img class="chart" src="${chart}" alt="Ratings with their 95 % intervals" width="720">
  ${matrixSection(board)}`}
  <section class="explain">
    <h2>How to read this</h2>
    <p>Ratings come from a Bradley–Terry model fitted to every closed duel with votes (the method LMArena uses), on the Elo scale with a mean of 1000. The interval is a 95 % bootstrap interval; a model ranks below another only when its whole interval lies under the other's. While resampling cannot measure an interval (a single battle, or a model that has only won or only lost), it says “not yet known” rather than a range of zero width, and that model shares its rank with everyone.</p>
    <p>A tie or a “both bad” vote counts as half a win for each side. Duels where a drawing names a model are left out. A model with fewer than ${board.provisionalBelow} battles is marked provisional.</p>
    <p>Side A is the drawing shown on the left. Which model gets it is drawn at random, so side A should win about half of the decisive battles; an interval that leaves 50 % out means voters favour a side.</p>
  </section>`;
}

/** Fewer battles than this between two models say too little to colour their cell. */
const MATRIX_SHADE_FROM = 5;

/** Head-to-head win shares and battle counts, ties excluded; columns numbered to fit a phone. */
function matrixSection(board: Leaderboard): SafeHtml | '' {
  const m = board.matrix;
  if (m.specs.length < 2) return '';
  const labels = new Map(board.rows.map((row) => [row.spec, row.label] as const));
  const label = (k: number) => labels.get(m.specs[k]) ?? m.specs[k];
  const cols = m.specs.map((_, k) => k);
  return html`<section class="matrix-section">
    <h2>Head to head</h2>
    <p class="hint">Each cell: how often the row's model beat the column's model, and over how many battles (ties left out). Columns are numbered like the rows; a cell is shaded from ${MATRIX_SHADE_FROM} battles up.</p>
    <div class="table-wrap matrix-wrap"><table class="matrix">
      <thead><tr><th scope="col" class="corner">Model <span class="sub">won against →</span></th>${cols.map((j) => html`<th scope="col" class="num"><abbr title="${label(j)}">${j + 1}</abbr></th>`)}</tr></thead>
      <tbody>${cols.map(
        (i) => html`<tr><th scope="row"><span class="idx">${i + 1}</span> ${label(i)}</th>${cols.map((j) => {
          if (i === j) return html`<td class="self" aria-label="same model"></td>`;
          const share = winShare(m, i, j);
          const n = m.decisive[i][j];
          if (share === null) return html`<td class="none" title="${label(i)} and ${label(j)}: no decisive battle yet">–</td>`;
          return html`<td class="share-${Math.round(share * 10)}${n < MATRIX_SHADE_FROM ? ' few' : ''}" title="${label(i)} beat ${label(j)} in ${m.wins[i][j]} of ${n}"><b>${Math.round(share * 100)}%</b><span>${n}</span></td>`;
        })}</tr>`,
      )}</tbody>
    </table></div>
  </section>`;
}
