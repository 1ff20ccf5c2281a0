/**
 * The text a drawing draws, as a reader meets it: runs of `<text>`/`<tspan>` placed roughly where
 * they are drawn (x/y, dx/dy, text-anchor and the translation part of transforms; glyphs taken
 * as 0.55 em wide), grouped into lines by y, ordered by x, and joined without a space when one
 * run starts where the previous one ends. So "Cla" and "ude" in two `<text>` elements side by
 * side read "Claude". A run set right to left by `unicode-bidi: bidi-override` is wrapped in
 * U+202E … U+202C, so core reads it the way it shows. Only approximate: it decides what a
 * name filter reads, it never places anything.
 */
import { allElements, type SvgElement } from '../animate/svg-tree.js';
import { textStylesOf, type TextStyles } from '../text/style.js';
import { leadingNumber, ownValue } from './element-style.js';

export interface Run {
  x: number;
  y: number;
  size: number;
  text: string;
}

export const GLYPH_EM = 0.55;

/** The translation of a transform list (scale and rotation are ignored). */
export function translation(transform: string | undefined): [number, number] {
  let x = 0;
  let y = 0;
  for (const m of (transform ?? '').matchAll(/(translate|matrix)\s*\(([^)]*)\)/g)) {
    const n = m[2].split(/[\s,]+/).filter(Boolean).map(Number);
    if (m[1] === 'translate') {
      x += n[0] || 0;
      y += n[1] || 0;
    } else if (n.length === 6) {
      x += n[4] || 0;
      y += n[5] || 0;
    }
  }
  return [x, y];
}

const first = (el: SvgElement, name: string) => leadingNumber(el.attrs.get(name)?.trim().split(/[\s,]+/)[0]);

function rightToLeftOverride(el: SvgElement, styles: TextStyles): boolean {
  return /bidi-override/i.test(styles.inherited(el, 'unicode-bidi') ?? '') && /^rtl$/i.test(styles.inherited(el, 'direction') ?? '');
}

/**
 * Runs of one `<text>`, with a pen that moves like the text's. Sizes, anchors and directions are
 * computed as the text engine computes them (style sheets, em and %, named sizes: text/style.ts).
 */
export function textRuns(text: SvgElement, origin: [number, number], runs: Run[], styles: TextStyles): void {
  const pen = { x: origin[0], y: origin[1] };
  const walk = (el: SvgElement) => {
    const x = first(el, 'x');
    const y = first(el, 'y');
    if (x !== null) pen.x = origin[0] + x;
    if (y !== null) pen.y = origin[1] + y;
    pen.x += first(el, 'dx') ?? 0;
    pen.y += first(el, 'dy') ?? 0;
    const size = styles.fontSize(el);
    for (const c of el.children) {
      if (typeof c !== 'string') {
        walk(c);
        continue;
      }
      const words = c.replace(/\s+/g, ' ');
      if (!words.trim()) {
        pen.x += words.length * GLYPH_EM * size;
        continue;
      }
      const width = words.length * GLYPH_EM * size;
      const anchor = (styles.inherited(el, 'text-anchor') ?? 'start').toLowerCase();
      const start = anchor === 'middle' ? pen.x - width / 2 : anchor === 'end' ? pen.x - width : pen.x;
      const shown = rightToLeftOverride(el, styles) ? `\u202e${words.trim()}\u202c` : words.trim();
      runs.push({ x: start + (words.length - words.trimStart().length) * GLYPH_EM * size, y: pen.y, size, text: shown });
      pen.x = start + width;
    }
  };
  walk(text);
}

/** Runs grouped into lines (close in y), each line in x order, runs that touch joined. */
function readingOrder(runs: Run[]): string {
  const lines: Run[][] = [];
  for (const run of [...runs].sort((a, b) => a.y - b.y)) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - run.y) <= 0.5 * Math.max(line[0].size, run.size)) line.push(run);
    else lines.push([run]);
  }
  return lines
    .map((line) => {
      line.sort((a, b) => a.x - b.x);
      let out = '';
      let end = -Infinity;
      for (const run of line) {
        const gap = run.x - end;
        out += out && gap > 0.3 * run.size ? ` ${run.text}` : run.text;
        end = Math.max(end, run.x + [...run.text].length * GLYPH_EM * run.size);
      }
      return out;
    })
    .join('\n');
}

/** The drawn text of a blind-form tree (hidden text is already gone), in reading order. */
export function drawnText(root: SvgElement): string {
  const runs: Run[] = [];
  const styles = textStylesOf(allElements(root));
  const walk = (el: SvgElement, offset: [number, number]) => {
    const [tx, ty] = translation(ownValue(el, 'transform'));
    const here: [number, number] = [offset[0] + tx, offset[1] + ty];
    if (el.name === 'text') return textRuns(el, here, runs, styles);
    for (const c of el.children) if (typeof c !== 'string') walk(c, here);
  };
  walk(root, [0, 0]);
  return readingOrder(runs);
}
