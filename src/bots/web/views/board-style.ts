/**
 * The style-controlled side of the web board: a rank's change between two rankings (▲2 ▼1 =)
 * and the "What wins votes" panel that lists each style feature's effect in Elo points.
 */
import type { StyleControl, StyleCoefficient } from '../../../core/model/board-types.js';
import { featureMeaning, featureWords, coefIntervalText } from '../../../core/board/style-table.js';
import { rankChange as rankChangeText, signed } from '../../../core/board/text-columns.js';
import { html, type SafeHtml } from '../html.js';

/**
 * How a rank moved from `from` to `to` (1 is best): ▲ places gained, ▼ places lost, = none.
 * `whose` names the second ranking in the hover text ("with style held equal").
 */
export function rankChange(from: number, to: number, whose: string): SafeHtml {
  const change = rankChangeText(from, to);
  const d = from - to;
  if (d === 0) return html`<span class="delta same" title="Same rank ${whose}">${change}</span>`;
  const places = Math.abs(d) === 1 ? 'place' : 'places';
  return d > 0
    ? html`<span class="delta up" title="${d} ${places} higher ${whose}">${change}</span>`
    : html`<span class="delta down" title="${-d} ${places} lower ${whose}">${change}</span>`;
}

type Verdict = 'wins' | 'loses' | 'unclear' | 'unknown';

/** Whether the interval leaves 0 out: only then does the feature clearly sway votes. */
function verdict(f: StyleCoefficient): Verdict {
  if (!f.ci) return 'unknown';
  return f.ci[0] > 0 ? 'wins' : f.ci[1] < 0 ? 'loses' : 'unclear';
}

const VERDICT_TEXT: Record<Verdict, string> = {
  wins: 'wins votes',
  loses: 'loses votes',
  unclear: 'no clear effect',
  unknown: 'not measured yet',
};

function featureItem(f: StyleCoefficient): SafeHtml {
  const v = verdict(f);
  const what = featureMeaning(f.name);
  return html`<li class="feature feature-${v}">
    <span class="feature-name">${featureWords(f.name)}</span><span class="feature-coef">${signed(f.coef)}${f.ci ? html` <span class="feature-ci">(${coefIntervalText(f.ci)})</span>` : ''}</span>
    <span class="feature-verdict">${VERDICT_TEXT[v]}${what ? html`<span class="feature-what"> · ${what}</span>` : ''}</span>
  </li>`;
}

/** "What wins votes": each feature's coefficient with its interval, largest first, and what the unit is. */
export function stylePanel(control: StyleControl | undefined): SafeHtml | '' {
  if (!control) return '';
  const features = [...control.features].sort((x, y) => y.coef - x.coef);
  return html`<section class="style-panel" id="what-wins-votes">
    <h2>What wins votes</h2>
    ${control.battles === 0 || features.length === 0
      ? html`<p class="hint">No battle here has both drawings' features yet, so their effect cannot be measured.</p>`
      : html`<ul class="features">${features.map(featureItem)}</ul>
    <p class="hint">Each number is in Elo points for one standard deviation of the difference between the two sides (for animation, about “animated against still”), with its 95 % interval, from ${control.battles.toLocaleString('en-US')} ${control.battles === 1 ? 'battle' : 'battles'}. Positive: the feature wins votes whatever the model; an interval that spans 0 shows no clear effect. The “style held equal” ranking is the fit with these features held equal: the models compared as if their drawings were alike in size, shapes, colours, motion and text.</p>`}
  </section>`;
}
