/**
 * Every <text> of a sanitized drawing turned into glyph outlines shaped by HarfBuzz (shape.ts)
 * before resvg rasterizes it: resvg's own shaping breaks Indic conjuncts and vowel signs and has no
 * colour emoji. The <text> and its <tspan>s become <g>s that keep their paint, opacity, transform,
 * class and id, so the outlines are filled and stroked as the text was. Text this engine does not
 * lay out (textPath, vertical writing, per-character x/y/rotate lists, textLength, percentages) is
 * left to resvg as it is.
 */
import { allElements, parseSvgTree, serializeSvgTree, type SvgElement, type SvgNode } from '../animate/svg-tree.js';
import { hasTextEngine } from './engine.js';
import { lineElements } from './outline.js';
import { fontList, shapeLine, type ShapedLine } from './shape.js';
import { length, textStylesOf, TextStyles } from './style.js';

/** Attributes that only position or style text: dropped from the groups that replace it. */
const TEXT_ONLY = new Set([
  'x', 'y', 'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant',
  'font-stretch', 'font', 'text-anchor', 'letter-spacing', 'word-spacing', 'dominant-baseline', 'alignment-baseline', 'baseline-shift',
  'xml:space', 'direction', 'unicode-bidi', 'writing-mode', 'text-decoration', 'text-rendering',
]);
const POSITION = ['x', 'y', 'dx', 'dy'] as const;
const CONTAINERS = new Set(['tspan', 'a']);
const SKIPPED = new Set(['title', 'desc']);

interface Position { x?: number; y?: number; dx?: number; dy?: number }
interface Piece { node: string; owner: SvgElement; text: string; at: Position; line?: ShapedLine; x?: number; y?: number }

/** The drawing with its text as outlines; unchanged when it has no text this engine lays out. */
export function shapeText(svg: string): string {
  if (!hasTextEngine() || !svg.includes('<text')) return svg;
  let root: SvgElement;
  try {
    root = parseSvgTree(svg);
  } catch {
    return svg;
  }
  const elements = allElements(root);
  const styles = textStylesOf(elements);
  let changed = false;
  for (const el of elements) {
    if (el.name !== 'text' || !el.parent || insideText(el)) continue;
    let g: SvgElement | null = null;
    try {
      g = rewriteText(el, styles);
    } catch {
      // A text this engine trips over is still drawn: resvg lays it out as before.
    }
    if (!g) continue;
    const siblings = el.parent.children;
    siblings[siblings.indexOf(el)] = g;
    g.parent = el.parent;
    changed = true;
  }
  return changed ? serializeSvgTree(root) : svg;
}

function insideText(el: SvgElement): boolean {
  for (let p = el.parent; p; p = p.parent) if (p.name === 'text') return true;
  return false;
}

/** One number of an x/y/dx/dy attribute; null when it is a list or a unit this engine does not place. */
function coordinate(v: string, em: number): number | null {
  if (/[\s,]/.test(v.trim()) || v.includes('%')) return null;
  const n = length(v, em, 0);
  return n !== undefined && Number.isFinite(n) ? n : null;
}

/** The pieces of text (one per text node) with the position each starts at; null when unsupported. */
function collect(text: SvgElement, styles: TextStyles): Piece[] | null {
  const pieces: Piece[] = [];
  let pending: Position = {};
  const visit = (el: SvgElement): boolean => {
    if (['rotate', 'textLength', 'lengthAdjust'].some((a) => el.attrs.has(a))) return false;
    if (/^(tb|vertical)/.test(styles.inherited(el, 'writing-mode') ?? '')) return false;
    const em = styles.fontSize(el);
    for (const a of POSITION) {
      const raw = el.attrs.get(a);
      if (raw === undefined) continue;
      const v = coordinate(raw, em);
      if (v === null) return false;
      pending = a === 'x' || a === 'y' ? { ...pending, [a]: v } : { ...pending, [a]: (pending[a] ?? 0) + v };
    }
    for (const child of el.children) {
      if (typeof child === 'string') {
        pieces.push({ node: child, owner: el, text: child, at: pending });
        pending = {};
      } else if (CONTAINERS.has(child.name)) {
        if (!visit(child)) return false;
      } else if (!SKIPPED.has(child.name)) {
        return false;
      }
    }
    return true;
  };
  return visit(text) ? pieces : null;
}

/** White space as CSS `white-space: normal` leaves it: runs collapsed to one space, none at either end. */
function collapseSpaces(pieces: Piece[], preserve: boolean): void {
  let lastSpace = true;
  for (const p of pieces) {
    let t = p.text.replace(/[\t\n\r]/g, ' ');
    if (!preserve) {
      let out = '';
      for (const c of t) {
        if (c === ' ' && lastSpace) continue;
        out += c;
        lastSpace = c === ' ';
      }
      t = out;
    }
    p.text = t;
  }
  const last = [...pieces].reverse().find((p) => p.text.length > 0);
  if (last && !preserve) last.text = last.text.replace(/ $/, '');
}

/** How far the alphabetic baseline lies below y for a dominant-baseline value, in px. */
function baselineShift(value: string | undefined, line: ShapedLine, size: number, fonts: string[]): number {
  const face = line.glyphs[0]?.face;
  if (!value || !face || fonts.length === 0) return 0;
  const s = size / face.upem;
  switch (value) {
    case 'central': return ((face.ascender + face.descender) / 2) * s;
    case 'middle': return (face.xHeight / 2) * s;
    case 'hanging': return face.ascender * 0.8 * s;
    case 'text-before-edge':
    case 'text-top': return face.ascender * s;
    case 'text-after-edge':
    case 'text-bottom':
    case 'ideographic': return face.descender * s;
    default: return 0;
  }
}

/** Shapes every piece and places it: text chunks (a new x or y starts one) are aligned by text-anchor. */
function layout(pieces: Piece[], styles: TextStyles): void {
  let x = 0;
  let y = 0;
  let chunk: Piece[] = [];
  let chunkStart = 0;
  let anchor = 'start';
  const closeChunk = () => {
    const width = x - chunkStart;
    const shift = anchor === 'middle' ? -width / 2 : anchor === 'end' ? -width : 0;
    for (const p of chunk) p.x! += shift;
    chunk = [];
  };
  pieces.forEach((p, i) => {
    if (i === 0 || p.at.x !== undefined || p.at.y !== undefined) {
      if (i > 0) closeChunk();
      x = p.at.x ?? x;
      y = p.at.y ?? y;
      chunkStart = x;
      anchor = styles.inherited(p.owner, 'text-anchor') ?? 'start';
    }
    x += p.at.dx ?? 0;
    y += p.at.dy ?? 0;
    const size = styles.fontSize(p.owner);
    const weight = styles.inherited(p.owner, 'font-weight') ?? 'normal';
    const bold = weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
    const italic = /^(italic|oblique)/.test(styles.inherited(p.owner, 'font-style') ?? '');
    const fonts = fontList(styles.inherited(p.owner, 'font-family') ?? 'sans-serif', bold, p.text, italic);
    const spacing = length(styles.inherited(p.owner, 'letter-spacing') ?? '0', size, size) ?? 0;
    if (!Number.isFinite(spacing)) throw new Error('letter-spacing out of range');
    p.line = shapeLine(p.text, { size, fonts, letterSpacing: spacing });
    const baseline = styles.own(p.owner, 'alignment-baseline') ?? styles.inherited(p.owner, 'dominant-baseline');
    p.x = x;
    p.y = y + baselineShift(baseline, p.line, size, fonts);
    x += p.line.width;
    chunk.push(p);
  });
  closeChunk();
}

/** The group that replaces a text element (or tspan): its own attributes less the text-only ones. */
function group(el: SvgElement, pieceOf: Map<SvgElement, Piece[]>, styles: TextStyles): SvgElement {
  const attrs = [...el.attrs].filter(([k]) => !TEXT_ONLY.has(k));
  const g: SvgElement = { name: el.name === 'a' ? 'a' : 'g', attrs: new Map(attrs), children: [], parent: null };
  const own = [...(pieceOf.get(el) ?? [])];
  for (const child of el.children) {
    let out: SvgNode[] = [];
    if (typeof child === 'string') {
      const p = own.shift();
      if (p?.line) out = lineElements(p.line, p.x!, p.y!, styles.fontSize(el));
    } else if (CONTAINERS.has(child.name)) {
      out = [group(child, pieceOf, styles)];
    }
    for (const o of out) {
      if (typeof o !== 'string') o.parent = g;
      g.children.push(o);
    }
  }
  return g;
}

function rewriteText(text: SvgElement, styles: TextStyles): SvgElement | null {
  const pieces = collect(text, styles);
  if (!pieces || pieces.length === 0) return null;
  collapseSpaces(pieces, styles.inherited(text, 'xml:space') === 'preserve');
  layout(pieces, styles);
  const pieceOf = new Map<SvgElement, Piece[]>();
  for (const p of pieces) pieceOf.set(p.owner, [...(pieceOf.get(p.owner) ?? []), p]);
  return group(text, pieceOf, styles);
}
