/**
 * What an element's own attributes and `style="…"` say about one property (the style attribute
 * wins, as in CSS), and the value it inherits. Stylesheet rules are not resolved here: the blind
 * form only removes what its attributes prove never draws, and keeps the rest.
 */
import type { SvgElement } from '../animate/svg-tree.js';

/** `a: b; c: d` -> Map { a => b, c => d }, names lower-cased, `!important` dropped. */
export function parseDeclarations(style: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon < 0) continue;
    const name = part.slice(0, colon).trim().toLowerCase();
    const value = part.slice(colon + 1).replace(/!\s*important/i, '').trim();
    if (name) out.set(name, value);
  }
  return out;
}

/** The element's own value of a property: `style` first, then the presentation attribute. */
export function ownValue(el: SvgElement, name: string): string | undefined {
  const style = el.attrs.get('style');
  if (style !== undefined && style.includes(name)) {
    const v = parseDeclarations(style).get(name);
    if (v !== undefined) return v;
  }
  return el.attrs.get(name)?.trim();
}

/** The value of an inherited property (fill, stroke, visibility, font-size…), or undefined for the initial one. */
export function inheritedValue(el: SvgElement, name: string): string | undefined {
  for (let e: SvgElement | null = el; e; e = e.parent) {
    const v = ownValue(e, name);
    if (v !== undefined && v !== 'inherit') return v;
  }
  return undefined;
}

/** A number at the start of a value (`0`, `0.0`, `12px`), or null. */
export function leadingNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(%?)/i.exec(value);
  if (!m) return null;
  const n = Number(m[1]);
  return m[2] === '%' ? n / 100 : n;
}
