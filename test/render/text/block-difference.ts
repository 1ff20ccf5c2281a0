/**
 * The block difference of two renders of the same SVG, the measure the text tests and the bench use
 * to compare the project's drawing with Chromium's: both images are cut into 8 x 8 px blocks; a
 * block's ink is the mean, over its pixels and each of R, G and B, of (255 - value) / 255 (alpha
 * composited on white), so 0 is white and 1 is black; the measure is the sum over blocks of the
 * absolute difference of ink, divided by the reference's total ink (so a long line of dense script
 * is held to the same standard as a short Latin one): 0 is the same, 1 is as much misplaced ink as
 * the reference has ink (e.g. the text drawn somewhere else entirely gives 2).
 * Anti-aliasing and sub-pixel offsets move ink within a block and barely count; a glyph in the
 * wrong place, a missing one, a box or a monochrome emoji where a colour one belongs does.
 */
import { pngPixels, pngSize } from '../helpers.js';

export const BLOCK = 8;

/** Mean ink of each block and channel of a PNG. */
function blockInk(png: Buffer): { ink: Float64Array; width: number; height: number } {
  const { width, height } = pngSize(png);
  const px = pngPixels(png);
  const bw = Math.ceil(width / BLOCK);
  const bh = Math.ceil(height / BLOCK);
  const ink = new Float64Array(bw * bh * 3);
  const count = new Float64Array(bw * bh);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const b = Math.floor(y / BLOCK) * bw + Math.floor(x / BLOCK);
      const a = px[i + 3] / 255;
      for (let c = 0; c < 3; c++) ink[b * 3 + c] += (1 - (px[i + c] / 255) * a - (1 - a));
      count[b]++;
    }
  }
  for (let b = 0; b < count.length; b++) for (let c = 0; c < 3; c++) ink[b * 3 + c] /= count[b];
  return { ink, width, height };
}

/** Sum over blocks of |ink(a) - ink(b)|, divided by the sum of ink(reference): 0 is identical. */
export function blockDifference(a: Buffer, reference: Buffer): number {
  const x = blockInk(a);
  const y = blockInk(reference);
  if (x.width !== y.width || x.height !== y.height) throw new Error(`the images differ in size: ${x.width}x${x.height} and ${y.width}x${y.height}`);
  let diff = 0;
  let ink = 0;
  for (let i = 0; i < x.ink.length; i++) {
    diff += Math.abs(x.ink[i] - y.ink[i]);
    ink += y.ink[i];
  }
  return ink > 0 ? diff / ink : diff;
}
