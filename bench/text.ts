/**
 * Text shaping (src/render/text/): what it costs and what it buys. In this process, on one thread,
 * over the real drawings in ../shared/corpus (extracted and sanitized at 768 px): resvg alone
 * against HarfBuzz shaping then resvg (target: within 1.3x); and for the corpus drawings that have
 * text, their block difference (test/render/text/block-difference.ts) from headless Chromium given
 * the same fonts, before (resvg's own text) and after (shaped). Chromium gets every text in DejaVu
 * Sans with the script fonts and Twemoji as fallbacks (the reference page forces that family list),
 * so a drawing's bold or monospace text counts against both columns alike.
 */
import { Resvg } from '@resvg/resvg-js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as harfbuzz from 'harfbuzzjs';
import { CHROMIUM, chromiumRenders } from '../scripts/make-text-references.js';
import { extractSvg } from '../src/render/extract.js';
import { createRenderer } from '../src/render/renderer.js';
import * as fontsModule from '../src/render/fonts.mjs';
import { sanitizeSvg } from '../src/render/sanitize.js';
import { useTextEngine } from '../src/render/text/engine.js';
import { shapeText } from '../src/render/text/svg-text.js';
import { blockDifference, misplacedInk } from '../test/render/text/block-difference.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = process.env.DUEL_BENCH_CORPUS ?? resolve(ROOT, '../shared/corpus');
const BOX = 768;
const ROUNDS = 2;

const raster = (svg: string) => new Resvg(svg, { font: fontsModule.fontsFor(svg), fitTo: { mode: 'original' }, background: '#ffffff', logLevel: 'off' }).render();

/**
 * Sanitized corpus drawings that the pool renders: a few make resvg panic, which would abort this
 * very process, so they are found in the sandboxed pool first and left out (as in the render bench).
 */
async function corpus(): Promise<string[]> {
  const renderer = createRenderer({ box: BOX });
  const out: string[] = [];
  try {
    for (const f of readdirSync(CORPUS).filter((n) => n.endsWith('.svg'))) {
      try {
        const svg = extractSvg(readFileSync(join(CORPUS, f), 'utf8'));
        await renderer.render(svg);
        out.push(sanitizeSvg(svg, { box: BOX }).svg);
      } catch {
        // not a drawing the pool renders
      }
    }
  } finally {
    await renderer.close();
  }
  return out;
}

/** Seconds spent on resvg alone and on shaping then resvg, interleaved drawing by drawing so a busy machine slows both alike. */
function seconds(svgs: string[], rounds: number): { plain: number; shaped: number } {
  let plain = 0;
  let shaped = 0;
  for (let r = 0; r < rounds; r++) {
    for (const svg of svgs) {
      let t = performance.now();
      raster(svg);
      plain += performance.now() - t;
      t = performance.now();
      raster(shapeText(svg));
      shaped += performance.now() - t;
    }
  }
  return { plain: plain / 1000, shaped: shaped / 1000 };
}

export async function benchText(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS)) {
    const skipped = 'skipped: ../shared/corpus not present';
    return [
      { name: 'text: corpus render time, shaped / resvg only', value: skipped, target: '<= 1.3x', ok: null },
      { name: 'text: text drawings vs Chromium (block diff)', value: skipped, target: 'after < before', ok: null },
    ];
  }
  useTextEngine(harfbuzz, fontsModule);
  const svgs = await corpus();
  // Warm both paths (fonts opened once per worker, as in the pool).
  seconds(svgs, 1);
  const { plain, shaped } = seconds(svgs, ROUNDS);
  const ratio = shaped / plain;
  const rows: BenchRow[] = [
    { name: `text: corpus render time, shaped / resvg only (${svgs.length} drawings x ${ROUNDS})`, value: `${ratio.toFixed(2)}x (${shaped.toFixed(2)} s / ${plain.toFixed(2)} s)`, target: '<= 1.3x', ok: ratio <= 1.3 },
  ];
  const texts = svgs.filter((s) => s.includes('<text'));
  if (!existsSync(CHROMIUM)) {
    rows.push({ name: 'text: text drawings vs Chromium (block diff)', value: `skipped: no Chromium at ${CHROMIUM}`, target: 'after < before', ok: null });
    return rows;
  }
  const refs = await chromiumRenders(texts.map((svg) => ({ svg: svg.replace(/<svg /, '<svg style="background:#fff" '), text: svg })), { width: BOX, height: BOX });
  const before = texts.map((svg, i) => blockDifference(raster(svg).asPng(), refs[i]));
  const after = texts.map((svg, i) => blockDifference(raster(shapeText(svg)).asPng(), refs[i]));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const misplacedBefore = texts.map((svg, i) => misplacedInk(raster(svg).asPng(), refs[i]));
  const misplacedAfter = texts.map((svg, i) => misplacedInk(raster(shapeText(svg)).asPng(), refs[i]));
  rows.push({
    name: `text: ${texts.length} corpus drawings with text vs Chromium (misplaced ink, mean)`,
    value: `${mean(misplacedBefore).toFixed(3)} resvg only -> ${mean(misplacedAfter).toFixed(3)} shaped`,
    target: 'after <= before',
    ok: mean(misplacedAfter) <= mean(misplacedBefore),
  });
  rows.push({
    name: `text: ${texts.length} corpus drawings with text vs Chromium (block diff, mean)`,
    value: `${mean(before).toFixed(3)} resvg only -> ${mean(after).toFixed(3)} shaped (each: ${before.map((b, i) => `${b.toFixed(3)}->${after[i].toFixed(3)}`).join(', ')})`,
    target: 'after <= before',
    ok: mean(after) <= mean(before),
  });
  return rows;
}
