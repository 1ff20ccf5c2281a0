/** The board's head-to-head matrix: win shares and battle counts of every pair, ties left out. */
import { winShare } from '../../../core/ratings/pair-matrix.js';
import type { Leaderboard } from '../../../core/model/board-types.js';
import { html, type SafeHtml } from '../html.js';

/** Fewer battles than this between two models say too little to colour their cell. */
const MATRIX_SHADE_FROM = 5;

/** Head-to-head win shares and battle counts, ties excluded; columns numbered to fit a phone. */
export function matrixSection(board: Leaderboard): SafeHtml | '' {
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
