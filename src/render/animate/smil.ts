/**
 * SMIL at time t, written into the tree as static values: `<animate>`, `<set>`,
 * `<animateTransform>` and `<animateMotion>` (with `<mpath>`), following `values`, `keyTimes`,
 * `calcMode` (linear, discrete, paced, spline with `keySplines`), `from`/`to`/`by`, `additive`,
 * `accumulate` and the timing in timing.ts. The animation elements themselves are removed.
 */
import { CSS_PROPERTIES, INITIAL_VALUES, ownValue, setStyleProperty } from './declarations.js';
import { cubicBezier, linear, type Easing } from './easing.js';
import { formatMatrix, multiply, rotateDeg, translate, type Matrix } from './matrix.js';
import { samplePath, type PathSampler } from './path-sampling.js';
import { allElements, removeElement, type SvgElement } from './svg-tree.js';
import { TimingResolver, type SimpleTime, type TimedElement } from './timing.js';
import { addValues, interpolable, interpolateValue, valueDistance } from './values.js';

export const ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animateTransform', 'animateMotion', 'animateColor']);

/** Attributes an animation may never change (links and scripts; the sanitizer drops these too). */
export function forbiddenAnimationTarget(attr: string): boolean {
  const a = attr.trim().toLowerCase();
  return a === '' || a === 'href' || a.endsWith(':href') || a.startsWith('on') || a === 'style' || a === 'src' || !/^[a-z][a-z0-9:-]*$/.test(a);
}

/** The timing attributes of an animation element. */
export function timed(el: SvgElement): TimedElement {
  const g = (k: string) => el.attrs.get(k);
  return { id: g('id'), begin: g('begin'), end: g('end'), dur: g('dur'), repeatCount: g('repeatCount'), repeatDur: g('repeatDur'), fill: g('fill') };
}

function splitList(v: string | undefined): string[] | null {
  if (v === undefined) return null;
  const parts = v.split(';').map((s) => s.trim());
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  return parts.length ? parts : null;
}

function numberList(v: string | undefined): number[] | null {
  const parts = splitList(v);
  if (!parts) return null;
  const nums = parts.map(Number);
  return nums.every(Number.isFinite) ? nums : null;
}

/** Segment index and local progress for `p` over key times `kt` (already validated). */
function segmentAt(kt: number[], p: number): [number, number] {
  for (let i = 0; i < kt.length - 1; i++) {
    if (p < kt[i + 1] || i === kt.length - 2) {
      const span = kt[i + 1] - kt[i];
      return [i, span > 0 ? Math.min(1, Math.max(0, (p - kt[i]) / span)) : 1];
    }
  }
  return [0, 0];
}

interface Keyed {
  values: string[];
  /** For discrete: index of the value at p. For the rest: segment and eased local progress. */
  at(p: number): { i: number; f: number; discrete: boolean };
}

/** The value timeline of one animation (values, keyTimes, calcMode, keySplines), or null if invalid. */
function keyed(el: SvgElement, values: string[], distance: (a: string, b: string) => number, defaultMode: string): Keyed | null {
  let mode = el.attrs.get('calcMode')?.trim() ?? defaultMode;
  if (!['linear', 'discrete', 'paced', 'spline'].includes(mode)) mode = defaultMode;
  const n = values.length;
  if (mode !== 'discrete' && n >= 2 && !values.every((v, i) => i === 0 || interpolable(values[i - 1], v))) mode = 'discrete';
  if (n === 1) return { values, at: () => ({ i: 0, f: 0, discrete: true }) };
  let kt = numberList(el.attrs.get('keyTimes'));
  if (mode === 'paced') {
    const d: number[] = [0];
    for (let i = 1; i < n; i++) d.push(d[i - 1] + distance(values[i - 1], values[i]));
    const total = d[n - 1];
    kt = total > 0 ? d.map((x) => x / total) : values.map((_, i) => i / (n - 1));
  }
  if (mode === 'discrete') {
    if (kt && (kt.length !== n || kt[0] !== 0)) return null;
    const times = kt;
    return {
      values,
      at: (p) => {
        if (p >= 1) return { i: n - 1, f: 0, discrete: true };
        if (!times) return { i: Math.min(n - 1, Math.floor(p * n)), f: 0, discrete: true };
        let i = 0;
        while (i + 1 < n && times[i + 1] <= p) i++;
        return { i, f: 0, discrete: true };
      },
    };
  }
  if (kt && (kt.length !== n || kt[0] !== 0 || Math.abs(kt[n - 1] - 1) > 1e-9 || kt.some((x, i) => i > 0 && x < kt![i - 1]))) return null;
  const times = kt ?? values.map((_, i) => i / (n - 1));
  let easings: Easing[] = [];
  if (mode === 'spline') {
    const splines = (el.attrs.get('keySplines') ?? '').split(';').map((s) => s.trim()).filter(Boolean);
    if (splines.length !== n - 1) return null;
    for (const s of splines) {
      const c = s.split(/[\s,]+/).map(Number);
      if (c.length !== 4 || !c.every((x) => Number.isFinite(x) && x >= 0 && x <= 1)) return null;
      easings.push(cubicBezier(c[0], c[1], c[2], c[3]));
    }
  } else easings = values.slice(1).map(() => linear);
  return {
    values,
    at: (p) => {
      const [i, local] = segmentAt(times, p);
      return { i, f: easings[i](local), discrete: false };
    },
  };
}

interface Effect {
  anim: SvgElement;
  target: SvgElement;
  attr: string;
  time: SimpleTime;
  order: number;
}

/** Which element an animation targets: its `href="#id"`, else its parent. */
function targetOf(anim: SvgElement, byId: Map<string, SvgElement>): SvgElement | null {
  const href = anim.attrs.get('href');
  if (href !== undefined) return href.startsWith('#') ? byId.get(href.slice(1)) ?? null : null;
  return anim.parent;
}

function baseValue(target: SvgElement, attr: string): string {
  const own = CSS_PROPERTIES.has(attr) ? ownValue(target, attr) : target.attrs.get(attr);
  return own ?? INITIAL_VALUES[attr] ?? (attr === 'transform' ? '' : '0');
}

/** Values, from/to/by as a list, plus whether the result is added to the underlying value. */
function valueList(anim: SvgElement, base: string): { values: string[]; additive: boolean } | null {
  const a = anim.attrs;
  const values = splitList(a.get('values'));
  let additive = a.get('additive') === 'sum';
  if (values) return { values, additive };
  const from = a.get('from');
  const to = a.get('to');
  const by = a.get('by');
  if (to !== undefined) return { values: [from ?? base, to], additive: from === undefined ? false : additive };
  if (by !== undefined) {
    if (from !== undefined) return { values: [from, addValues(from, by)], additive };
    additive = true; // a by-animation adds to the underlying value
    return { values: [zeroLike(by), by], additive };
  }
  return null;
}

function zeroLike(v: string): string {
  return v.replace(/[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g, '0');
}

function transformFn(type: string, value: string): string {
  const args = value.trim().split(/[\s,]+/).filter(Boolean).map(Number);
  if (!args.every(Number.isFinite)) return '';
  return `${type}(${args.join(' ')})`;
}

function evaluate(k: Keyed, p: number): string {
  const { i, f, discrete } = k.at(p);
  if (discrete) return k.values[i];
  return interpolateValue(k.values[i], k.values[i + 1], f);
}

/** animateTransform values pad missing numbers (rotate "0" to "360 50 50"). */
function padTransformValues(values: string[]): string[] {
  const lists = values.map((v) => v.trim().split(/[\s,]+/).filter(Boolean));
  const n = Math.max(...lists.map((l) => l.length));
  return lists.map((l) => [...l, ...Array(n - l.length).fill('0')].join(' '));
}

function motionPath(anim: SvgElement, byId: Map<string, SvgElement>): PathSampler | null {
  const mpath = anim.children.find((c): c is SvgElement => typeof c !== 'string' && c.name === 'mpath');
  const ref = mpath?.attrs.get('href');
  let d: string | undefined;
  if (ref?.startsWith('#')) d = byId.get(ref.slice(1))?.attrs.get('d');
  d ??= anim.attrs.get('path');
  if (d === undefined) {
    const pts = splitList(anim.attrs.get('values')) ?? [anim.attrs.get('from'), anim.attrs.get('to')].filter((x): x is string => x !== undefined);
    if (pts.length === 0) return null;
    d = pts.map((p, i) => `${i ? 'L' : 'M'}${p}`).join(' ');
  }
  try {
    return samplePath(d);
  } catch {
    return null;
  }
}

function motionMatrix(anim: SvgElement, time: SimpleTime, byId: Map<string, SvgElement>): Matrix | null {
  const path = motionPath(anim, byId);
  if (!path) return null;
  let p = time.progress;
  const kp = numberList(anim.attrs.get('keyPoints'));
  const kt = numberList(anim.attrs.get('keyTimes'));
  if (kp && kt && kp.length === kt.length && kp.length >= 2) {
    const [i, f] = segmentAt(kt, p);
    p = anim.attrs.get('calcMode') === 'discrete' ? kp[i] : kp[i] + (kp[i + 1] - kp[i]) * f;
  }
  const pos = path.at(p * path.length);
  const rotate = anim.attrs.get('rotate')?.trim() ?? '0';
  const angle = rotate === 'auto' ? pos.angle : rotate === 'auto-reverse' ? pos.angle + 180 : Number(rotate) || 0;
  return multiply(translate(pos.x, pos.y), rotateDeg(angle));
}

/** Apply every SMIL animation at time t (seconds) to the tree, then remove the animation elements. */
export function applySmil(root: SvgElement, byId: Map<string, SvgElement>, t: number): void {
  const anims = allElements(root).filter((e) => ANIMATION_ELEMENTS.has(e.name));
  if (anims.length === 0) return;
  const timedById = new Map<string, TimedElement>();
  for (const a of anims) if (a.attrs.get('id')) timedById.set(a.attrs.get('id')!, timed(a));
  const timing = new TimingResolver(timedById);
  const effects: Effect[] = [];
  anims.forEach((anim, order) => {
    const target = targetOf(anim, byId);
    if (!target || ANIMATION_ELEMENTS.has(target.name)) return;
    const attr = anim.name === 'animateMotion' ? '#motion' : anim.name === 'animateTransform' ? 'transform' : (anim.attrs.get('attributeName') ?? '').trim();
    if (forbiddenAnimationTarget(attr === '#motion' ? 'motion' : attr)) return;
    // Browsers animate `transform` only with animateTransform; <animate attributeName="transform"> does nothing.
    if (anim.name !== 'animateTransform' && attr === 'transform') return;
    const time = timing.simpleTime(timed(anim), t);
    if (time) effects.push({ anim, target, attr, time, order });
  });
  // The sandwich: later begins on top, document order among equal begins.
  effects.sort((x, y) => x.time.begin - y.time.begin || x.order - y.order);
  const motion = new Map<SvgElement, Matrix>();
  for (const e of effects) {
    if (e.attr === '#motion') {
      const m = motionMatrix(e.anim, e.time, byId);
      if (m) motion.set(e.target, m);
      continue;
    }
    const base = baseValue(e.target, e.attr);
    const value = animatedValue(e, base);
    if (value === null) continue;
    e.target.attrs.set(e.attr, value);
    if (CSS_PROPERTIES.has(e.attr)) setStyleProperty(e.target, e.attr, value);
  }
  // Motion is applied outside the element's own transform (SVG 1.1, 19.2.12).
  for (const [target, m] of motion) {
    const own = target.attrs.get('transform') ?? '';
    target.attrs.set('transform', `${formatMatrix(m)} ${own}`.trim());
  }
  for (const a of anims) removeElement(a);
}

function animatedValue(e: Effect, base: string): string | null {
  const { anim, time } = e;
  if (anim.name === 'set') {
    const to = anim.attrs.get('to');
    return to === undefined ? null : to;
  }
  const isTransform = anim.name === 'animateTransform';
  const type = (anim.attrs.get('type') ?? 'translate').trim();
  if (isTransform && !['translate', 'scale', 'rotate', 'skewX', 'skewY'].includes(type)) return null;
  const list = valueList(anim, isTransform ? '0' : base);
  if (!list) return null;
  const values = isTransform ? padTransformValues(list.values) : list.values;
  const k = keyed(anim, values, valueDistance, anim.name === 'animateMotion' ? 'paced' : 'linear');
  if (!k) return null;
  let v = evaluate(k, time.indefinite ? 0 : time.progress);
  if (anim.attrs.get('accumulate') === 'sum' && time.iteration > 0 && !isTransform) v = addValues(v, values[values.length - 1], time.iteration);
  if (isTransform) {
    const fn = transformFn(type, v);
    if (!fn) return null;
    return list.additive ? `${base} ${fn}`.trim() : fn;
  }
  return list.additive ? addValues(base, v) : v;
}
