/**
 * Test helpers: decode a PNG's pixels with resvg itself (in-process is fine here: the PNG is one
 * we made, embedded as a data: image), and count pure-red pixels.
 */
import { Resvg } from '@resvg/resvg-js';
import { expect } from 'vitest';

export function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.readUInt32BE(0)).toBe(0x89504e47);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** RGBA pixels of a PNG, at its own size. */
export function pngPixels(png: Buffer): Buffer {
  const { width, height } = pngSize(png);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image width="${width}" height="${height}" href="data:image/png;base64,${png.toString('base64')}"/></svg>`;
  return new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
}

/** Number of strongly red pixels (the colour of the bait images). */
export function redPixels(png: Buffer): number {
  const px = pngPixels(png);
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (px[i] > 200 && px[i + 1] < 60 && px[i + 2] < 60 && px[i + 3] > 200) n++;
  return n;
}

/** A solid red PNG made by resvg, for bait files and positive controls. */
export function redPng(size = 64): Buffer {
  return new Resvg(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><rect width="${size}" height="${size}" fill="#ff0000"/></svg>`,
  )
    .render()
    .asPng();
}

/** An SVG that keeps resvg busy for seconds (stacked turbulence filters over the whole canvas). */
export function slowSvg(rects = 20): string {
  const r = Array.from({ length: rects }, () => '<rect width="768" height="768" filter="url(#t)"/>').join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="768"><filter id="t" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="30"/></filter>${r}</svg>`;
}

/** The resvg panic: a filtered group whose content lies far off-canvas. */
export const PANIC_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><filter id="f"><feGaussianBlur stdDeviation="3"/></filter><g filter="url(#f)"><g transform="translate(360470)"><circle r="48"/></g></g></svg>';

/**
 * An animated drawing whose still is cheap but whose frames are not: a `<set>` raises the radius
 * of a dilate filter over the whole canvas (the red team's slow animation). `radius` sets how
 * slow each frame is; a moving circle makes the GIF loop.
 */
export function slowFramesSvg(radius = 200): string {
  const rects = Array.from({ length: 6 }, (_, i) => `<rect x="${i * 10}" y="${i * 10}" width="700" height="700" fill="#${i}0${i}0f0" filter="url(#m)"/>`).join('');
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="768" height="768">' +
    `<filter id="m" x="0" y="0" width="1" height="1"><feMorphology operator="dilate" radius="1"><set attributeName="radius" to="${radius}" begin="0.2s"/></feMorphology></filter>` +
    `${rects}<circle r="20" cx="50" cy="50"><animate attributeName="cx" from="50" to="700" dur="2s" repeatCount="indefinite"/></circle></svg>`
  );
}
