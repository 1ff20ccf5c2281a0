/**
 * One line of text shaped with HarfBuzz: split into grapheme clusters, each given a font
 * (fallback.ts) or a colour emoji (emoji.ts); clusters of one font and one bidi level are shaped
 * together, the runs put in visual order, and every glyph placed on the line.
 */
import { embeddingLevels, visualOrder } from './bidi.js';
import { textEngine } from './engine.js';
import type { OpenFace } from './faces.js';
import { fontForCluster } from './fallback.js';

export interface LineStyle {
  /** Font size in px. */
  size: number;
  /** Font files, primary first, then the fallbacks (fontList). */
  fonts: string[];
  /** Extra space after every cluster, in px. */
  letterSpacing: number;
}

export interface PlacedGlyph {
  face: OpenFace;
  gid: number;
  /** Pen position of the glyph origin, in px from the line start (y down). */
  x: number;
  y: number;
}
export interface PlacedEmoji {
  name: string;
  x: number;
}
export interface ShapedLine {
  glyphs: PlacedGlyph[];
  emoji: PlacedEmoji[];
  width: number;
}

/**
 * Metrics of a colour emoji in em, as Twemoji's COLR font (twemoji-colr-font, the one the Chromium
 * references use) has them (measured in Chromium): every emoji advances 1 em, its 36-unit grid is
 * 1 em wide and its top is 0.88 em above the baseline.
 */
export const EMOJI_ADVANCE_EM = 1;
export const EMOJI_TOP_EM = 0.88;
export const EMOJI_SIZE_EM = 1;

const MONO = /^(monospace|courier( new)?|consolas|menlo|monaco|dejavu sans mono|lucida console|ui-monospace|sf mono)$/i;

/** The font files for text in `family` (a CSS font-family list), weight and style: the family's own, then the script fonts. */
export function fontList(family: string, bold: boolean, text: string, italic = false): string[] {
  const { fonts } = textEngine();
  const first = family.split(',')[0]?.trim().replace(/^["']|["']$/g, '') ?? '';
  const own = MONO.test(first) ? fonts.FAMILY_FILES.mono : fonts.FAMILY_FILES.sans;
  const scripts = fonts.scriptFontsFor(text).filter((f) => (bold ? !/_400Regular/.test(f) : !/_700Bold/.test(f)));
  const primary = italic ? (bold ? own.boldItalic : own.italic) : bold ? own.bold : own.regular;
  return [primary, ...scripts];
}

type Run = { start: number; end: number; level: number; font: ReturnType<typeof fontForCluster> };

/** Consecutive clusters of one font (each emoji alone) and one bidi level. */
function runsOf(text: string, fonts: string[]): Run[] {
  const levels = embeddingLevels(text);
  const runs: Run[] = [];
  for (const { segment, index } of new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text)) {
    const font = fontForCluster(segment, fonts);
    const level = levels[index] ?? 0;
    const last = runs[runs.length - 1];
    if (last && 'face' in last.font && 'face' in font && last.font.face === font.face && last.level === level) last.end = index + segment.length;
    else runs.push({ start: index, end: index + segment.length, level, font });
  }
  return runs;
}

export function shapeLine(text: string, style: LineStyle): ShapedLine {
  const { hb } = textEngine();
  const out: ShapedLine = { glyphs: [], emoji: [], width: 0 };
  let pen = 0;
  for (const run of visualOrder(runsOf(text, style.fonts))) {
    if ('emoji' in run.font) {
      out.emoji.push({ name: run.font.emoji, x: pen });
      pen += EMOJI_ADVANCE_EM * style.size + style.letterSpacing;
      continue;
    }
    const face = run.font.face;
    const scale = style.size / face.upem;
    const buffer = new hb.Buffer();
    buffer.addText(text.slice(run.start, run.end));
    buffer.guessSegmentProperties();
    buffer.setDirection(run.level % 2 === 1 ? hb.Direction.RTL : hb.Direction.LTR);
    hb.shape(face.font, buffer);
    const glyphs = buffer.getGlyphInfosAndPositions();
    glyphs.forEach((g, i) => {
      out.glyphs.push({ face, gid: g.codepoint, x: pen + (g.xOffset ?? 0) * scale, y: -(g.yOffset ?? 0) * scale });
      pen += (g.xAdvance ?? 0) * scale;
      const next = glyphs[i + 1];
      if (style.letterSpacing && (!next || next.cluster !== g.cluster)) pen += style.letterSpacing;
    });
  }
  out.width = pen;
  return out;
}

/** Width in px of one line of text, as it will be drawn. */
export function measureText(text: string, style: { size: number; family: string; bold: boolean }): number {
  return shapeLine(text, { size: style.size, fonts: fontList(style.family, style.bold, text), letterSpacing: 0 }).width;
}
