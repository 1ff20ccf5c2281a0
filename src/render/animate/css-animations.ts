/**
 * CSS animations at time t: the `animation` shorthand and `animation-*` longhands, `@keyframes`
 * with per-keyframe timing functions, delay (negative too), iteration count, direction and
 * fill mode, as Web Animations computes them. Yields, per element, the animated value of each
 * property (transforms already as matrices' source lists).
 */
import type { Cascaded, Keyframe, StyleSheet } from './css-sheet.js';
import { parseCssEasing, type Easing } from './easing.js';

export interface CssAnimation {
  name: string;
  /** Seconds. */
  duration: number;
  delay: number;
  easing: Easing;
  iterations: number;
  direction: 'normal' | 'reverse' | 'alternate' | 'alternate-reverse';
  fill: 'none' | 'forwards' | 'backwards' | 'both';
}

const DIRECTIONS = new Set(['normal', 'reverse', 'alternate', 'alternate-reverse']);
const FILLS = new Set(['none', 'forwards', 'backwards', 'both']);
const EASING_WORDS = /^(linear|ease|ease-in|ease-out|ease-in-out|step-start|step-end|(cubic-bezier|steps|linear)\(.*\))$/i;

/** Split on commas or whitespace outside parentheses. */
function splitTop(s: string, sep: ',' | ' '): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && (sep === ',' ? c === ',' : /\s/.test(c))) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

function time(s: string): number | null {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+))(ms|s)$/i.exec(s.trim());
  if (!m) return null;
  return m[2].toLowerCase() === 'ms' ? Number(m[1]) / 1000 : Number(m[1]);
}

interface Partial {
  name?: string;
  duration?: number;
  delay?: number;
  easing?: string;
  iterations?: number;
  direction?: CssAnimation['direction'];
  fill?: CssAnimation['fill'];
}

function parseShorthandItem(item: string): Partial {
  const out: Partial = {};
  for (const tok of splitTop(item, ' ')) {
    const t = tok.toLowerCase();
    const secs = time(t);
    if (secs !== null) {
      if (out.duration === undefined) out.duration = secs;
      else out.delay = secs;
    } else if (EASING_WORDS.test(t) && out.easing === undefined) out.easing = t;
    else if (t === 'infinite' || /^\d*\.?\d+$/.test(t)) out.iterations = t === 'infinite' ? Infinity : Number(t);
    else if (DIRECTIONS.has(t) && out.direction === undefined) out.direction = t as CssAnimation['direction'];
    else if (FILLS.has(t) && t !== 'none' && out.fill === undefined) out.fill = t as CssAnimation['fill'];
    else if (t === 'running' || t === 'paused') continue;
    else if (out.name === undefined) out.name = tok.replace(/^["']|["']$/g, '');
  }
  return out;
}

/** The element's animations from its cascaded `animation` and `animation-*` values. */
export function animationsOf(props: Map<string, Cascaded>): CssAnimation[] {
  const short = props.get('animation');
  const items: Partial[] = short ? splitTop(short.value, ',').map(parseShorthandItem) : [];
  const longhand = <K extends keyof Partial>(prop: string, key: K, parse: (s: string) => Partial[K] | undefined) => {
    const c = props.get(prop);
    if (!c || (short && short.rank > c.rank)) return;
    const list = splitTop(c.value, ',');
    if (items.length === 0 && key === 'name') list.forEach(() => items.push({}));
    items.forEach((it, i) => {
      it[key] = parse(list[i % list.length]);
    });
  };
  longhand('animation-name', 'name', (s) => s.replace(/^["']|["']$/g, ''));
  longhand('animation-duration', 'duration', (s) => time(s) ?? undefined);
  longhand('animation-delay', 'delay', (s) => time(s) ?? undefined);
  longhand('animation-timing-function', 'easing', (s) => s);
  longhand('animation-iteration-count', 'iterations', (s) => (s.trim() === 'infinite' ? Infinity : Number(s)));
  longhand('animation-direction', 'direction', (s) => (DIRECTIONS.has(s.trim()) ? (s.trim() as CssAnimation['direction']) : undefined));
  longhand('animation-fill-mode', 'fill', (s) => (FILLS.has(s.trim()) ? (s.trim() as CssAnimation['fill']) : undefined));
  return items
    .filter((it) => it.name && it.name !== 'none')
    .map((it) => ({
      name: it.name!,
      duration: Math.max(0, it.duration ?? 0),
      delay: it.delay ?? 0,
      easing: parseCssEasing(it.easing ?? 'ease'),
      iterations: it.iterations !== undefined && it.iterations >= 0 && !Number.isNaN(it.iterations) ? it.iterations : 1,
      direction: it.direction ?? 'normal',
      fill: it.fill ?? 'none',
    }));
}

/** Progress within the current iteration at time t (after direction), or null when not in effect. */
export function iterationProgress(a: CssAnimation, t: number): number | null {
  const local = t - a.delay;
  const active = a.duration * a.iterations;
  let overall: number;
  if (local < 0) {
    if (a.fill !== 'backwards' && a.fill !== 'both') return null;
    overall = 0;
  } else if (local >= active) {
    if (a.fill !== 'forwards' && a.fill !== 'both') return null;
    overall = a.iterations;
  } else {
    overall = a.duration > 0 ? local / a.duration : 0;
  }
  let iteration = Math.floor(overall);
  let p = overall - iteration;
  if (p === 0 && overall > 0 && local >= active) {
    // At the very end of the active interval the last iteration is complete, not restarted.
    iteration -= 1;
    p = 1;
  }
  const reversed =
    a.direction === 'reverse' || (a.direction === 'alternate' && iteration % 2 === 1) || (a.direction === 'alternate-reverse' && iteration % 2 === 0);
  return reversed ? 1 - p : p;
}

export interface KeyframeSegment {
  from: string;
  to: string;
  /** Eased progress between them. */
  progress: number;
}

/**
 * Where property `prop` is in `frames` at iteration progress p. `underlying` fills in missing
 * 0% and 100% keyframes, as CSS does.
 */
export function keyframeSegment(frames: Keyframe[], prop: string, p: number, easing: Easing, underlying: string): KeyframeSegment | null {
  const withProp = frames
    .map((f, i) => ({ f, i, d: f.declarations.filter((d) => d.prop === prop).pop() }))
    .filter((x) => x.d)
    .sort((x, y) => x.f.offset - y.f.offset || x.i - y.i)
    .map((x) => ({ offset: x.f.offset, value: x.d!.value, easing: x.f.declarations.filter((d) => d.prop === 'animation-timing-function').pop()?.value }));
  if (withProp.length === 0) return null;
  if (withProp[0].offset > 0) withProp.unshift({ offset: 0, value: underlying, easing: undefined });
  if (withProp[withProp.length - 1].offset < 1) withProp.push({ offset: 1, value: underlying, easing: undefined });
  let i = 0;
  while (i < withProp.length - 2 && withProp[i + 1].offset <= p) i++;
  const a = withProp[i];
  const b = withProp[i + 1];
  const span = b.offset - a.offset;
  const local = span > 0 ? Math.min(1, Math.max(0, (p - a.offset) / span)) : 1;
  const ease = a.easing ? parseCssEasing(a.easing) : easing;
  return { from: a.value, to: b.value, progress: ease(local) };
}

/** Properties the keyframes of these animations touch. */
export function animatedProperties(sheet: StyleSheet, anims: CssAnimation[]): Set<string> {
  const out = new Set<string>();
  for (const a of anims) {
    for (const f of sheet.keyframes.get(a.name) ?? []) for (const d of f.declarations) if (d.prop !== 'animation-timing-function') out.add(d.prop);
  }
  return out;
}
