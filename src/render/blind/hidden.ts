/**
 * Elements that never draw: `display="none"`, `visibility="hidden"` with nothing made visible
 * inside, zero opacity, text with no paint or no size, the children of a `<switch>` that are
 * never chosen, empty groups. They carry nothing a voter sees, so the blind form drops them,
 * except what an animation can reveal (an `<animate>`/`<set>` of display, visibility, opacity or
 * paint on it or inside it, or a CSS animation that may act on it).
 */
import { allElements, textContent, type SvgElement } from '../animate/svg-tree.js';
import { inheritedValue, leadingNumber, ownValue } from './element-style.js';
import { animationTarget, detachAll, elementsById } from './references.js';

const GRAPHICS = new Set(['g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'textPath', 'use', 'image', 'svg', 'switch']);
const ANIMATIONS = new Set(['animate', 'set', 'animateTransform', 'animateMotion']);
/** Properties whose animation can make a hidden element draw. */
const REVEALING = new Set(['display', 'visibility', 'opacity', 'fill', 'fill-opacity', 'stroke', 'stroke-opacity', 'stroke-width', 'font-size', 'font']);
const CSS_REVEAL = /@(?:-webkit-)?keyframes[\s\S]*(?:display|visibility|opacity|fill|stroke|font)/i;

interface Revealers {
  /** Elements an SMIL animation of a revealing property acts on. */
  smil: Set<SvgElement>;
  /** Whether a stylesheet animates a revealing property (then anything CSS can select may show). */
  css: boolean;
}

function findRevealers(root: SvgElement): Revealers {
  const byId = elementsById(root);
  const smil = new Set<SvgElement>();
  for (const e of allElements(root)) {
    if (!ANIMATIONS.has(e.name)) continue;
    const property = (e.attrs.get('attributeName') ?? '').trim().toLowerCase();
    const target = animationTarget(e, byId);
    if (target && REVEALING.has(property)) smil.add(target);
  }
  const css = allElements(root).some((e) => e.name === 'style' && CSS_REVEAL.test(textContent(e)));
  return { smil, css };
}

/** Whether an animation may change this element or something inside it so that it draws. */
function revealable(el: SvgElement, r: Revealers): boolean {
  return allElements(el).some((e) => r.smil.has(e) || (r.css && (e.attrs.has('class') || e.attrs.has('id') || /animation/i.test(e.attrs.get('style') ?? ''))));
}

const ZERO = (v: string | undefined) => leadingNumber(v) === 0;
const NO_PAINT = (v: string | undefined) => v !== undefined && /^(none|transparent)$/i.test(v.trim());

/** Whether the element's own attributes (and inherited ones, for text) say it never draws. */
function neverDraws(el: SvgElement): boolean {
  if (!GRAPHICS.has(el.name)) return false;
  if (ownValue(el, 'display')?.toLowerCase() === 'none') return true;
  if (ZERO(ownValue(el, 'opacity'))) return true;
  if (/^(hidden|collapse)$/i.test(ownValue(el, 'visibility') ?? '') && !allElements(el).some((e) => /^visible$/i.test(ownValue(e, 'visibility') ?? ''))) return true;
  if (el.name === 'text' || el.name === 'tspan' || el.name === 'textPath') return textNeverDraws(el);
  return false;
}

/** Text with no fill and no stroke, or no size, draws nothing. */
function textNeverDraws(el: SvgElement): boolean {
  if (ZERO(inheritedValue(el, 'font-size'))) return true;
  const noFill = NO_PAINT(inheritedValue(el, 'fill')) || ZERO(inheritedValue(el, 'fill-opacity'));
  const stroke = inheritedValue(el, 'stroke');
  const noStroke = stroke === undefined || NO_PAINT(stroke) || ZERO(inheritedValue(el, 'stroke-opacity')) || ZERO(inheritedValue(el, 'stroke-width'));
  const paintedInside = allElements(el).some((e) => e !== el && ['fill', 'stroke'].some((p) => ownValue(e, p) !== undefined && !NO_PAINT(ownValue(e, p))));
  return noFill && noStroke && !paintedInside;
}

/** A `<switch>` draws its first child whose conditions hold; after an unconditional child, none of the rest ever does. */
function unchosenSwitchChildren(sw: SvgElement): SvgElement[] {
  const kids = sw.children.filter((c): c is SvgElement => typeof c !== 'string');
  const first = kids.findIndex((k) => !['requiredFeatures', 'requiredExtensions', 'systemLanguage'].some((a) => k.attrs.has(a)));
  return first < 0 ? [] : kids.slice(first + 1);
}

/** Elements `<textPath>`/`<mpath>` use for their shape: they stay even when they are not drawn themselves. */
function shapeSources(root: SvgElement, byId: Map<string, SvgElement>): Set<SvgElement> {
  const out = new Set<SvgElement>();
  for (const e of allElements(root)) {
    const href = e.attrs.get('href') ?? '';
    if ((e.name === 'textPath' || e.name === 'mpath') && href.startsWith('#')) {
      const t = byId.get(href.slice(1));
      if (t) out.add(t);
    }
  }
  return out;
}

/** Drop every element that never draws (see the file comment), outermost first. */
export function removeHiddenElements(root: SvgElement): void {
  const r = findRevealers(root);
  const keepShape = shapeSources(root, elementsById(root));
  const gone: SvgElement[] = [];
  const walk = (el: SvgElement) => {
    const unchosen = el.name === 'switch' ? new Set(unchosenSwitchChildren(el)) : null;
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (unchosen?.has(c) || (neverDraws(c) && !keepShape.has(c) && !revealable(c, r))) gone.push(c);
      else walk(c);
    }
  };
  walk(root);
  detachAll(gone);
}

/** Containers and text left with nothing inside draw nothing. */
const EMPTY_WHEN_CHILDLESS = new Set(['g', 'defs', 'switch', 'text', 'tspan', 'textPath', 'symbol']);

/** Drop empty groups and blank text, innermost first (a group of empty groups goes too). */
export function removeEmptyContainers(root: SvgElement): void {
  // Returns whether `el` is empty; a parent filters its empty children in one pass.
  const walk = (el: SvgElement): boolean => {
    const emptyKids = new Set<SvgElement>();
    for (const c of el.children) if (typeof c !== 'string' && walk(c)) emptyKids.add(c);
    if (emptyKids.size > 0) detachAll(emptyKids);
    if (el === root || !EMPTY_WHEN_CHILDLESS.has(el.name)) return false;
    const isText = el.name === 'text' || el.name === 'tspan' || el.name === 'textPath';
    return el.children.every((c) => typeof c === 'string' && (!isText || c.trim() === ''));
  };
  walk(root);
}
