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
 *
 * Misplaced ink (misplacedInk) is the same sum with each block's difference first reduced by
 * AA_ALLOWANCE: what two correct rasterizers can disagree by in one block (measured over the 14
 * samples, HarfBuzz + resvg against Chromium: at most 0.125) is forgiven, so it is 0 for two
 * renders that differ only by anti-aliasing and hinting, whatever the script's density. A
 * misplaced vowel sign, a conjunct drawn as separate letters, a box or a monochrome emoji changes
 * a block by 0.38 to 0.68 and still counts.
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

/** The part of one block's ink difference that anti-aliasing cannot explain (see misplacedInk). */
export const AA_ALLOWANCE = 0.2;

/** Sum over blocks of |ink(a) - ink(b)|, less `allowance` each, divided by the sum of ink(reference). */
function inkDifference(a: Buffer, reference: Buffer, allowance: number): number {
  const x = blockInk(a);
  const y = blockInk(reference);
  if (x.width !== y.width || x.height !== y.height) throw new Error(`the images differ in size: ${x.width}x${x.height} and ${y.width}x${y.height}`);
  let diff = 0;
  let ink = 0;
  for (let i = 0; i < x.ink.length; i++) {
    diff += Math.max(0, Math.abs(x.ink[i] - y.ink[i]) - allowance);
    ink += y.ink[i];
  }
  return ink > 0 ? diff / ink : diff;
}

/** Sum over blocks of |ink(a) - ink(b)|, divided by the sum of ink(reference): 0 is identical. */
export function blockDifference(a: Buffer, reference: Buffer): number {
  return inkDifference(a, reference, 0);
}

/** Ink out of place beyond anti-aliasing: 0 when the renders differ by anti-aliasing alone. */
export function misplacedInk(a: Buffer, reference: Buffer): number {
  return inkDifference(a, reference, AA_ALLOWANCE);
}
