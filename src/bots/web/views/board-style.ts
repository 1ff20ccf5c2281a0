/**
 * The style-controlled side of the web board: a rank's change between two rankings (▲2 ▼1 =)
 * and the "What wins votes" panel that lists each style feature's effect in Elo points.
 */
import type { StyleControl, StyleCoefficient } from '../../../core/model/types.js';
import { html, type SafeHtml } from '../html.js';

/** What each drawing feature means to a reader; a feature not listed (a CSV's own) shows its name. */
const FEATURE_TEXT: Readonly<Record<string, { name: string; what: string }>> = {
  animated: { name: 'Animated drawings', what: 'a drawing that moves, against one that stands still' },
  colors: { name: 'More colours', what: 'distinct paint colours' },
  elements: { name: 'More shapes', what: 'elements in the SVG' },
  bytes: { name: 'Bigger files', what: 'size of the SVG in bytes' },
  text: { name: 'More written text', what: 'characters of text the drawing shows' },
};

export function featureName(name: string): string {
  return FEATURE_TEXT[name]?.name ?? name;
}

/** Typographic minus, so "−12" does not read as a hyphen. */
const MINUS = '\u2212';

/** A whole number with its sign: "+84", "−12", "0". */
export function signed(x: number): string {
  const n = Math.round(x);
  return n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '0';
}

/** "51–117", or "−40 to +15" when a dash between signed numbers would be ambiguous. */
export function signedInterval([lo, hi]: readonly [number, number]): string {
  const [a, b] = [Math.round(lo), Math.round(hi)];
  return a >= 0 ? `${a}–${b}` : `${signed(a)} to ${signed(b)}`;
}

/**
 * How a rank moved from `from` to `to` (1 is best): ▲ places gained, ▼ places lost, = none.
 * `whose` names the second ranking in the hover text ("with style held equal").
 */
export function rankChange(from: number, to: number, whose: string): SafeHtml {
  const d = from - to;
  if (d === 0) return html`<span class="delta same" title="Same rank ${whose}">=</span>`;
  const places = Math.abs(d) === 1 ? 'place' : 'places';
  return d > 0
    ? html`<span class="delta up" title="${d} ${places} higher ${whose}">▲${d}</span>`
    : html`<span class="delta down" title="${-d} ${places} lower ${whose}">▼${-d}</span>`;
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
  const what = FEATURE_TEXT[f.name]?.what;
  return html`<li class="feature feature-${v}">
    <span class="feature-name">${featureName(f.name)}</span><span class="feature-coef">${signed(f.coef)}${f.ci ? html` <span class="feature-ci">(${signedInterval(f.ci)})</span>` : ''}</span>
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
