/** The leaderboard page: the same board as the bots' /leaderboard, as a table and a chart. */
import type { Leaderboard, LeaderboardQuery } from '../../../core/types.js';
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
      <th scope="col">Rank</th><th scope="col">Model</th><th scope="col" class="num">Rating <span class="sub">95 % interval</span></th>
      <th scope="col" class="num opt-sm">Battles</th><th scope="col" class="num opt">W / L / T</th><th scope="col" class="num opt">Both bad</th>
      <th scope="col" class="num">Win rate</th><th scope="col" class="num opt">Elo</th><th scope="col" class="num opt">Median time</th><th scope="col" class="num opt">Failures</th>
    </tr></thead>
    <tbody>${board.rows.map(
      (row) => html`<tr>
      <td>${row.rank}</td>
      <td><span class="model">${row.label}</span><code class="spec">${row.spec}</code></td>
      <td class="num"><span class="strong">${r(row.rating)}</span><span class="sub">${r(row.ci[0])} – ${r(row.ci[1])}</span></td>
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
  <img class="chart" src="${chart}" alt="Ratings with their 95 % intervals">`}
  <section class="explain">
    <h2>How to read this</h2>
    <p>Ratings come from a Bradley–Terry model fitted to every closed duel with votes (the method LMArena uses), on the Elo scale with a mean of 1000. The interval is a 95 % bootstrap interval; a model ranks below another only when its whole interval lies under the other's.</p>
    <p>A tie or a “both bad” vote counts as half a win for each side. Duels where a drawing names a model are left out.${board.sideAWinShare === null ? '' : ` Side A won ${formatPercent(board.sideAWinShare)} of battles (a check for position bias: it should be near 50 %).`}</p>
  </section>`;
}
