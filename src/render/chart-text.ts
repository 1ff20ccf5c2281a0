/**
 * Text measurement and layout for the charts rasterized with the renderer's bundled DejaVu Sans:
 * widths estimated per character class, on the wide side (within ~7 % of the real advance, never
 * under it by more than a pixel or two), so what is said to fit does fit.
 */
import { escapeText } from './xml-escape.js';

/** Approximate advance width in px of `s` in DejaVu Sans at `size`. */
export function textWidth(s: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch === ' ' || ch === '\u00a0') em += 0.32;
    else if (/[ijlt.,:;'!|()[\]\-]/.test(ch) || ch === 'f' || ch === 'r') em += 0.38;
    else if (/[mwMW]/.test(ch)) em += 0.96;
    else if (/[A-Z]/.test(ch)) em += 0.72;
    else if (/[a-z]/.test(ch)) em += 0.61;
    else if (ch.codePointAt(0)! >= 0x2e80) em += 1; // CJK and emoji: full width
    else em += 0.7;
  }
  return em * size * (bold ? 1.1 : 1);
}

/** The text whole when it fits `width` px at `size`, else cut with an ellipsis to fit. */
export function fitText(s: string, width: number, size: number, bold = false): string {
  const cps = [...s.replace(/\s+/g, ' ').trim()];
  if (textWidth(cps.join(''), size, bold) <= width) return cps.join('');
  while (cps.length > 1 && textWidth(`${cps.join('')}…`, size, bold) > width) cps.pop();
  return `${cps.join('').trimEnd()}…`;
}

/** Wrap at spaces to `width` px at `size` (a no-break space holds). */
export function wrapText(s: string, width: number, size: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of s.split(' ')) {
    if (cur !== '' && textWidth(`${cur} ${word}`, size) > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

export interface TextStyle {
  size: number;
  fill: string;
  weight?: 'bold';
  anchor?: 'start' | 'middle' | 'end';
}

/** One `<text>` element, its content escaped (labels come from configuration). */
export function svgText(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [`x="${fmt(x)}"`, `y="${fmt(y)}"`, `font-size="${style.size}"`, `fill="${style.fill}"`];
  if (style.weight) attrs.push(`font-weight="${style.weight}"`);
  if (style.anchor && style.anchor !== 'start') attrs.push(`text-anchor="${style.anchor}"`);
  return `<text ${attrs.join(' ')}>${escapeText(content)}</text>`;
}

/** A coordinate with at most one decimal. */
export function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}
