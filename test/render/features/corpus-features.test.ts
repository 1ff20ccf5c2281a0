/**
 * Features of every real model drawing in ../shared/corpus (76 SVGs, 22 animated, one that makes
 * resvg panic), through the pool as a duel gets them: render() measures each drawing, and
 * features() of the stored SVG gives the same numbers; the drawing resvg cannot draw is still
 * measured (or refused with a RenderError), never a crash. Skipped when the corpus is not there.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../../src/core/model/errors.js';
import { DRAWING_FEATURE_NAMES, type DrawingFeatures } from '../../../src/core/model/drawing-features.js';
import { sanitizeBlind } from '../../../src/render/blind/blind-form.js';
import { extractSvg } from '../../../src/render/extract.js';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';
import { shared } from '../../helpers/shared.js';

const { path: corpus, missing, note } = shared('corpus');
/** The corpus README's count of drawings that animate (SMIL or CSS). */
const ANIMATED_IN_CORPUS = 22;

function expectSane(f: DrawingFeatures, file: string): void {
  for (const name of DRAWING_FEATURE_NAMES) expect(Number.isInteger(f[name]) && f[name] >= 0, `${file}: ${name} = ${f[name]}`).toBe(true);
  expect(f.bytes, file).toBeGreaterThan(100);
  expect(f.elements, file).toBeGreaterThanOrEqual(2);
  expect(f.elements, file).toBeLessThan(f.bytes / 4); // an element takes at least "<g/>"
  expect(f.colors, file).toBeGreaterThanOrEqual(1);
  expect(f.colors, file).toBeLessThanOrEqual(f.elements * 8);
  expect([0, 1], file).toContain(f.animated);
  expect(f.text, file).toBeLessThan(f.bytes);
}

/** What one corpus file gives: features from render() (null when it cannot be drawn) and from features() of its stored SVG. */
interface Measured {
  file: string;
  rendered: DrawingFeatures | null;
  stored: DrawingFeatures | RenderError;
}

async function measure(renderer: PoolRenderer, file: string): Promise<Measured> {
  const raw = readFileSync(join(corpus, file), 'utf8');
  const svg = await renderer.extract(raw);
  const drawn = await renderer.render(svg).catch((e: unknown) => e as RenderError);
  // A drawing resvg cannot draw still has a stored form: the blind form, made here as the worker makes it.
  const storedSvg = drawn instanceof RenderError ? sanitizeBlind(extractSvg(raw), { box: 768 }).svg : drawn.svg;
  const stored = await renderer.features(storedSvg).catch((e: unknown) => e as RenderError);
  return { file, rendered: drawn instanceof RenderError ? null : (drawn.features ?? null), stored };
}

describe.skipIf(missing)(`features of the corpus${note}`, () => {
  let renderer: PoolRenderer;
  let results: Measured[] = [];
  beforeAll(async () => {
    renderer = createRenderer({ poolSize: 2, frameWorkers: 1 });
    const files = readdirSync(corpus).filter((f) => f.endsWith('.svg'));
    results = await Promise.all(files.map((f) => measure(renderer, f)));
  });
  afterAll(() => renderer?.close());

  it('measures every drawing sanely, from render() and again from the stored SVG', () => {
    expect(results.length).toBeGreaterThan(50);
    for (const r of results) {
      if (r.stored instanceof RenderError) throw new Error(`${r.file}: features() failed: ${r.stored.message}`);
      expectSane(r.stored, r.file);
      if (r.rendered) expect(r.stored, r.file).toEqual(r.rendered);
    }
  });

  it('measures the drawing that crashes resvg, which render() could not draw', () => {
    const unrendered = results.filter((r) => !r.rendered);
    expect(unrendered.map((r) => r.file).every((f) => f.includes('minimax-m3'))).toBe(true);
    expect(unrendered.length).toBeGreaterThanOrEqual(1);
    for (const r of unrendered) expect(r.stored).not.toBeInstanceOf(RenderError);
  });

  it('finds the corpus’s animated drawings, and text only in the few that draw some', () => {
    const features = results.map((r) => r.stored as DrawingFeatures);
    expect(features.filter((f) => f.animated === 1)).toHaveLength(ANIMATED_IN_CORPUS);
    const withText = features.filter((f) => f.text > 0).length;
    expect(withText).toBeGreaterThanOrEqual(2);
    expect(withText).toBeLessThan(features.length / 4);
  });
});
