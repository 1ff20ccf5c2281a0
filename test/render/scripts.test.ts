/**
 * Text in every script is drawn with the bundled fonts, in drawings and in the duel image's
 * caption. A character no font has is drawn as the missing-glyph box, the same box for every such
 * character, so a render of the text is compared with a render of the same number of characters
 * that no font has (U+0378, unassigned): equal pixels mean boxes, different pixels mean glyphs.
 * Drawings are checked one grapheme at a time (one row each), so a single missing glyph fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cjkFonts, fontsFor } from '../../src/render/fonts.mjs';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';
import { pngPixels, pngSize } from './helpers.js';

const SAMPLES: Record<string, string> = {
  'Chinese (Simplified)': '猫在拉大提琴',
  'Chinese (Traditional)': '貓在拉大提琴龜',
  Japanese: '猫がチェロを弾く',
  Korean: '고양이가 첼로를 켠다',
  Arabic: 'قطة تعزف',
  Hebrew: 'חתול מנגן',
  Devanagari: 'बिल्ली सेलो बजाती है',
  Thai: 'แมวเล่นเชลโล',
  Cyrillic: 'Кошка играет',
  Greek: 'Γάτα παίζει',
  Emoji: '🎻😀🐱🚲',
};
const MISSING = '\u0378';
const ROW = 48;
const WIDTH = 160;

let renderer: PoolRenderer;
beforeAll(() => {
  renderer = createRenderer({ poolSize: 2 });
});
afterAll(async () => {
  await renderer.close();
});

const graphemes = (s: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment).filter((g) => g.trim());
const missingLike = (s: string) => [...s].map(() => MISSING).join('');

function rowsSvg(rows: string[]): string {
  const text = rows.map((r, i) => `<text x="10" y="${i * ROW + 36}" font-size="30" font-family="sans-serif">${r}</text>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${rows.length * ROW}"><rect width="100%" height="100%" fill="#fff"/>${text}</svg>`;
}

/** How many pixels differ between two same-sized RGBA images, inside rows [y0, y1). */
function differing(a: Buffer, b: Buffer, width: number, y0: number, y1: number): number {
  let n = 0;
  for (let i = y0 * width * 4; i < y1 * width * 4; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 60) n++;
  return n;
}

describe('text in every script', () => {
  it('the comparison itself works: a character no font has renders exactly like the reference box', async () => {
    const svg = rowsSvg(['\u0379', `${MISSING}${MISSING}`]);
    const ref = rowsSvg([MISSING, '\u0380\u0381']);
    const box = Math.max(WIDTH, 2 * ROW);
    const [a, b] = await Promise.all([renderer.render(svg, { box }), renderer.render(ref, { box })]);
    expect(pngPixels(a.png).equals(pngPixels(b.png))).toBe(true);
  });

  for (const [script, text] of Object.entries(SAMPLES)) {
    it(`a drawing shows every ${script} glyph, not the missing-glyph box`, async () => {
      const clusters = graphemes(text);
      const box = Math.max(WIDTH, clusters.length * ROW);
      const [drawn, boxes] = await Promise.all([renderer.render(rowsSvg(clusters), { box }), renderer.render(rowsSvg(clusters.map(missingLike)), { box })]);
      const { width } = pngSize(drawn.png);
      expect(width).toBe(WIDTH);
      const a = pngPixels(drawn.png);
      const b = pngPixels(boxes.png);
      const missing = clusters.filter((_, i) => differing(a, b, width, i * ROW, (i + 1) * ROW) < 20);
      expect(missing, `${script}: drawn as boxes`).toEqual([]);
    });

    it(`the duel image's caption shows ${script} glyphs`, async () => {
      const caption = `${text} ${text}`;
      const reference = [...caption].map((c) => (c.trim() ? MISSING : c)).join('');
      const [drawn, boxes] = await Promise.all([renderer.composite({ a: null, b: null, caption }), renderer.composite({ a: null, b: null, caption: reference })]);
      const { width, height } = pngSize(drawn);
      expect(pngSize(boxes)).toEqual({ width, height });
      // The caption sits below both panels (the last ~90 px of the image): every grapheme drawn
      // differs from its box by far more than 20 px.
      expect(differing(pngPixels(drawn), pngPixels(boxes), width, height - 90, height)).toBeGreaterThan(20 * graphemes(caption).length);
    });
  }

  it('reads only the fonts a text needs: the CJK font of its language, none for Latin', () => {
    const names = (files: string[]) => files.map((f) => f.split('/').pop());
    expect(names(cjkFonts('猫がチェロを弾く'))).toEqual(['NotoSansJP-Regular.otf']);
    expect(names(cjkFonts('고양이가 첼로를 켠다'))).toEqual(['NotoSansKR-Regular.otf']);
    expect(names(cjkFonts('猫在拉大提琴'))).toEqual(['NotoSansHans-Regular.otf']);
    // Traditional-only characters (貓, not 猫) choose the Traditional Chinese glyph forms.
    expect(names(cjkFonts('貓在拉大提琴'))).toEqual(['NotoSansHant-Regular.otf']);
    expect(cjkFonts('A pelican')).toEqual([]);
    const latin = fontsFor('<text>A pelican</text>').fontFiles;
    expect(latin.every((f) => /DejaVu/.test(f))).toBe(true);
    expect(fontsFor('<text>แมว 🎻</text>').fontFiles.length).toBe(latin.length + 3);
  });

  it('shapes Arabic (joined letters) and Devanagari (conjuncts), unlike the same letters kept apart', async () => {
    const zwnj = '\u200c';
    const pairs = [
      ['قطة', ['ق', 'ط', 'ة'].join(zwnj)],
      ['क्ष', `क्${zwnj}ष`],
    ];
    for (const [shaped, apart] of pairs) {
      const box = Math.max(WIDTH, ROW);
      const [a, b] = await Promise.all([renderer.render(rowsSvg([shaped]), { box }), renderer.render(rowsSvg([apart]), { box })]);
      expect(differing(pngPixels(a.png), pngPixels(b.png), WIDTH, 0, ROW), shaped).toBeGreaterThan(20);
    }
  });
});
