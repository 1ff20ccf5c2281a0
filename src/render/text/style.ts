/**
 * The text properties of an element of a sanitized drawing, as CSS computes them: the element's
 * own value (style sheet rules, style attribute, presentation attribute), else its parent's for
 * inherited properties; font sizes in px, relative units resolved against the parent.
 */
import type { SvgElement } from '../animate/svg-tree.js';
import { cascade, parseStyleSheets, type StyleSheet } from '../animate/css-sheet.js';
import { inlineStyle, ownValue } from '../animate/declarations.js';

/** Browsers' initial font size (resvg's is 12 px; drawings are judged as browsers show them). */
export const DEFAULT_FONT_SIZE = 16;
const NAMED_SIZES: Record<string, number> = { 'xx-small': 9, 'x-small': 10, small: 13, medium: 16, large: 18, 'x-large': 24, 'xx-large': 32 };

/** The text styles of a drawing's tree: its <style> elements' rules, read once. */
export function textStylesOf(elements: SvgElement[]): TextStyles {
  return new TextStyles(elements.filter((e) => e.name === 'style').map((e) => e.children.filter((c) => typeof c === 'string').join('')));
}

export class TextStyles {
  private readonly sheet: StyleSheet | null;
  private readonly sizes = new Map<SvgElement, number>();

  /** `styleTexts`: the contents of the drawing's <style> elements. */
  constructor(styleTexts: string[]) {
    this.sheet = styleTexts.length > 0 ? parseStyleSheets(styleTexts) : null;
  }

  /** The element's own declared value of a property. */
  own(el: SvgElement, prop: string): string | undefined {
    if (!this.sheet) return ownValue(el, prop)?.trim();
    const c = cascade(el, this.sheet, inlineStyle(el), (p) => p === prop).get(prop)?.value;
    return (c ?? el.attrs.get(prop))?.trim();
  }

  /** The computed value of an inherited property. */
  inherited(el: SvgElement, prop: string): string | undefined {
    for (let e: SvgElement | null = el; e; e = e.parent) {
      const v = this.own(e, prop);
      if (v !== undefined && v !== 'inherit') return v;
    }
    return undefined;
  }

  fontSize(el: SvgElement | null): number {
    if (!el) return DEFAULT_FONT_SIZE;
    const cached = this.sizes.get(el);
    if (cached !== undefined) return cached;
    const parent = () => this.fontSize(el.parent);
    const v = this.own(el, 'font-size');
    let size: number;
    if (!v || v === 'inherit') size = parent();
    else if (NAMED_SIZES[v] !== undefined) size = NAMED_SIZES[v];
    else size = length(v, parent(), parent()) ?? parent();
    if (!(size >= 0) || !Number.isFinite(size)) size = parent();
    this.sizes.set(el, size);
    return size;
  }
}

/** A CSS length in px (em and % relative to `em` and `percentOf`); undefined when unreadable. */
export function length(v: string, em: number, percentOf: number): number | undefined {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|rem|%)?$/i.exec(v.trim());
  if (!m) return undefined;
  const x = Number(m[1]);
  const unit = (m[2] ?? 'px').toLowerCase();
  const factor: Record<string, number> = { px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, em, ex: em / 2, rem: DEFAULT_FONT_SIZE, '%': percentOf / 100 };
  return x * factor[unit];
}
