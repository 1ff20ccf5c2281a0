/**
 * Text placed outside the picture (`x="-9999"`) draws nothing a voter sees, yet a voter reading
 * the SVG would read it. Removed when its place is certain: the text and its ancestors are plain
 * groups moved only by translations, and no animation can move or reveal it. Whatever is
 * uncertain (rotated, scaled, animated, inside a pattern or symbol) stays.
 */
import { allElements, type SvgElement } from '../animate/svg-tree.js';
import { textStylesOf } from '../text/style.js';
import { GLYPH_EM, textRuns, translation, type Run } from './drawn-text.js';
import { ownValue } from './element-style.js';
import { detachAll } from './references.js';

/** Containers whose children are drawn in the root's coordinates (after translations). */
const PLAIN = new Set(['g', 'switch']);
const ONLY_TRANSLATE = /^\s*(?:translate\s*\([^)]*\)\s*)*$/;
const MOTION = new Set(['animate', 'set', 'animateTransform', 'animateMotion']);

/**
 * The part of user space the picture can show: the viewBox, widened on every side by the room a
 * root size of another aspect leaves around it (whatever preserveAspectRatio aligns).
 */
function visibleArea(root: SvgElement): [number, number, number, number] | null {
  const vb = (root.attrs.get('viewBox') ?? '').trim().split(/[\s,]+/).map(Number);
  if (vb.length !== 4 || !vb.every(Number.isFinite) || vb[2] <= 0 || vb[3] <= 0) return null;
  const [x, y, w, h] = vb;
  const width = Number(root.attrs.get('width'));
  const height = Number(root.attrs.get('height'));
  if (!(width > 0 && height > 0)) return null;
  const scale = Math.min(width / w, height / h);
  const extraX = width / scale - w;
  const extraY = height / scale - h;
  return [x - extraX, y - extraY, w + 2 * extraX, h + 2 * extraY];
}

/** The translation of a text's place, or null when it is not certain (see the file comment). */
function certainOrigin(text: SvgElement, root: SvgElement): [number, number] | null {
  let x = 0;
  let y = 0;
  for (let e: SvgElement | null = text; e && e !== root; e = e.parent) {
    if (e !== text && !PLAIN.has(e.name)) return null;
    const transform = ownValue(e, 'transform');
    if (transform !== undefined && !ONLY_TRANSLATE.test(transform)) return null;
    if (e.attrs.has('class') || e.attrs.has('id') || /animation/i.test(e.attrs.get('style') ?? '')) return null; // CSS may move it
    const [tx, ty] = translation(transform);
    x += tx;
    y += ty;
  }
  return allElements(text).some((e) => MOTION.has(e.name)) ? null : [x, y];
}

function outside(run: Run, [vx, vy, vw, vh]: [number, number, number, number]): boolean {
  const width = [...run.text].length * GLYPH_EM * run.size;
  const margin = 2 * run.size; // generous: widths are estimates
  return run.x + width < vx - margin || run.x > vx + vw + margin || run.y < vy - margin || run.y - run.size > vy + vh + margin;
}

/** Remove `<text>` elements all of whose runs certainly lie outside the viewBox. */
export function removeOffCanvasText(root: SvgElement): void {
  const box = visibleArea(root);
  if (!box || allElements(root).some((e) => MOTION.has(e.name) && e.attrs.has('href'))) return; // an animation aimed from afar
  const gone: SvgElement[] = [];
  const styles = textStylesOf(allElements(root));
  for (const text of allElements(root)) {
    if (text.name !== 'text') continue;
    const origin = certainOrigin(text, root);
    if (!origin) continue;
    const runs: Run[] = [];
    textRuns(text, origin, runs, styles);
    if (runs.length > 0 && runs.every((r) => outside(r, box))) gone.push(text);
  }
  detachAll(gone);
}
