/**
 * The render path's fixed bounds, shared by the renderer, the worker's frame and GIF maker and
 * `duel render`. (The configurable defaults, box, timeouts and GIF limits, are RENDER_DEFAULTS in
 * core/model/settings.ts; the sanitizer's input cap is DEFAULT_MAX_INPUT_BYTES in sanitize.ts.)
 * Plain and self-contained: the render worker's esbuild bundle includes it.
 */

/** Smallest and largest box a caller may ask for, in px (bounds the bitmap whatever the caller passes). */
export const MIN_BOX = 16;
export const MAX_BOX = 4096;

/** Latest frame time of an animated drawing that may be asked for, in seconds (a day). */
export const MAX_FRAME_SECONDS = 86_400;

/** Drawings are drawn on white: they assume a page, and a transparent PNG looks broken on a dark chat theme. */
export const DRAWING_BACKGROUND = '#ffffff';

/** True for a box size a caller may ask for: a whole number of px from MIN_BOX to MAX_BOX. */
export function isBoxSize(n: number): boolean {
  return Number.isInteger(n) && n >= MIN_BOX && n <= MAX_BOX;
}
