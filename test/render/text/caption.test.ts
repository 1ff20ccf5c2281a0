/**
 * The duel image's caption in scripts without spaces and with emoji: it wraps inside the image
 * (no ink in the margin columns beside the caption), ends in "…" when cut, and draws emoji in
 * colour. Rendered through the real pool (the worker shapes and measures with HarfBuzz).
 */
import * as harfbuzz from 'harfbuzzjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSITE_WIDTH, compositeSvg } from '../../../src/render/composite.js';
import * as fonts from '../../../src/render/fonts.mjs';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';
import { useTextEngine } from '../../../src/render/text/engine.js';
import { pngPixels, pngSize, redPng } from '../helpers.js';

/** composite.ts: margin 24, header 96, panel 600; the caption starts below the panels. */
const MARGIN = 24;
const CAPTION_TOP = 24 + 96 + 600 + 24;
const BACKGROUND = [0xe8, 0xe9, 0xed];

const JAPANESE_52 = '自転車に乗ったペリカンが、夕焼けの海辺をゆっくり走りながら魚をくわえて振り返るその様子を描いてください。';
const JAPANESE_500 = '猫がチェロを弾きながら月の上で踊っている絵を描いてください。'.repeat(17).slice(0, 500);

let renderer: PoolRenderer;
beforeAll(() => {
  useTextEngine(harfbuzz, fonts);
  renderer = createRenderer({ poolSize: 1 });
});
afterAll(async () => {
  await renderer.close();
});

/** Pixels of the caption area (below the panels): how many are inked in the margin columns, and in total, and how many are saturated. */
function captionInk(png: Buffer): { edge: number; total: number; coloured: number } {
  const { width, height } = pngSize(png);
  const px = pngPixels(png);
  let edge = 0;
  let total = 0;
  let coloured = 0;
  for (let y = CAPTION_TOP; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const [r, g, b] = [px[i], px[i + 1], px[i + 2]];
      const inked = Math.abs(r - BACKGROUND[0]) + Math.abs(g - BACKGROUND[1]) + Math.abs(b - BACKGROUND[2]) > 30;
      if (!inked) continue;
      total++;
      if (x < MARGIN || x >= width - MARGIN) edge++;
      if (Math.max(r, g, b) - Math.min(r, g, b) > 100) coloured++;
    }
  }
  return { edge, total, coloured };
}

const captionLines = (svg: string) => [...svg.matchAll(/<text x="636" y="(\d+)"[^>]*>([^<]*)<\/text>/g)].map((m) => m[2]);

describe('captions in every script', () => {
  it('a 52-character Japanese prompt wraps inside the image', async () => {
    expect([...JAPANESE_52]).toHaveLength(52);
    const input = { a: redPng(64), b: redPng(64), caption: JAPANESE_52 };
    expect(COMPOSITE_WIDTH).toBe(1272);
    const lines = captionLines(compositeSvg(input));
    expect(lines.length).toBe(2);
    const ink = captionInk(await renderer.composite(input));
    expect(ink.total).toBeGreaterThan(2000);
    expect(ink.edge).toBe(0);
  });

  it('a 500-character Japanese prompt is cut after three lines with "…", inside the image', async () => {
    const input = { a: redPng(64), b: redPng(64), caption: JAPANESE_500 };
    const lines = captionLines(compositeSvg(input));
    expect(lines).toHaveLength(3);
    expect(lines[2].endsWith('…')).toBe(true);
    const ink = captionInk(await renderer.composite(input));
    expect(ink.total).toBeGreaterThan(4000);
    expect(ink.edge).toBe(0);
  });

  it('Thai, which has no spaces between words, wraps between dictionary words', () => {
    const thai = 'นกกระทุงขี่จักรยานไปตามชายหาดในตอนเย็นพร้อมกับปลาตัวใหญ่ในปากของมัน'.repeat(3);
    const lines = captionLines(compositeSvg({ a: redPng(64), b: redPng(64), caption: thai }));
    expect(lines.length).toBeGreaterThan(1);
    // Every break falls between two of Thai's dictionary words, never inside one.
    const caption = `“${thai}”`;
    const wordEnds = new Set([...new Intl.Segmenter('th', { granularity: 'word' }).segment(caption)].map((w) => w.index + w.segment.length));
    let at = 0;
    for (const line of lines.slice(0, -1)) {
      at += line.length;
      expect(wordEnds.has(at), `break after “${line.slice(-6)}”`).toBe(true);
    }
  });

  it('an emoji prompt keeps its emoji and draws them in colour', async () => {
    const input = { a: redPng(64), b: redPng(64), caption: 'a 🐧 penguin eats a 🍎 with 👨‍👩‍👧' };
    expect(captionLines(compositeSvg(input))[0]).toContain('🐧');
    const ink = captionInk(await renderer.composite(input));
    expect(ink.coloured).toBeGreaterThan(100);
    const plain = captionInk(await renderer.composite({ ...input, caption: 'a penguin eats an apple' }));
    expect(plain.coloured).toBe(0);
  });
});
