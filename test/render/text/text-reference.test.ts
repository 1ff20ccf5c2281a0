/**
 * Text as a browser draws it: each script sample (samples.ts) rendered by the project (HarfBuzz
 * shaping, then resvg) is compared with headless Chromium's render of the same SVG with the same
 * font files (committed references made by scripts/make-text-references.ts), by the block
 * measures of block-difference.ts. Latin is the yardstick: its two renders differ only by
 * anti-aliasing. Every other sample has no more misplaced ink than Latin's pair (ink moved beyond
 * what anti-aliasing moves), and a block difference within twice Latin's (dense scripts such as
 * Bengali have more edges to anti-alias). Both measures see wrong shaping: resvg's own shaping of
 * Devanagari, Bengali, Tamil, Khmer and the emoji line misplaces ink and is 6 to 30 times Latin's
 * block difference.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, makeTextReferences } from '../../../scripts/make-text-references.js';
import * as fonts from '../../../src/render/fonts.mjs';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';
import { blockDifference, misplacedInk } from './block-difference.js';
import { sampleSvg, TEXT_SAMPLES } from './samples.js';

/** How many times Latin's difference from Chromium another sample may have. */
const TOLERANCE = 2;
/** Misplaced ink that shows a sample drawn wrongly (resvg's own shaping: 0.07 Khmer to 0.31 the emoji line). */
const MISPLACED_WRONG = 0.05;
const reference = (name: string) => readFileSync(new URL(`../../fixtures/text-reference/${name}.png`, import.meta.url));

let renderer: PoolRenderer;
const ours: Record<string, Buffer> = {};

beforeAll(async () => {
  renderer = createRenderer({ poolSize: 1 });
  for (const [name, text] of Object.entries(TEXT_SAMPLES)) ours[name] = await renderer.renderTrusted(sampleSvg(text));
}, 120_000);
afterAll(async () => {
  await renderer.close();
});

describe('text compared with Chromium', () => {
  it("every script sample misplaces no more ink against Chromium than Latin's pair does", () => {
    const latin = misplacedInk(ours.latin, reference('latin'));
    for (const name of Object.keys(TEXT_SAMPLES)) {
      expect(misplacedInk(ours[name], reference(name)), `${name}: ${TEXT_SAMPLES[name]}`).toBeLessThanOrEqual(latin);
    }
  });

  it('every script sample differs from Chromium by a block difference within twice Latin\'s', () => {
    const latin = blockDifference(ours.latin, reference('latin'));
    expect(latin).toBeGreaterThan(0);
    expect(latin).toBeLessThan(0.1);
    for (const name of Object.keys(TEXT_SAMPLES)) {
      expect(blockDifference(ours[name], reference(name)), `${name}: ${TEXT_SAMPLES[name]}`).toBeLessThanOrEqual(TOLERANCE * latin);
    }
  });

  it("the measure sees wrong shaping: resvg's own text (no HarfBuzz) of complex scripts and emoji fails it", () => {
    const latin = blockDifference(ours.latin, reference('latin'));
    for (const name of ['devanagari', 'bengali', 'tamil', 'khmer', 'emoji']) {
      const svg = sampleSvg(TEXT_SAMPLES[name]);
      const resvgOnly = new Resvg(svg, { font: fonts.fontsFor(svg), logLevel: 'off' }).render().asPng();
      expect(blockDifference(resvgOnly, reference(name)), name).toBeGreaterThan(TOLERANCE * latin * 2);
      expect(misplacedInk(resvgOnly, reference(name)), name).toBeGreaterThan(MISPLACED_WRONG);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'the committed references are what Chromium draws now (regenerated and compared)',
    async () => {
      const fresh = await makeTextReferences();
      const latin = blockDifference(ours.latin, reference('latin'));
      for (const [name, png] of Object.entries(fresh)) {
        expect(blockDifference(png, reference(name)), name).toBeLessThan(latin / 4);
        expect(blockDifference(ours[name], png), name).toBeLessThanOrEqual(TOLERANCE * latin);
        expect(misplacedInk(ours[name], png), name).toBeLessThanOrEqual(misplacedInk(ours.latin, fresh.latin));
      }
    },
    300_000,
  );
});
