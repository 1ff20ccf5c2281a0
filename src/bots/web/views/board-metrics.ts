/**
 * "How each model draws": the board's drawing metrics per model, in a table of its own that
 * scrolls sideways on a phone, so the ranking above never has to.
 */
import type { LeaderboardRow, ModelMetrics } from '../../../core/model/board-types.js';
import { html, type SafeHtml } from '../html.js';
import { formatMs, formatPercent } from './format.js';

const DASH = '—';

/** Kilobytes with one decimal below 10 KB ("4.2 KB", "18 KB"); bytes below 1 KB. */
export function formatSize(bytes: number | null): string {
  if (bytes === null) return DASH;
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const kb = bytes / 1000;
  return `${kb < 10 ? kb.toFixed(1) : Math.round(kb).toLocaleString('en-US')} KB`;
}

const count = (n: number | null) => (n === null ? DASH : Math.round(n).toLocaleString('en-US'));

function tokensText(m: ModelMetrics): string {
  if (m.medianTokensIn === null && m.medianTokensOut === null) return DASH;
  return `${count(m.medianTokensIn)} / ${count(m.medianTokensOut)}`;
}

function metricsRow(row: LeaderboardRow & { metrics: ModelMetrics }): SafeHtml {
  const m = row.metrics;
  return html`<tr>
    <th scope="row">${row.label}</th>
    <td class="num">${formatPercent(m.drawnShare)}<span class="sub">of ${m.draws}</span></td>
    <td class="num">${formatSize(m.medianBytes)}</td>
    <td class="num">${count(m.medianElements)}</td>
    <td class="num">${formatPercent(m.animatedShare)}</td>
    <td class="num">${formatPercent(m.textShare)}</td>
    <td class="num">${formatMs(m.medianMs)}</td>
    <td class="num">${tokensText(m)}</td>
  </tr>`;
}

/** The metrics table in the board's row order; nothing when no row has metrics. */
export function metricsSection(rows: readonly LeaderboardRow[]): SafeHtml | '' {
  const withMetrics = rows.filter((r): r is LeaderboardRow & { metrics: ModelMetrics } => r.metrics !== undefined);
  if (withMetrics.length === 0) return '';
  return html`<section class="metrics-section" id="how-models-draw">
    <h2>How each model draws</h2>
    <p class="hint">Over each model's draws in this board's duels, revealed ones only. “Drew”: the share of its draws that produced a drawing (the rest failed). Size, elements, time and tokens are medians over the drawings it made; “animated” and “with text” are shares of them.<span class="narrow-only"> Swipe the table sideways for every column.</span></p>
    <div class="table-wrap metrics-wrap"><table class="metrics">
      <thead><tr>
        <th scope="col">Model</th><th scope="col" class="num" title="Share of its draws that produced a drawing">Drew <span class="sub">of draws</span></th><th scope="col" class="num">Size</th>
        <th scope="col" class="num">Elements</th><th scope="col" class="num">Animated</th><th scope="col" class="num">With text</th>
        <th scope="col" class="num">Time</th><th scope="col" class="num">Tokens <span class="sub">in / out</span></th>
      </tr></thead>
      <tbody>${withMetrics.map(metricsRow)}</tbody>
    </table></div>
  </section>`;
}
