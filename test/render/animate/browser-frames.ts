/**
 * Frames of an SVG as Chromium draws them at time t (the reference), ours drawn by resvg from the
 * static frame SVG, and a pixel-difference metric between the two.
 */
import { Resvg } from '@resvg/resvg-js';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--font-render-hinting=none'];

export const hasChromium = existsSync(CHROMIUM);

export interface BrowserFrames {
  /** PNG of `svg` (which has its own width and height) as Chromium draws it at t seconds, on white. */
  frame(svg: string, t: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function launchBrowserFrames(): Promise<BrowserFrames> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page: Page = await browser.newPage({ viewport: { width: 800, height: 800 } });
  return {
    async frame(svg, t) {
      const w = Number(/width="(\d+)"/.exec(svg)?.[1] ?? 400);
      const h = Number(/height="(\d+)"/.exec(svg)?.[1] ?? 400);
      await page.setViewportSize({ width: w, height: h });
      // An SVG document of its own, as the web arena serves it (<img> of the sanitized SVG).
      await page.goto(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
      // A string, so the test code needs no DOM types: SMIL through the SVG clock, CSS through Web Animations.
      // Set twice, a frame apart: on a busy machine a style pass after the first set can create CSS
      // animations that would otherwise run live; then check that every animation stands at t.
      const settled = await page.evaluate(`(async () => {
        const root = document.documentElement;
        const set = () => {
          root.pauseAnimations();
          root.setCurrentTime(${t});
          for (const a of document.getAnimations()) { a.pause(); a.currentTime = ${t * 1000}; }
        };
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        set();
        await frame();
        set();
        await frame();
        return document.getAnimations().every((a) => a.playState === 'paused' && Math.abs(a.currentTime - ${t * 1000}) < 1);
      })()`);
      if (!settled) throw new Error(`Chromium did not hold every animation at ${t} s`);
      return page.screenshot({ clip: { x: 0, y: 0, width: w, height: h } });
    },
    async close() {
      await browser.close();
    },
  };
}

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const fontFiles = readdirSync(fontDir).filter((f) => /^DejaVuSans.*\.ttf$/.test(f)).map((f) => join(fontDir, f));

/** RGBA pixels of a static SVG drawn by resvg at its own size, on white. */
export function resvgPixels(svg: string): { width: number; height: number; pixels: Buffer } {
  const img = new Resvg(svg, { background: '#ffffff', logLevel: 'off', font: { loadSystemFonts: false, fontFiles, defaultFontFamily: 'DejaVu Sans' } }).render();
  return { width: img.width, height: img.height, pixels: img.pixels };
}

/** RGBA pixels of a PNG (decoded by resvg from a data: image). */
export function pngPixels(png: Buffer): { width: number; height: number; pixels: Buffer } {
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return { width, height, pixels: new Resvg(svg, { logLevel: 'off', font: { loadSystemFonts: false } }).render().pixels };
}

/**
 * How different two same-sized images are: the share of 4 x 4 px blocks whose mean colour
 * differs by more than 24/255 in some channel. Averaging blocks first keeps antialiasing
 * (which Skia and resvg do differently along every edge) from counting; a shape in the wrong
 * place, a missing element or a wrong colour still does.
 */
export function blockDifference(a: { width: number; height: number; pixels: Buffer }, b: { width: number; height: number; pixels: Buffer }): number {
  if (a.width !== b.width || a.height !== b.height) return 1;
  const B = 4;
  let blocks = 0;
  let off = 0;
  for (let by = 0; by + B <= a.height; by += B) {
    for (let bx = 0; bx + B <= a.width; bx += B) {
      const sa = [0, 0, 0];
      const sb = [0, 0, 0];
      for (let y = by; y < by + B; y++) {
        for (let x = bx; x < bx + B; x++) {
          const i = (y * a.width + x) * 4;
          for (let c = 0; c < 3; c++) {
            // Composite on white, so transparent and white compare equal.
            sa[c] += (a.pixels[i + c] * a.pixels[i + 3]) / 255 + 255 - a.pixels[i + 3];
            sb[c] += (b.pixels[i + c] * b.pixels[i + 3]) / 255 + 255 - b.pixels[i + 3];
          }
        }
      }
      blocks++;
      if (sa.some((v, c) => Math.abs(v - sb[c]) / (B * B) > 24)) off++;
    }
  }
  return blocks ? off / blocks : 0;
}

/** Mean absolute difference per channel (0..255) over all pixels, both composited on white. */
export function meanDifference(a: { width: number; height: number; pixels: Buffer }, b: { width: number; height: number; pixels: Buffer }): number {
  if (a.width !== b.width || a.height !== b.height) return 255;
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const x = (a.pixels[i + c] * a.pixels[i + 3]) / 255 + 255 - a.pixels[i + 3];
      const y = (b.pixels[i + c] * b.pixels[i + 3]) / 255 + 255 - b.pixels[i + 3];
      sum += Math.abs(x - y);
    }
  }
  return sum / ((a.pixels.length / 4) * 3);
}
