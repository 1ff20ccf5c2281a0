/**
 * `node --import tsx scripts/make-text-references.ts [out-dir]`: the reference PNGs of the text
 * samples (test/render/text/samples.ts) as headless Chromium draws them (playwright-core,
 * /usr/bin/chromium or CHROMIUM_PATH), given through @font-face exactly the font files the render
 * worker uses: Twemoji as a COLR font for emoji, then DejaVu Sans, then the script fonts fonts.mjs
 * picks for the text. Twemoji's COLR font (twemoji-colr-font, the same artwork as the @twemoji/svg files the worker inlines).
 * Writes test/fixtures/text-reference/<sample>.png by default; the text test calls
 * makeTextReferences() itself to compare with a fresh Chromium render when Chromium exists.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { FAMILY_FILES, scriptFontsFor } from '../src/render/fonts.mjs';
import { SAMPLE_HEIGHT, SAMPLE_WIDTH, sampleSvg, TEXT_SAMPLES } from '../test/render/text/samples.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TWEMOJI = join(dirname(createRequire(import.meta.url).resolve('twemoji-colr-font/package.json')), 'twemoji.woff2');
const FONT_HOST = 'http://fonts.invalid/';

/** The fonts Chromium gets for a text, in the worker's fallback order. */
function fontFilesFor(text: string): string[] {
  return [TWEMOJI, FAMILY_FILES.sans.regular, ...scriptFontsFor(text).filter((f) => !/_700Bold/.test(f))];
}

function page(svg: string, files: string[]): string {
  // Twemoji comes first, as the colour emoji font Chromium prefers for emoji, but only beyond ASCII
  // (it also maps digits, # and * for keycaps).
  const faces = files.map((f, i) => `@font-face{font-family:"ref${i}";src:url("${FONT_HOST}${i}")${f === TWEMOJI ? ';unicode-range:U+A0-10FFFF' : ''}}`).join('');
  const family = files.map((_, i) => `"ref${i}"`).join(',');
  return `<!doctype html><html><head><style>${faces}html,body{margin:0;background:#fff}svg{display:block}svg text{font-family:${family} !important}</style></head><body>${svg}</body></html>`;
}

/** Chromium's PNG of each SVG (same order), drawn with the given texts' fonts. */
export async function chromiumRenders(items: Array<{ svg: string; text: string }>, viewport = { width: SAMPLE_WIDTH, height: SAMPLE_HEIGHT }): Promise<Buffer[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'] });
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const out: Buffer[] = [];
    for (const { svg, text } of items) {
      const files = fontFilesFor(text);
      const tab = await context.newPage();
      await tab.route(`${FONT_HOST}**`, (route) => route.fulfill({ body: readFileSync(files[Number(route.request().url().slice(FONT_HOST.length))]), headers: { 'access-control-allow-origin': '*' } }));
      await tab.setContent(page(svg, files), { waitUntil: 'load' });
      // Every @font-face is loaded before the photograph (the page's fonts: `document.fonts.ready`).
      await tab.evaluate('document.fonts.ready.then(() => true)');
      out.push(await tab.locator('svg').screenshot({ type: 'png' }));
      await tab.close();
    }
    return out;
  } finally {
    await browser.close();
  }
}

/** The reference PNG of every sample, by sample name. */
export async function makeTextReferences(): Promise<Record<string, Buffer>> {
  const names = Object.keys(TEXT_SAMPLES);
  const pngs = await chromiumRenders(names.map((n) => ({ svg: sampleSvg(TEXT_SAMPLES[n]), text: TEXT_SAMPLES[n] })));
  return Object.fromEntries(names.map((n, i) => [n, pngs[i]]));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!existsSync(CHROMIUM)) {
    process.stderr.write(`make-text-references: no Chromium at ${CHROMIUM}: install chromium or set CHROMIUM_PATH\n`);
    process.exit(1);
  }
  const dir = process.argv[2] ?? fileURLToPath(new URL('../test/fixtures/text-reference/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  for (const [name, png] of Object.entries(await makeTextReferences())) writeFileSync(join(dir, `${name}.png`), png);
  process.stderr.write(`make-text-references: wrote ${Object.keys(TEXT_SAMPLES).length} PNGs to ${dir}\n`);
}
