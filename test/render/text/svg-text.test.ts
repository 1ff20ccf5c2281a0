/**
 * The text engine on its own (in this process): <text> becomes outlines that keep the text's
 * paint and place, shaped by HarfBuzz with fallback, bidi and colour emoji; text it does not lay
 * out is left for resvg.
 */
import * as harfbuzz from 'harfbuzzjs';
import { beforeAll, describe, expect, it } from 'vitest';
import * as fonts from '../../../src/render/fonts.mjs';
import { useTextEngine } from '../../../src/render/text/engine.js';
import { openFace } from '../../../src/render/text/faces.js';
import { fontList, measureText, shapeLine } from '../../../src/render/text/shape.js';
import { shapeText } from '../../../src/render/text/svg-text.js';

const svg = (body: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100">${body}</svg>`;
/** The x range of every coordinate pair in a path's data. */
function xRange(d: string): [number, number] {
  const nums = (d.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
  const xs = nums.filter((_, i) => i % 2 === 0);
  return [Math.min(...xs), Math.max(...xs)];
}
const pathData = (out: string) => [...out.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]).join('');
const line = (text: string, size = 20) => shapeLine(text, { size, fonts: fontList('sans-serif', false, text), letterSpacing: 0 });

beforeAll(() => {
  useTextEngine(harfbuzz, fonts);
});

describe('text as outlines', () => {
  it('turns a <text> into a group of paths that keeps its paint, opacity, transform, id and class', () => {
    const out = shapeText(svg('<text id="t" class="c" x="10" y="50" font-size="20" fill="#ff0000" stroke="blue" opacity="0.5" transform="rotate(5)">Hello</text>'));
    expect(out).not.toContain('<text');
    expect(out).toMatch(/<g id="t" class="c" fill="#ff0000" stroke="blue" opacity="0.5" transform="rotate\(5\)"><path d="M/);
    const [x0, x1] = xRange(pathData(out));
    expect(x0).toBeGreaterThanOrEqual(10);
    expect(x1 - 10).toBeCloseTo(measureText('Hello', { size: 20, family: 'sans-serif', bold: false }), -1);
  });

  it('centres a text-anchor="middle" text on x, with the font size inherited from a group', () => {
    const out = shapeText(svg('<g font-size="30"><text x="200" y="50" text-anchor="middle">centred text</text></g>'));
    const [x0, x1] = xRange(pathData(out));
    expect(Math.abs((x0 + x1) / 2 - 200)).toBeLessThan(3);
    expect(x1 - x0).toBeGreaterThan(measureText('centred text', { size: 30, family: 'sans-serif', bold: false }) * 0.9);
  });

  it('reads the font size from a style sheet rule and places tspans after each other', () => {
    const out = shapeText(svg('<style>.big{font-size:40px}</style><text class="big" x="0" y="60">ab<tspan fill="red">cd</tspan></text>'));
    expect(out).toMatch(/<g fill="red"><path d="M/);
    const [, x1] = xRange(pathData(out));
    expect(x1).toBeCloseTo(measureText('abcd', { size: 40, family: 'sans-serif', bold: false }), -1);
  });

  it('draws bold with DejaVu Sans Bold and italic with its oblique face', () => {
    const width = (attrs: string) => {
      const [x0, x1] = xRange(pathData(shapeText(svg(`<text x="0" y="50" font-size="40" ${attrs}>Hello world</text>`))));
      return x1 - x0;
    };
    expect(width('font-weight="bold"')).toBeGreaterThan(width('') * 1.08);
    expect(width('style="font-weight:700"')).toBe(width('font-weight="bold"'));
    const regular = pathData(shapeText(svg('<text x="0" y="50">Hello</text>')));
    const italic = pathData(shapeText(svg('<text x="0" y="50" font-style="italic">Hello</text>')));
    expect(italic).not.toBe(regular);
  });

  it('leaves textPath, per-character x lists and vertical text for resvg', () => {
    for (const body of [
      '<path id="p" d="M0 50 L400 50"/><text><textPath href="#p">on a path</textPath></text>',
      '<text x="10 20 30" y="50">abc</text>',
      '<text x="10" y="50" writing-mode="tb">縦書き</text>',
      '<text x="1e400" y="50">out of range</text>',
      '<text x="10" y="50" letter-spacing="1e400">out of range</text>',
    ]) {
      expect(shapeText(svg(body))).toBe(svg(body));
    }
  });
});

describe('shaping', () => {
  it('keeps the space of "हिन्दी नमस्ते" and reorders the i vowel sign before its consonant', () => {
    expect(line('हिन्दी नमस्ते').width).toBeGreaterThan(line('हिन्दीनमस्ते').width + 3);
    const ki = line('कि');
    const face = openFace(ki.glyphs[0].face.file);
    // HarfBuzz puts the glyph of ि (U+093F, a variant fitted to the consonant's width) first, left
    // of क, as the script is written.
    expect(ki.glyphs).toHaveLength(2);
    expect(ki.glyphs[0].gid).not.toBe(face.font.nominalGlyph(0x0915));
    expect(ki.glyphs[1].gid).toBe(face.font.nominalGlyph(0x0915));
    expect(ki.glyphs[0].x).toBe(0);
  });

  it('falls back per cluster to the script font, and lays right-to-left runs out in visual order', () => {
    const mixed = line('cat বিড়াল');
    expect(new Set(mixed.glyphs.map((g) => g.face.file)).size).toBe(2);
    const hebrew = line('ab אבג');
    const face = hebrew.glyphs[3].face;
    // Visual order: ג (the last letter) is the leftmost glyph of the Hebrew run.
    expect(hebrew.glyphs.slice(3).map((g) => g.gid)).toEqual([0x05d2, 0x05d1, 0x05d0].map((cp) => face.font.nominalGlyph(cp)));
  });

  it('draws a ZWJ family as one colour emoji, inline, beside ordinary text', () => {
    const l = line('a 👨‍👩‍👧 b 🇯🇵 👍🏽');
    expect(l.emoji.map((e) => e.name)).toEqual(['1f468-200d-1f469-200d-1f467', '1f1ef-1f1f5', '1f44d-1f3fd']);
    const out = shapeText(svg('<text x="0" y="50" font-size="20">a 👨‍👩‍👧 b</text>'));
    expect(out).not.toMatch(/<image|href|url\(/);
    expect(out.match(/<g stroke="none" transform="translate\(/g)).toHaveLength(1);
    expect(out).toMatch(/fill="#[0-9A-Fa-f]{3,6}"/);
  });
});
