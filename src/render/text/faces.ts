/**
 * Font files opened with HarfBuzz, once per process: a face, a font at its design scale, the code
 * points it maps, and the outlines of the glyphs drawn so far. A worker keeps them for its life, so
 * a CJK font (5-8 MB) is read once, not at every render.
 */
import { readFileSync } from 'node:fs';
import type { Font } from 'harfbuzzjs';
import { textEngine } from './engine.js';

export interface OpenFace {
  file: string;
  font: Font;
  /** Font units per em. */
  upem: number;
  /** Ascender and descender in font units (descender negative), for baselines other than alphabetic. */
  ascender: number;
  descender: number;
  xHeight: number;
  covers(cp: number): boolean;
  /** Outline of a glyph in font units (y up), as SVG path commands; cached. */
  outline(gid: number): Array<{ type: string; values: number[] }>;
}

const faces = new Map<string, OpenFace>();

export function openFace(file: string): OpenFace {
  const cached = faces.get(file);
  if (cached) return cached;
  const { hb } = textEngine();
  const face = new hb.Face(new hb.Blob(readFileSync(file)), 0);
  const font = new hb.Font(face);
  const upem = face.upem;
  const coverage = new Set(face.collectUnicodes());
  const outlines = new Map<number, Array<{ type: string; values: number[] }>>();
  const extents = font.hExtents();
  const xHeight = font.getMetricPositionWithFallback(hb.MetricsTag.X_HEIGHT);
  const opened: OpenFace = {
    file,
    font,
    upem,
    ascender: extents.ascender,
    descender: extents.descender,
    xHeight,
    covers: (cp) => coverage.has(cp),
    outline(gid) {
      let o = outlines.get(gid);
      if (!o) outlines.set(gid, (o = font.glyphToJson(gid)));
      return o;
    },
  };
  faces.set(file, opened);
  return opened;
}
