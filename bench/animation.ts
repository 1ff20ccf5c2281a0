/**
 * Animated drawings: the time and size of the animated A | B composite GIF of two corpus
 * drawings (what a duel posts when a drawing moves), and the frame renderer's own cost per frame
 * (frame SVG from the sanitized drawing, without rasterizing) over the animated corpus.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameSvg, isAnimated } from '../src/render/animate/frame.js';
import { RENDER_DEFAULTS } from '../src/core/model/settings.js';
import { createRenderer } from '../src/render/renderer.js';
import { sanitizeSvg } from '../src/render/sanitize.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.DUEL_BENCH_CORPUS ?? resolve(ROOT, '../shared/corpus');
/** Two animated drawings: one SMIL (spinning wheels, waves), one CSS keyframes. */
const PAIR = ['nagi__claude-fable-5__claude-code-max__pelican-cycling.svg', 'nagi__gpt-5-5-pro__chatgpt-web-extended-pro__pelican-cycling.svg'];

export async function benchAnimation(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  if (!existsSync(CORPUS) || !PAIR.every((f) => existsSync(join(CORPUS, f)))) {
    const skipped = 'skipped: ../shared/corpus not present';
    return [
      { name: 'animation: animated composite GIF, time', value: skipped, target: `< ${RENDER_DEFAULTS.gifTimeoutMs / 1000} s`, ok: null },
      { name: 'animation: animated composite GIF, size', value: skipped, target: `< ${RENDER_DEFAULTS.gifMaxBytes / 1024 / 1024} MB`, ok: null },
    ];
  }
  const renderer = createRenderer({ box: RENDER_DEFAULTS.box });
  try {
    const [a, b] = PAIR.map((f) => readFileSync(join(CORPUS, f), 'utf8'));
    const [ra, rb] = await Promise.all([renderer.render(a), renderer.render(b)]);
    const started = performance.now();
    const gif = await renderer.animatedComposite({ a: ra.png, b: rb.png, aSvg: ra.svg, bSvg: rb.svg, caption: 'a pelican riding a bicycle' });
    const seconds = (performance.now() - started) / 1000;
    rows.push({
      name: `animation: animated composite GIF of 2 corpus drawings, time (${gif.frames} frames, ${gif.seconds} s loop, ${gif.width} px)`,
      value: `${seconds.toFixed(1)} s`,
      target: `< ${RENDER_DEFAULTS.gifTimeoutMs / 1000} s`,
      ok: seconds * 1000 < RENDER_DEFAULTS.gifTimeoutMs,
    });
    rows.push({
      name: 'animation: animated composite GIF, size',
      value: `${(gif.gif.length / 1024 / 1024).toFixed(2)} MB`,
      target: `< ${RENDER_DEFAULTS.gifMaxBytes / 1024 / 1024} MB`,
      ok: gif.gif.length < RENDER_DEFAULTS.gifMaxBytes,
    });
  } finally {
    await renderer.close();
  }
  // The frame renderer alone (it runs in the render worker, beside resvg).
  const animated = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.svg'))
    .map((f) => readFileSync(join(CORPUS, f), 'utf8'))
    .filter(isAnimated)
    .map((s) => sanitizeSvg(s, { box: 592 }).svg);
  const times = [0.3, 1.1, 2.7];
  const started = performance.now();
  for (const s of animated) for (const t of times) frameSvg(s, t);
  const perFrame = (performance.now() - started) / (animated.length * times.length);
  rows.push({ name: `animation: frame SVG at t, mean over ${animated.length} animated corpus drawings`, value: `${perFrame.toFixed(1)} ms`, target: '< 100 ms', ok: perFrame < 100 });
  return rows;
}
