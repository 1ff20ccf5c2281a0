import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as harfbuzz from 'harfbuzzjs';
import { compositeSvg, wrapText } from '../../src/render/composite.js';
import * as fonts from '../../src/render/fonts.mjs';
import { useTextEngine } from '../../src/render/text/engine.js';
import { wrapLines } from '../../src/render/text/wrap.js';
import { describeFileError, renderFile } from '../../src/render/render-file.js';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';
import { pngPixels, pngSize, redPixels, redPng } from './helpers.js';

let renderer: PoolRenderer;
let dir: string;

beforeAll(() => {
  useTextEngine(harfbuzz, fonts);
  renderer = createRenderer({ poolSize: 2 });
  dir = mkdtempSync(join(tmpdir(), 'duel-composite-'));
});

afterAll(async () => {
  await renderer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('wrapText', () => {
  it('wraps on words, splits long words and marks a cut with an ellipsis', () => {
    const chars = (s: string) => [...s].length;
    expect(wrapLines('a pelican riding a bicycle', 12, 3, chars)).toEqual(['a pelican', 'riding a', 'bicycle']);
    expect(wrapLines('x'.repeat(25), 10, 5, chars)).toEqual(['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']);
    const cut = wrapLines('one two three four five six seven eight nine ten', 9, 2, chars);
    expect(cut).toHaveLength(2);
    expect(cut[1].endsWith('…')).toBe(true);
    expect(wrapText('tab\tand\nnewline\u0000', 30, 2000, 1)).toEqual(['tab and newline']);
  });
});

describe('composite', () => {
  it('with a notice shows the notice in both panels instead of the drawings', async () => {
    const red = redPng(64);
    const svg = compositeSvg({ a: red, b: red, caption: 'x', notice: 'the side-by-side image took too long' });
    expect(svg).not.toContain('data:image/png');
    expect(svg.match(/No image/g)).toHaveLength(2);
    const png = await renderer.composite({ a: red, b: red, caption: 'x', notice: 'the side-by-side image took too long' });
    expect(redPixels(png)).toBe(0);
    expect(redPixels(await renderer.composite({ a: red, b: red, caption: 'x' }))).toBeGreaterThan(1000);
  });

  it('escapes the caption and an error text', () => {
    const svg = compositeSvg({ a: null, b: null, aError: '<b>boom</b> & "quotes"', caption: '</text><script>@everyone</script>' });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&lt;b&gt;boom&lt;/b&gt; &amp;');
  });

  it('puts both drawings side by side with the prompt under them', async () => {
    const a = redPng(64);
    const b = (await renderer.render('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#0000ff"/></svg>')).png;
    const png = await renderer.composite({ a, b, caption: 'a pelican riding a bicycle by the sea' });
    const { width, height } = pngSize(png);
    expect(width).toBe(1272);
    expect(height).toBeGreaterThan(700);
    const px = pngPixels(png);
    const at = (x: number, y: number) => Array.from(px.subarray((y * width + x) * 4, (y * width + x) * 4 + 3));
    // Left panel centre is the red drawing, right panel centre the blue one.
    expect(at(24 + 300, 120 + 300)).toEqual([255, 0, 0]);
    expect(at(48 + 900, 120 + 300)).toEqual([0, 0, 255]);
    writeFileSync(join(dir, 'composite.png'), png);
  });

  it('shows the error text for a failed side instead of a picture', async () => {
    const png = await renderer.composite({ a: redPng(32), b: null, bError: 'the drawing was cut off', caption: 'x' });
    const both = await renderer.composite({ a: redPng(32), b: redPng(32), caption: 'x' });
    expect(redPixels(png)).toBeGreaterThan(1000);
    expect(redPixels(png)).toBeLessThan(redPixels(both) * 0.6);
  });

  it('treats a side that is not a PNG as failed', async () => {
    const png = await renderer.composite({ a: Buffer.from('not a png at all'), b: null, caption: 'both failed' });
    expect(pngSize(png).width).toBe(1272);
  });
});

describe('renderFile', () => {
  it('writes a PNG fitted to --size from a saved reply', async () => {
    const inPath = join(dir, 'reply.md');
    writeFileSync(inPath, 'Here:\n```svg\n<svg viewBox="0 0 20 10"><rect width="20" height="10" fill="#0f0"/></svg>\n```');
    const outPath = join(dir, 'out.png');
    const res = await renderFile(renderer, inPath, outPath, 200);
    expect(res).toMatchObject({ width: 200, height: 100 });
    expect(pngSize(readFileSync(outPath))).toEqual({ width: 200, height: 100 });
  });

  it('fails with a one-line reason for a missing file, a truncated drawing or a bad size', async () => {
    await expect(renderFile(renderer, join(dir, 'nope.svg'), join(dir, 'x.png'))).rejects.toThrow(/cannot read .*nope\.svg: no such file$/);
    const cut = join(dir, 'cut.svg');
    writeFileSync(cut, '<svg xmlns="http://www.w3.org/2000/svg"><rect');
    await expect(renderFile(renderer, cut, join(dir, 'x.png'))).rejects.toMatchObject({ reason: 'truncated' });
    await expect(renderFile(renderer, cut, join(dir, 'x.png'), 0)).rejects.toThrow(/--size/);
  });

  it('says in words why a file cannot be read or written', async () => {
    await expect(renderFile(renderer, dir, join(dir, 'x.png'))).rejects.toThrow(/^cannot read .+: is a folder, not a file$/);
    const good = join(dir, 'good.svg');
    writeFileSync(good, '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>');
    await expect(renderFile(renderer, good, join(dir, 'missing-folder', 'x.png'))).rejects.toThrow(/^cannot write .*x\.png: no such folder$/);
    await expect(renderFile(renderer, good, dir)).rejects.toThrow(/^cannot write .+: is a folder, not a file$/);
    // Tests may run as root, where a chmod cannot deny access: check the words for the code directly.
    const eacces = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES' });
    expect(describeFileError(eacces)).toBe('permission denied');
    expect(describeFileError(eacces, true)).toBe('permission denied');
    expect(describeFileError(Object.assign(new Error('x'), { code: 'EMFILE' }))).toBe('EMFILE');
    expect(describeFileError(new Error('odd failure'))).toBe('odd failure');
  });
});
