/**
 * What an element's own attributes and `style="…"` say about one property (the style attribute
 * wins, as in CSS, read by the frame renderer's own declaration parser: comments dropped,
 * parentheses kept whole), and the value it inherits. Stylesheet rules are not resolved here: the blind
 * form only removes what its attributes prove never draws, and keeps the rest.
 */
import { ownValue as styledValue } from '../animate/declarations.js';
import type { SvgElement } from '../animate/svg-tree.js';

/** The element's own value of a property (`style` first, then the presentation attribute), trimmed. */
export function ownValue(el: SvgElement, name: string): string | undefined {
  return styledValue(el, name)?.trim();
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
