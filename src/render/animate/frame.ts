/**
 * The frame renderer: sanitized, possibly animated SVG + time t -> a static SVG of the frame at t,
 * with SMIL and CSS animation values written in as plain attributes and inline styles (which
 * resvg draws). CSS transforms, `transform-origin` and `transform-box` are folded into one
 * matrix, because resvg reads neither CSS units in transforms nor transform-origin.
 * Input must be sanitizer output; the result goes back through the sanitizer before rasterizing.
 */
import { fillBox, indexById } from './bbox.js';
import { animatedProperties, animationsOf, iterationProgress, keyframeSegment, type CssAnimation } from './css-animations.js';
import { cascade, parseStyleSheets, type Cascaded, type StyleSheet } from './css-sheet.js';
import { GEOMETRY_PROPERTIES, INITIAL_VALUES, inlineStyle, ownValue, setStyleProperty } from './declarations.js';
import { IDENTITY, interpolateTransformLists, listMatrix, multiply, parseTransformList, translate, type Matrix } from './matrix.js';
import type { Box } from './path-sampling.js';
import { ANIMATION_ELEMENTS, applySmil, timed } from './smil.js';
import { allElements, parseSvgTree, serializeSvgTree, textContent, type SvgElement } from './svg-tree.js';
import { parseClock, TimingResolver, type TimedElement } from './timing.js';
import { interpolateValue } from './values.js';

const ANIMATION_HINT = /<(animate|animateTransform|animateMotion|animateColor|set)\b|@(-webkit-)?keyframes|animation\s*:|animation-name\s*:/;

/** Cheap check: does this SVG contain SMIL or CSS animation at all? */
export function isAnimated(svg: string): boolean {
  return ANIMATION_HINT.test(svg);
}

function styleSheetOf(root: SvgElement): StyleSheet {
  return parseStyleSheets(allElements(root).filter((e) => e.name === 'style').map(textContent));
}

function viewBoxOf(root: SvgElement): Box {
  const vb = (root.attrs.get('viewBox') ?? '').split(/[\s,]+/).map(Number);
  if (vb.length === 4 && vb.every(Number.isFinite)) return { x: 0, y: 0, width: vb[2], height: vb[3] };
  return { x: 0, y: 0, width: parseFloat(root.attrs.get('width') ?? '') || 100, height: parseFloat(root.attrs.get('height') ?? '') || 100 };
}

const BASE_PROPS = new Set(['transform', 'transform-origin', 'transform-box']);

function elementAnimations(el: SvgElement, sheet: StyleSheet, keyframeProps: Set<string>): { props: Map<string, Cascaded>; anims: CssAnimation[] } {
  const props = cascade(el, sheet, inlineStyle(el), (p) => p.startsWith('animation') || BASE_PROPS.has(p) || keyframeProps.has(p));
  const anims = animationsOf(props).filter((a) => sheet.keyframes.has(a.name));
  return { props, anims };
}

/** A `transform-origin` value resolved in the reference box. */
function resolveOrigin(value: string, box: Box): [number, number] {
  const parts = value.trim().toLowerCase().split(/\s+/);
  let x: number | null = null;
  let y: number | null = null;
  const len = (s: string, ref: number) => (s.endsWith('%') ? (parseFloat(s) / 100) * ref : parseFloat(s));
  const keywords: Record<string, ['x' | 'y' | 'both', number]> = { left: ['x', 0], right: ['x', 1], top: ['y', 0], bottom: ['y', 1], center: ['both', 0.5] };
  const pending: string[] = [];
  for (const p of parts.slice(0, 2)) {
    const k = keywords[p];
    if (k?.[0] === 'x') x = box.width * k[1];
    else if (k?.[0] === 'y') y = box.height * k[1];
    else pending.push(p);
  }
  for (const p of pending) {
    if (p === 'center') {
      if (x === null) x = box.width / 2;
      else y = box.height / 2;
    } else if (x === null && parts.indexOf(p) === 0) x = len(p, box.width);
    else y = len(p, box.height);
  }
  const ox = Number.isFinite(x) && x !== null ? x : box.width / 2;
  const oy = Number.isFinite(y) && y !== null ? y : box.height / 2;
  return [box.x + ox, box.y + oy];
}

function referenceBox(el: SvgElement, props: Map<string, Cascaded>, viewBox: Box, byId: Map<string, SvgElement>): Box {
  const kind = props.get('transform-box')?.value.trim() ?? el.attrs.get('transform-box') ?? 'view-box';
  if (kind === 'view-box') return viewBox;
  return fillBox(el, byId) ?? { x: 0, y: 0, width: 0, height: 0 };
}

function matrixCss(m: Matrix): string {
  return `matrix(${m.map((v) => (Math.abs(v) < 1e-9 ? 0 : Math.round(v * 1e6) / 1e6)).join(',')})`;
}

/** Write the element's final transform: CSS (animated or static) over the attribute, about its origin. */
function finalizeTransform(el: SvgElement, props: Map<string, Cascaded>, animated: { from: string; to: string; progress: number } | null, viewBox: Box, byId: Map<string, SvgElement>): void {
  const cssValue = props.get('transform')?.value;
  const originValue = props.get('transform-origin')?.value ?? el.attrs.get('transform-origin');
  if (!animated && cssValue === undefined && originValue === undefined) return;
  let box: Box | null = null;
  const getBox = () => (box ??= referenceBox(el, props, viewBox, byId));
  let m: Matrix | null = null;
  if (animated) {
    const a = parseTransformList(animated.from, true, getBox());
    const b = parseTransformList(animated.to, true, getBox());
    if (a && b) m = interpolateTransformLists(a, b, animated.progress);
  }
  if (!m && cssValue !== undefined) {
    const list = parseTransformList(cssValue, true, getBox());
    if (list) m = listMatrix(list);
  }
  const fromCss = m !== null;
  if (!m) {
    const attr = el.attrs.get('transform');
    if (attr === undefined) return;
    const list = parseTransformList(attr);
    if (!list) return;
    m = listMatrix(list);
  }
  if (originValue !== undefined) {
    const [ox, oy] = resolveOrigin(originValue, getBox());
    m = multiply(multiply(translate(ox, oy), m), translate(-ox, -oy));
  }
  if (m.every((v, i) => Math.abs(v - IDENTITY[i]) < 1e-12)) el.attrs.delete('transform');
  else el.attrs.set('transform', matrixCss(m).replace(/,/g, ' '));
  el.attrs.delete('transform-origin');
  // A stylesheet transform would beat the attribute in resvg too: say the same thing inline.
  if (fromCss || cssValue !== undefined) setStyleProperty(el, 'transform', m.every((v, i) => v === IDENTITY[i]) ? 'none' : matrixCss(m));
}

/** The static SVG of the frame at t seconds. */
export function frameSvg(svg: string, t: number): string {
  const root = parseSvgTree(svg);
  const byId = indexById(root);
  applySmil(root, byId, t);
  const sheet = styleSheetOf(root);
  const viewBox = viewBoxOf(root);
  const keyframeProps = new Set<string>();
  for (const frames of sheet.keyframes.values()) for (const f of frames) for (const d of f.declarations) keyframeProps.add(d.prop);
  for (const el of allElements(root)) {
    if (el === root || el.name === 'style') continue;
    const { props, anims } = elementAnimations(el, sheet, keyframeProps);
    let transform: { from: string; to: string; progress: number } | null = null;
    for (const a of anims) {
      const p = iterationProgress(a, t);
      if (p === null) continue;
      const frames = sheet.keyframes.get(a.name)!;
      for (const prop of animatedProperties(sheet, [a])) {
        if (prop.startsWith('animation') || prop === 'transform-origin' || prop === 'transform-box') continue;
        const underlying = props.get(prop)?.value ?? (prop === 'transform' ? el.attrs.get('transform') ?? 'none' : ownValue(el, prop) ?? INITIAL_VALUES[prop] ?? '0');
        const seg = keyframeSegment(frames, prop, p, a.easing, underlying);
        if (!seg) continue;
        if (prop === 'transform') {
          transform = seg;
          continue;
        }
        const value = interpolateValue(seg.from, seg.to, seg.progress);
        if (GEOMETRY_PROPERTIES.has(prop)) el.attrs.set(prop, value.replace(/px$/, ''));
        else setStyleProperty(el, prop, value);
      }
    }
    finalizeTransform(el, props, transform, viewBox, byId);
  }
  return serializeSvgTree(root);
}

export interface Timeline {
  /** Periods (seconds) of the animations that repeat forever. */
  periods: number[];
  /** When the last finite animation ends (seconds), 0 when none. */
  lastEnd: number;
  /** Some animation begins when another begins or ends (`begin="a.end"`): a story told in order. */
  chained?: boolean;
}

/** Begins that name another animation (`a.end`, `b.begin+1s`), as opposed to plain offsets and events. */
const SYNCBASE = /(^|;)\s*[A-Za-z_][\w.-]*?\.(begin|end)\b/;

/** What repeats and what ends, to choose which times a GIF samples. */
export function timelineOf(svg: string): Timeline {
  const root = parseSvgTree(svg);
  const periods: number[] = [];
  let lastEnd = 0;
  let chained = false;
  const anims = allElements(root).filter((el) => ANIMATION_ELEMENTS.has(el.name));
  const byId = new Map<string, TimedElement>();
  for (const el of anims) if (el.attrs.get('id')) byId.set(el.attrs.get('id')!, timed(el));
  // The same resolver the frames use, so a chain (b begins at a.end) ends where the frames say.
  const resolver = new TimingResolver(byId);
  for (const el of anims) {
    const first = resolver.interval(timed(el), 0);
    if (!first) continue; // begins only on an event: never seen in a frame
    const begin = Math.max(0, first.begin);
    chained ||= SYNCBASE.test(el.attrs.get('begin') ?? '');
    const dur = parseClock(el.attrs.get('dur'));
    const rc = el.attrs.get('repeatCount')?.trim();
    if (dur !== null && dur > 0 && (rc === 'indefinite' || el.attrs.get('repeatDur')?.trim() === 'indefinite')) {
      periods.push(dur);
      lastEnd = Math.max(lastEnd, begin);
    } else lastEnd = Math.max(lastEnd, Number.isFinite(first.end) ? first.end : begin);
  }
  const sheet = styleSheetOf(root);
  if (sheet.keyframes.size > 0) {
    const keyframeProps = new Set<string>();
    for (const el of allElements(root)) {
      if (el.name === 'style') continue;
      for (const a of elementAnimations(el, sheet, keyframeProps).anims) {
        if (a.duration <= 0) continue;
        if (a.iterations === Infinity) periods.push(a.direction.startsWith('alternate') ? 2 * a.duration : a.duration);
        else lastEnd = Math.max(lastEnd, Math.max(0, a.delay) + a.duration * a.iterations);
      }
    }
  }
  return { periods, lastEnd, chained };
}
