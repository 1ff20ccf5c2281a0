/**
 * A shaped line as SVG elements: its glyphs' outlines baked into one path (user units, so a stroke
 * keeps its width, as a stroked <text> has), and its emoji as groups of Twemoji shapes.
 */
import type { SvgElement } from '../animate/svg-tree.js';
import { EMOJI_GRID, emojiShapes } from './emoji.js';
import { EMOJI_ADVANCE_EM, EMOJI_SIZE_EM, EMOJI_TOP_EM, type ShapedLine } from './shape.js';

const n = (v: number) => String(Math.round(v * 100) / 100);

function element(name: string, attrs: Array<[string, string]>, children: SvgElement[] = []): SvgElement {
  return { name, attrs: new Map(attrs), children, parent: null };
}

/** The path data of a line whose start is at (x, y), y being its alphabetic baseline. */
export function linePath(line: ShapedLine, x: number, y: number, size: number): string {
  const parts: string[] = [];
  for (const g of line.glyphs) {
    const s = size / g.face.upem;
    const ox = x + g.x;
    const oy = y + g.y;
    for (const c of g.face.outline(g.gid)) {
      const v = c.values;
      const pts: string[] = [];
      for (let i = 0; i + 1 < v.length; i += 2) pts.push(`${n(ox + v[i] * s)} ${n(oy - v[i + 1] * s)}`);
      parts.push(c.type + pts.join(' '));
    }
  }
  return parts.join('');
}

/** The line as elements: one path for its glyphs, then a group per emoji (scaled from Twemoji's grid). */
export function lineElements(line: ShapedLine, x: number, y: number, size: number): SvgElement[] {
  const out: SvgElement[] = [];
  const d = linePath(line, x, y, size);
  if (d) out.push(element('path', [['d', d]]));
  const scale = Math.round(((EMOJI_SIZE_EM * size) / EMOJI_GRID) * 10000) / 10000;
  for (const e of line.emoji) {
    const left = x + e.x + ((EMOJI_ADVANCE_EM - EMOJI_SIZE_EM) * size) / 2;
    const transform = `translate(${n(left)} ${n(y - EMOJI_TOP_EM * size)}) scale(${scale})`;
    // stroke="none": a stroked text outlines its glyphs, not the colour emoji drawn over them.
    out.push(element('g', [['stroke', 'none'], ['transform', transform]], emojiShapes(e.name)));
  }
  return out;
}
