/**
 * Blinding never changes what a real drawing looks like: every corpus drawing (../shared/corpus,
 * 76 model SVGs, 22 animated) is drawn from its sanitized form and from its blind form, and the
 * pixels must match within a tiny tolerance; animated ones also at a frame mid-animation, so
 * renamed CSS animations and SMIL references still move the same parts. In-process resvg with
 * the worker's fonts (the pool always blinds, so it cannot draw the "before").
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { sanitizeBlind } from '../../src/render/blind/blind-form.js';
import { frameSvg, isAnimated } from '../../src/render/animate/frame.js';
import { extractSvg } from '../../src/render/extract.js';
import { fontsFor } from '../../src/render/fonts.mjs';
import { sanitizeSvg } from '../../src/render/sanitize.js';
import { shared } from '../helpers/shared.js';

const { path: corpus, missing, note } = shared('corpus');
const BOX = 192;

function pixels(svg: string): Buffer {
  return Buffer.from(new Resvg(svg, { font: fontsFor(svg), fitTo: { mode: 'original' }, background: '#ffffff', logLevel: 'off' }).render().pixels);
}

/** Share of pixels whose colour differs by more than 16 of 255 in any channel. */
function differingShare(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return 1;
  let differ = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > 16 || Math.abs(a[i + 1] - b[i + 1]) > 16 || Math.abs(a[i + 2] - b[i + 2]) > 16 || Math.abs(a[i + 3] - b[i + 3]) > 16) differ++;
  }
  return differ / (a.length / 4);
}

/** The sanitized and the blind picture of one drawing (at a frame time, or still). */
function beforeAfter(src: string, at?: number): [Buffer, Buffer] {
  const sanitized = sanitizeSvg(src, { box: BOX }).svg;
  const blind = sanitizeBlind(src, { box: BOX }).svg;
  if (at === undefined) return [pixels(sanitized), pixels(blind)];
  return [pixels(sanitizeSvg(frameSvg(sanitized, at), { box: BOX }).svg), pixels(sanitizeBlind(frameSvg(blind, at), { box: BOX }).svg)];
}

describe.skipIf(missing)(`blinding the corpus${note}`, () => {
  it('leaves every drawing looking the same, still and mid-animation', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBeGreaterThan(50);
    const changed: string[] = [];
    let compared = 0;
    let animated = 0;
    for (const f of files) {
      let src: string;
      try {
        src = extractSvg(readFileSync(join(corpus, f), 'utf8'));
        sanitizeSvg(src, { box: BOX });
      } catch {
        continue; // not a drawing the renderer accepts (corpus.test.ts covers those)
      }
      if (f.includes('minimax-m3')) continue; // makes resvg panic (see corpus.test.ts)
      const times: Array<number | undefined> = [undefined];
      if (isAnimated(src)) {
        animated++;
        times.push(1.3);
      }
      for (const at of times) {
        const [before, after] = beforeAfter(src, at);
        compared++;
        const share = differingShare(before, after);
        if (share > 0.001) changed.push(`${f}${at === undefined ? '' : ` at ${at} s`}: ${(share * 100).toFixed(2)} % of pixels`);
      }
    }
    expect(changed).toEqual([]);
    expect(compared).toBeGreaterThan(files.length);
    expect(animated).toBeGreaterThan(10);
  }, 600_000);
});
