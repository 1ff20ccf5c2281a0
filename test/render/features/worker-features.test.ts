/**
 * Features through the sandboxed pool: render() returns the blind form's features, measured in
 * the worker; Renderer.features(svg) measures a stored SVG as a worker job (long ones sent in
 * slices), under the pool's limits, and a hostile or broken one ends in a RenderError with the
 * pool still serving.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../../src/core/model/errors.js';
import { sanitizeBlind } from '../../../src/render/blind/blind-form.js';
import { drawingFeatures } from '../../../src/render/features/drawing-features.js';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';
import { PANIC_SVG } from '../helpers.js';

const renderers: PoolRenderer[] = [];
let common: PoolRenderer | undefined;
/** One renderer for the tests that need no options of their own (each pool starts its own workers). */
function renderer(options?: Parameters<typeof createRenderer>[0]): PoolRenderer {
  if (!options && common) return common;
  const r = createRenderer({ poolSize: 1, frameWorkers: 1, ...options });
  renderers.push(r);
  if (!options) common = r;
  return r;
}

afterAll(async () => {
  await Promise.all(renderers.splice(0).map((r) => r.close()));
});

const DRAWING =
  '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><title>secret</title>' +
  '<defs><linearGradient id="sea"><stop offset="0" stop-color="#0af"/><stop offset="1" stop-color="navy"/></linearGradient></defs>' +
  '<style>.sun { fill: gold } @keyframes glow { 50% { fill: orange } } .sun { animation: glow 2s infinite }</style>' +
  '<rect width="200" height="60" fill="url(#sea)"/><circle class="sun" cx="150" cy="30" r="15"/>' +
  '<text x="10" y="90" fill="white">Pelican</text><text x="120" y="90" fill="#fff">鹈鹕</text></svg>';

async function rejection(p: Promise<unknown>): Promise<RenderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RenderError);
  return err as RenderError;
}

describe('features from the render worker', () => {
  it('render() returns the features of the blind form it returns', async () => {
    const r = renderer();
    const out = await r.render(DRAWING, { box: 200 });
    expect(out.features).toEqual(drawingFeatures(out.svg, out.text));
    // Elements: svg, defs, linearGradient, 2 stops, style, rect, circle, 2 texts (the title is gone).
    // Colours: #0af, navy, gold, orange, white (= #fff). Text: "Pelican 鹈鹕", the runs apart on one line.
    expect(out.text).toBe('Pelican 鹈鹕');
    expect(out.features).toEqual({ bytes: Buffer.byteLength(out.svg), elements: 10, colors: 5, animated: 1, text: 10 });
  });

  it('measures the blind form, not the frame, when a frame time is asked', async () => {
    const r = renderer();
    const still = await r.render(DRAWING, { box: 200 });
    const frame = await r.render(DRAWING, { box: 200, at: 1 });
    expect(frame.features).toEqual(still.features);
  });

  it('features(svg) of a stored drawing equals what render() measured', async () => {
    const r = renderer();
    const out = await r.render(DRAWING, { box: 200 });
    expect(await r.features(out.svg)).toEqual(out.features);
  });

  it('measures a stored drawing that resvg cannot draw: nothing is rasterized', async () => {
    const r = renderer();
    expect((await rejection(r.render(PANIC_SVG))).reason).toBe('crashed');
    const stored = sanitizeBlind(PANIC_SVG, { box: 768 });
    expect(await r.features(stored.svg)).toEqual(drawingFeatures(stored.svg, stored.text));
  });

  it('takes a long stored SVG in slices and counts all of it', async () => {
    const r = renderer();
    const rects = Array.from({ length: 12_000 }, (_, i) => `<rect x="${i % 100}" y="${i % 37}" width="1" height="1" fill="#${(i % 4096).toString(16).padStart(3, '0')}"/>`).join('');
    const big = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">${rects}</svg>`;
    expect(big.length).toBeGreaterThan(256 * 1024 * 2);
    expect(await r.features(big)).toMatchObject({ bytes: Buffer.byteLength(big), elements: 12_001, colors: 4096, animated: 0, text: 0 });
  });
});

describe('features of a broken or hostile stored SVG', () => {
  it('rejects with a RenderError that says what happened', async () => {
    const r = renderer();
    expect((await rejection(r.features(''))).reason).toBe('no-svg');
    const broken = await rejection(r.features('<svg xmlns="http://www.w3.org/2000/svg"><rect width="1'));
    expect(broken.reason).toBe('invalid');
    expect(broken.message).toMatch(/could not be measured/);
    expect((await rejection(r.features('x'.repeat(5 * 1024 * 1024)))).reason).toBe('too-large');
    expect(await r.features('<svg xmlns="http://www.w3.org/2000/svg"/>')).toMatchObject({ elements: 1, colors: 0, text: 0 });
  });

  it('survives nesting deeper than any stack, and keeps serving', async () => {
    const r = renderer();
    const depth = 100_000;
    const deep = `<svg xmlns="http://www.w3.org/2000/svg">${'<g>'.repeat(depth)}<text>x</text>${'</g>'.repeat(depth)}</svg>`;
    const outcome = await r.features(deep).then(
      (f) => f.elements,
      (e: unknown) => (e instanceof RenderError ? e.reason : 'not a RenderError'),
    );
    // Measured, or refused when reading it runs out of stack; never a crash of the caller.
    expect([depth + 2, 'invalid', 'out-of-memory', 'timeout', 'crashed']).toContain(outcome);
    expect(await r.features(sanitizeBlind(DRAWING).svg)).toMatchObject({ animated: 1 });
  });

  it('is stopped by the pool’s time limit like any render', async () => {
    const r = renderer({ timeoutMs: 1 });
    const rects = '<rect width="1" height="1" fill="red"/>'.repeat(90_000);
    const err = await rejection(r.features(`<svg xmlns="http://www.w3.org/2000/svg">${rects}</svg>`));
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/took too long to measure .*DUEL_RENDER_TIMEOUT/);
  });
});
