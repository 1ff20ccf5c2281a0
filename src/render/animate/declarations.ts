/**
 * CSS declaration blocks (`fill: red; opacity: .5 !important`) and the presentation properties
 * an SVG element can carry either as an attribute or as a style.
 */
import type { SvgElement } from './svg-tree.js';

export interface Declaration {
  prop: string;
  value: string;
  important: boolean;
}

/** Split a declaration block; parentheses (e.g. `cubic-bezier(a, b, c, d)`, `url(#x)`) stay whole. */
export function parseDeclarations(block: string): Declaration[] {
  const out: Declaration[] = [];
  let depth = 0;
  let start = 0;
  const text = block.replace(/\/\*[\s\S]*?\*\//g, '');
  const flush = (end: number) => {
    const part = text.slice(start, end);
    const colon = part.indexOf(':');
    if (colon > 0) {
      const prop = part.slice(0, colon).trim().toLowerCase();
      let value = part.slice(colon + 1).trim();
      const important = /!\s*important\s*$/i.test(value);
      if (important) value = value.replace(/!\s*important\s*$/i, '').trim();
      if (/^-?[a-z][a-z0-9-]*$/.test(prop) && value) out.push({ prop, value, important });
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      flush(i);
      start = i + 1;
    }
  }
  flush(text.length);
  return out;
}

/** Properties that are CSS (a style beats the attribute of the same name). */
export const CSS_PROPERTIES = new Set([
  'opacity', 'fill', 'fill-opacity', 'fill-rule', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stop-color', 'stop-opacity',
  'flood-color', 'flood-opacity', 'lighting-color', 'color', 'visibility', 'display', 'font-size', 'font-weight',
  'font-family', 'font-style', 'letter-spacing', 'word-spacing', 'text-anchor', 'filter', 'clip-path', 'mask',
  'mix-blend-mode', 'paint-order', 'shape-rendering',
]);

/** Geometry properties CSS may animate on SVG elements; written back as attributes. */
export const GEOMETRY_PROPERTIES = new Set(['cx', 'cy', 'r', 'rx', 'ry', 'x', 'y', 'width', 'height']);

/** Initial values of the properties models animate, for keyframes that leave them out. */
export const INITIAL_VALUES: Record<string, string> = {
  opacity: '1', 'fill-opacity': '1', 'stroke-opacity': '1', 'stop-opacity': '1', 'flood-opacity': '1',
  fill: 'black', stroke: 'none', 'stroke-width': '1', 'stroke-dashoffset': '0', 'stop-color': 'black',
  'flood-color': 'black', color: 'black', visibility: 'visible', transform: 'none', r: '0', cx: '0', cy: '0',
  x: '0', y: '0', rx: '0', ry: '0', 'font-size': '16px', 'letter-spacing': '0',
};

export function inlineStyle(el: SvgElement): Declaration[] {
  const s = el.attrs.get('style');
  return s ? parseDeclarations(s) : [];
}

/** Set (or replace) one property in the element's style attribute. */
export function setStyleProperty(el: SvgElement, prop: string, value: string): void {
  const decls = inlineStyle(el).filter((d) => d.prop !== prop);
  decls.push({ prop, value, important: false });
  el.attrs.set('style', decls.map((d) => `${d.prop}:${d.value}${d.important ? ' !important' : ''}`).join(';'));
}

/** The value of a presentation property as the element itself says it (style first, then attribute). */
export function ownValue(el: SvgElement, prop: string): string | undefined {
  const d = inlineStyle(el).filter((x) => x.prop === prop).pop();
  return d?.value ?? el.attrs.get(prop);
}
