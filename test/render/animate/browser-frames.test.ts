/**
 * Frames match the browser: small drawings written for each feature, and the animated drawings
 * of ../shared/corpus when it is present, drawn at several times by Chromium (SMIL through the
 * SVG clock, CSS through Web Animations, both paused at t) and by our renderer (the frame SVG
 * through the sandboxed pool), compared with blockDifference (share of 4 x 4 px blocks whose mean
 * colour differs by more than 24/255). Thresholds: 1 % of blocks for the drawings here, 2.5 % for
 * the corpus (resvg and Skia differ a little on blur and gradients even in still drawings).
 * Each case also checks that the test could fail: the browser's frame differs from the drawing
 * left still (what resvg alone draws) by more than it differs from ours.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';
import { sanitizeSvg } from '../../../src/render/sanitize.js';
import { shared } from '../../helpers/shared.js';
import { blockDifference, hasChromium, launchBrowserFrames, pngPixels, type BrowserFrames } from './browser-frames.js';

const corpus = shared('corpus');
const BOX = 240;
const svg = (body: string, extra = '') => `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="240" viewBox="0 0 240 240"${extra}><rect width="240" height="240" fill="#f4f1e8"/>${body}</svg>`;

const CASES: Array<{ name: string; svg: string; times: number[] }> = [
  {
    name: 'a fade-in that begins late and freezes',
    svg: svg('<circle cx="120" cy="120" r="80" fill="#d33" opacity="0"><animate attributeName="opacity" from="0" to="1" begin="0.5s" dur="1s" fill="freeze"/></circle>'),
    times: [0.25, 0.9, 1.2, 3],
  },
  {
    name: 'a rotation about a centre (animateTransform)',
    svg: svg('<g><rect x="40" y="110" width="160" height="20" fill="#225"/><circle cx="190" cy="120" r="14" fill="#e80"/><animateTransform attributeName="transform" type="rotate" from="0 120 120" to="360 120 120" dur="2s" repeatCount="indefinite"/></g>'),
    times: [0.3, 0.8, 1.7],
  },
  {
    name: 'motion along a path with rotate="auto"',
    svg: svg('<path id="track" d="M40 190 C 40 40, 200 40, 200 190" fill="none" stroke="#999" stroke-width="3"/><path d="M-30 -18 L30 0 L-30 18 Z" fill="#1a6"><animateMotion dur="3s" rotate="auto" repeatCount="indefinite"><mpath href="#track"/></animateMotion></path>'),
    times: [0.4, 1.5, 2.6],
  },
  {
    name: 'keyTimes, discrete and spline calcModes',
    svg: svg('<rect x="20" y="20" width="40" height="40" fill="#36c"><animate attributeName="x" values="20;180;100" keyTimes="0;0.2;1" dur="2s" repeatCount="indefinite"/></rect><rect x="20" y="100" width="40" height="40" fill="#c36"><animate attributeName="x" values="20;100;180" calcMode="discrete" dur="3s" repeatCount="indefinite"/></rect><rect x="20" y="180" width="40" height="40" fill="#3a3"><animate attributeName="x" values="20;180" keyTimes="0;1" calcMode="spline" keySplines="0.7 0 0.3 1" dur="2s" repeatCount="indefinite"/></rect>'),
    times: [0.2, 0.9, 1.1, 2.4],
  },
  {
    name: 'CSS keyframes with easing, transform-origin and colour',
    svg: svg(
      '<style>@keyframes spin { to { transform: rotate(360deg) } } @keyframes pulse { 0% { fill: #2255dd; transform: scale(1) } 50% { fill: #dd3311; transform: scale(1.4) } 100% { fill: #2255dd; transform: scale(1) } } .wheel { transform-origin: 70px 70px; animation: spin 1.5s cubic-bezier(0.5, 0, 0.2, 1) infinite } .dot { transform-box: fill-box; transform-origin: center; animation: pulse 2s ease-in-out 0.3s infinite alternate }</style>' +
        '<g class="wheel"><rect x="20" y="64" width="100" height="12" fill="#333"/><rect x="64" y="20" width="12" height="100" fill="#333"/></g><circle class="dot" cx="170" cy="170" r="35"/>',
    ),
    times: [0.2, 0.7, 1.9, 3.1],
  },
  {
    name: 'CSS steps(), alternate direction and fill-mode',
    svg: svg(
      '<style>@keyframes slide { from { transform: translateX(0px) } to { transform: translateX(150px) } } #a { animation: slide 2s steps(4, end) infinite } #b { animation: slide 1s linear 1s 2 alternate both }</style><rect id="a" x="20" y="40" width="40" height="40" fill="#935"/><rect id="b" x="20" y="140" width="40" height="40" fill="#359"/>',
    ),
    times: [0.3, 0.8, 1.6, 2.7, 4],
  },
];

describe.skipIf(!hasChromium)('frames against Chromium', () => {
  let browser: BrowserFrames;
  let renderer: PoolRenderer;
  beforeAll(async () => {
    browser = await launchBrowserFrames();
    renderer = createRenderer({ poolSize: 2, box: BOX });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await renderer?.close();
  });

  /** Per frame: difference of ours and of the still drawing from the browser's frame. */
  async function compare(source: string, times: number[]): Promise<Array<{ t: number; ours: number; still: number }>> {
    const clean = sanitizeSvg(source, { box: BOX }).svg;
    const still = pngPixels((await renderer.render(clean)).png);
    const rows = [];
    for (const t of times) {
      const ref = pngPixels(await browser.frame(clean, t));
      const ours = pngPixels((await renderer.render(clean, { at: t })).png);
      rows.push({ t, ours: blockDifference(ref, ours), still: blockDifference(ref, still) });
    }
    return rows;
  }

  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

  it.each(CASES)('$name', async ({ svg: source, times }) => {
    const rows = await compare(source, times);
    console.log(rows.map((r) => `t=${r.t}s ours ${pct(r.ours)} (still ${pct(r.still)})`).join('; '));
    for (const r of rows) expect(r.ours, `frame at ${r.t} s`).toBeLessThanOrEqual(0.01);
    // The frames moved, so a renderer that ignored animation would have failed.
    expect(Math.max(...rows.map((r) => r.still))).toBeGreaterThan(0.02);
  }, 120_000);

  it.skipIf(corpus.missing)(`matches the animated corpus drawings at 0.4, 1.3 and 2.9 s${corpus.note}`, async () => {
    const files = readdirSync(corpus.path).filter((f) => f.endsWith('.svg'));
    const animated = files.filter((f) => renderer.isAnimated(readFileSync(join(corpus.path, f), 'utf8')));
    expect(animated.length).toBeGreaterThan(0);
    const table: string[] = [];
    let oursTotal = 0;
    let stillTotal = 0;
    for (const f of animated) {
      const rows = await compare(readFileSync(join(corpus.path, f), 'utf8'), [0.4, 1.3, 2.9]);
      table.push(`${f.padEnd(72)} ${rows.map((r) => `${pct(r.ours)} (still ${pct(r.still)})`).join('  ')}`);
      for (const r of rows) {
        expect(r.ours, `${f} at ${r.t} s`).toBeLessThanOrEqual(0.025);
        oursTotal += r.ours;
        stillTotal += r.still;
      }
    }
    console.log(`${animated.length} animated corpus drawings, frames at 0.4 / 1.3 / 2.9 s (ours vs Chromium, and the still drawing vs Chromium):\n${table.join('\n')}`);
    expect(oursTotal).toBeLessThan(stillTotal / 4);
  }, 900_000);
});
