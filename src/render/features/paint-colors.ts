/**
 * The paint colours a drawing names, each in one canonical form, so that `red`, `#f00`, `#FF0000`,
 * `rgb(255,0,0)` and `hsl(0 100% 50%)` count once. Read from the paint properties (fill, stroke,
 * stop-color, flood-color, lighting-color, color) wherever SVG lets them be written: attributes,
 * `style=""`, `<style>` sheets (rules and @keyframes alike) and SMIL animations of those
 * properties. `none`, `transparent`, `currentColor`, `inherit`, `url(#…)` and anything fully
 * transparent are not colours; a gradient counts through its stops' `stop-color`.
 * Every scan here is one pass of regular expressions that never backtrack over the rest of the
 * input: linear, whatever a stored SVG holds.
 */
import { parseColor } from '../animate/values.js';
import { CSS_NAMED_COLORS } from '../css-colors.js';

export const PAINT_PROPERTIES: ReadonlySet<string> = new Set(['fill', 'stroke', 'stop-color', 'flood-color', 'lighting-color', 'color']);

/** Elements whose from/to/values are the values of the property named by `attributeName`. */
const ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animateColor']);
const ANIMATION_VALUES = ['values', 'from', 'to'];

/** A colour token inside a property value: hex, rgb()/hsl() (with or without a), or a word. */
const COLOR_TOKEN = /#[0-9a-fA-F]+|\b(?:rgba?|hsla?)\([^()]*\)|[A-Za-z]+/g;
/** `url(#g)` up to its `)` or the next `(`: never rescans the rest of the value, so `url(url(url(…` stays linear. */
const URL_REFERENCE = /url\([^()]*\)?/gi;
/** A paint declaration in CSS text (a sheet, a style attribute): the property, then its value up to ; { or }. */
const PAINT_DECLARATION = /(?:^|[;{\s])(fill|stroke|stop-color|flood-color|lighting-color|color)\s*:([^;{}]*)/gi;
const CSS_COMMENT = /\/\*[\s\S]*?\*\//g;

const hex2 = (v: number) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0');

/**
 * One colour token in canonical form: `#rrggbb`, or `#rrggbbaa` when translucent. Null for what
 * is not a colour: keywords (none, currentColor, inherit…), unknown words, fully transparent.
 */
export function canonicalColor(token: string): string | null {
  const word = token.toLowerCase();
  // Own keys only: a fill of "constructor" is no colour.
  const named = Object.hasOwn(CSS_NAMED_COLORS, word) ? CSS_NAMED_COLORS[word] : undefined;
  // Only the table's names are colours; parseColor knows "transparent", which paints nothing.
  if (!named && /^[a-z]+$/.test(word)) return null;
  const c = parseColor(named ?? word);
  if (!c || !(c.a > 0)) return null;
  const a = Math.min(1, c.a);
  return `#${hex2(c.r)}${hex2(c.g)}${hex2(c.b)}${a < 1 ? hex2(a * 255) : ''}`;
}

/** Add the colours of one property value (`url(#g) #fff`, `red;blue` of SMIL values) to `out`. */
export function addValueColors(value: string, out: Set<string>): void {
  for (const m of value.replace(URL_REFERENCE, ' ').matchAll(COLOR_TOKEN)) {
    const c = canonicalColor(m[0]);
    if (c) out.add(c);
  }
}

/** Add the colours of every paint declaration in CSS text (a `<style>` sheet or a `style` attribute). */
export function addCssColors(css: string, out: Set<string>): void {
  for (const m of css.replace(CSS_COMMENT, ' ').matchAll(PAINT_DECLARATION)) addValueColors(m[2], out);
}

/** Add the colours one element names in its attributes: paint attributes, `style`, and SMIL animation values. */
export function addElementColors(name: string, attrs: ReadonlyArray<[string, string]>, out: Set<string>): void {
  let animatesPaint = false;
  for (const [key, value] of attrs) {
    if (PAINT_PROPERTIES.has(key)) addValueColors(value, out);
    else if (key === 'style') addCssColors(value, out);
    else if (key === 'attributeName' && PAINT_PROPERTIES.has(value.trim())) animatesPaint = true;
  }
  if (!animatesPaint || !ANIMATION_ELEMENTS.has(name)) return;
  for (const [key, value] of attrs) if (ANIMATION_VALUES.includes(key)) addValueColors(value, out);
}
