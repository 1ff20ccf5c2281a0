/**
 * A GIF has one canvas size, but a drawing may animate its own width, height or viewBox, so its
 * frames come out in different sizes. Each frame is placed on the first frame's canvas from the
 * top left, as a page shows an image that grows or shrinks in place: cut where it is larger,
 * white where it is smaller (drawings are drawn on white, limits.ts).
 */

const WHITE = 255;

/** RGBA pixels of `width` x `height` laid onto a `canvasWidth` x `canvasHeight` canvas. */
export function onCanvas(pixels: Uint8Array, width: number, height: number, canvasWidth: number, canvasHeight: number): Uint8Array {
  if (width === canvasWidth && height === canvasHeight) return pixels;
  const out = new Uint8Array(canvasWidth * canvasHeight * 4).fill(WHITE);
  const rowBytes = Math.min(width, canvasWidth) * 4;
  for (let y = 0; y < Math.min(height, canvasHeight); y++) {
    out.set(pixels.subarray(y * width * 4, y * width * 4 + rowBytes), y * canvasWidth * 4);
  }
  return out;
}
