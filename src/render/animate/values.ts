/**
 * Interpolating attribute and property values the way browsers do for the values models animate:
 * numbers with units, number lists, path data and point lists with the same shape (numbers change,
 * the commands between them do not), and colours. Anything else switches discretely at the
 * halfway point.
 */
import { CSS_NAMED_COLORS } from '../css-colors.js';

const NUMBER = /[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/g;

/** A value as its numbers plus the text around them ("M", ",", " L", "px" …). */
export interface NumericShape {
  numbers: number[];
  /** numbers.length + 1 pieces of text, whitespace and commas normalized. */
  glue: string[];
}

function normalizeGlue(s: string): string {
  return s.replace(/[\s,]+/g, (m) => (m.includes(',') ? ',' : ' '));
}

export function numericShape(value: string): NumericShape {
  const numbers: number[] = [];
  const glue: string[] = [];
  let last = 0;
  for (const m of value.matchAll(NUMBER)) {
    glue.push(value.slice(last, m.index));
    numbers.push(Number(m[0]));
    last = m.index! + m[0].length;
  }
  glue.push(value.slice(last));
  return { numbers, glue };
}

function sameGlue(a: NumericShape, b: NumericShape): boolean {
  if (a.glue.length !== b.glue.length) return false;
  for (let i = 0; i < a.glue.length; i++) {
    const x = normalizeGlue(a.glue[i]).trim();
    const y = normalizeGlue(b.glue[i]).trim();
    if (x !== y && !(isSeparator(x) && isSeparator(y))) return false;
  }
  return true;
}

function isSeparator(s: string): boolean {
  return s === '' || s === ',';
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(n * 1e4) / 1e4;
  return Object.is(r, -0) ? '0' : String(r);
}

export function joinShape(shape: NumericShape, numbers: number[]): string {
  let s = shape.glue[0];
  for (let i = 0; i < numbers.length; i++) {
    // A number right after another one needs a separator, or "1" "2" becomes "12".
    s += formatNumber(numbers[i]) + (shape.glue[i + 1] === '' && i + 1 < numbers.length ? ' ' : shape.glue[i + 1]);
  }
  return s;
}

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}


export function parseColor(value: string): Rgba | null {
  const s = value.trim().toLowerCase();
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  // Every CSS colour name (a model writes "mediumseagreen" as often as "green"); own keys only, so "constructor" is no colour.
  const hex = Object.hasOwn(CSS_NAMED_COLORS, s) ? CSS_NAMED_COLORS[s] : s;
  let m = /^#([0-9a-f]{3,8})$/.exec(hex);
  if (m) {
    const h = m[1];
    if (h.length === 3 || h.length === 4) {
      const [r, g, b, a] = [...h].map((c) => parseInt(c + c, 16));
      return { r, g, b, a: h.length === 4 ? a / 255 : 1 };
    }
    if (h.length === 6 || h.length === 8) {
      return { r: parseInt(h.slice(0, 2), 16), g: parseInt(h.slice(2, 4), 16), b: parseInt(h.slice(4, 6), 16), a: h.length === 8 ? parseInt(h.slice(6, 8), 16) / 255 : 1 };
    }
    return null;
  }
  m = /^rgba?\(\s*([^)]*)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const ch = (p: string) => (p.endsWith('%') ? (Number(p.slice(0, -1)) * 255) / 100 : Number(p));
    const a = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? Number(parts[3].slice(0, -1)) / 100 : Number(parts[3]);
    const c = { r: ch(parts[0]), g: ch(parts[1]), b: ch(parts[2]), a };
    return [c.r, c.g, c.b, c.a].every(Number.isFinite) ? c : null;
  }
  m = /^hsla?\(\s*([^)]*)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length < 3) return null;
    const h = (((parseFloat(parts[0]) % 360) + 360) % 360) / 360;
    const sat = parseFloat(parts[1]) / 100;
    const l = parseFloat(parts[2]) / 100;
    const a = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    const q = l < 0.5 ? l * (1 + sat) : l + sat - l * sat;
    const p = 2 * l - q;
    const hue = (t: number) => {
      const u = t < 0 ? t + 1 : t > 1 ? t - 1 : t;
      if (u < 1 / 6) return p + (q - p) * 6 * u;
      if (u < 1 / 2) return q;
      if (u < 2 / 3) return p + (q - p) * (2 / 3 - u) * 6;
      return p;
    };
    const c = { r: hue(h + 1 / 3) * 255, g: hue(h) * 255, b: hue(h - 1 / 3) * 255, a };
    return [c.r, c.g, c.b, c.a].every(Number.isFinite) ? c : null;
  }
  return null;
}

export function formatColor(c: Rgba): string {
  const ch = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  const a = Math.max(0, Math.min(1, c.a));
  return a >= 1 ? `rgb(${ch(c.r)},${ch(c.g)},${ch(c.b)})` : `rgba(${ch(c.r)},${ch(c.g)},${ch(c.b)},${formatNumber(a)})`;
}

/** Colours interpolate in premultiplied sRGB, as CSS does. */
function mixColors(a: Rgba, b: Rgba, p: number): Rgba {
  const alpha = a.a + (b.a - a.a) * p;
  if (alpha <= 0) return { r: 0, g: 0, b: 0, a: 0 };
  const ch = (x: number, y: number) => (x * a.a + (y * b.a - x * a.a) * p) / alpha;
  return { r: ch(a.r, b.r), g: ch(a.g, b.g), b: ch(a.b, b.b), a: alpha };
}

/** Can these two values be interpolated (rather than switched)? */
export function interpolable(a: string, b: string): boolean {
  if (parseColor(a) && parseColor(b)) return true;
  const sa = numericShape(a);
  const sb = numericShape(b);
  return sa.numbers.length > 0 && sa.numbers.length === sb.numbers.length && sameGlue(sa, sb);
}

/** The value at progress p between a and b (p may leave [0, 1] with overshooting easings). */
export function interpolateValue(a: string, b: string, p: number): string {
  const ca = parseColor(a);
  const cb = parseColor(b);
  if (ca && cb) return formatColor(mixColors(ca, cb, p));
  const sa = numericShape(a);
  const sb = numericShape(b);
  if (sa.numbers.length > 0 && sa.numbers.length === sb.numbers.length && sameGlue(sa, sb)) {
    return joinShape(sa, sa.numbers.map((x, i) => x + (sb.numbers[i] - x) * p));
  }
  return p < 0.5 ? a : b;
}

/** a + b for additive and cumulative animation: colours add channels, numbers add pairwise. */
export function addValues(a: string, b: string, times = 1): string {
  const ca = parseColor(a);
  const cb = parseColor(b);
  if (ca && cb) return formatColor({ r: ca.r + cb.r * times, g: ca.g + cb.g * times, b: ca.b + cb.b * times, a: Math.min(1, ca.a + cb.a * times) });
  const sa = numericShape(a);
  const sb = numericShape(b);
  if (sa.numbers.length === 0 || sb.numbers.length === 0) return b;
  const n = Math.max(sa.numbers.length, sb.numbers.length);
  const shape = sa.numbers.length >= sb.numbers.length ? sa : sb;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((sa.numbers[i] ?? 0) + (sb.numbers[i] ?? 0) * times);
  return joinShape(shape, out);
}

/** Distance between two values, for calcMode="paced". */
export function valueDistance(a: string, b: string): number {
  const ca = parseColor(a);
  const cb = parseColor(b);
  if (ca && cb) return Math.hypot(ca.r - cb.r, ca.g - cb.g, ca.b - cb.b);
  const na = numericShape(a).numbers;
  const nb = numericShape(b).numbers;
  let sum = 0;
  for (let i = 0; i < Math.max(na.length, nb.length); i++) sum += ((na[i] ?? 0) - (nb[i] ?? 0)) ** 2;
  return Math.sqrt(sum);
}
