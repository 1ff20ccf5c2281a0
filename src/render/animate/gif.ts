/**
 * Animated GIF encoding (gifenc, pure JavaScript): one palette for the whole loop, built from a
 * few sample frames, so colours do not flicker between frames; every frame after the first
 * stores only the pixels that changed (the rest are transparent and show the frame before),
 * which keeps a mostly still picture with a spinning wheel small.
 */
import { applyPalette, GIFEncoder, quantize, type Palette } from 'gifenc';

/** Index 255 is the transparent "unchanged" colour; the picture gets the other 255. */
const TRANSPARENT = 255;

/** A palette of at most 255 colours for these frames (opaque RGBA), sampling every 3rd pixel. */
export function paletteFor(frames: Uint8Array[]): Palette {
  const stride = 3;
  const per = frames.length ? Math.floor(frames[0].length / 4 / stride) : 0;
  const sample = new Uint8Array(per * frames.length * 4);
  let o = 0;
  for (const f of frames) {
    for (let p = 0; p < per; p++) {
      const i = p * stride * 4;
      sample[o++] = f[i];
      sample[o++] = f[i + 1];
      sample[o++] = f[i + 2];
      sample[o++] = 255;
    }
  }
  const palette = quantize(sample, 255, { format: 'rgb565' });
  while (palette.length < 256) palette.push([0, 0, 0]);
  return palette;
}

export class GifWriter {
  private readonly enc = GIFEncoder();
  private displayed: Uint8Array | null = null;
  frames = 0;

  constructor(
    private readonly width: number,
    private readonly height: number,
    private readonly palette: Palette,
  ) {}

  /** Add one frame of opaque RGBA pixels (width x height), shown for delayMs. */
  add(rgba: Uint8Array, delayMs: number): void {
    const index = applyPalette(rgba, this.palette.slice(0, 255), 'rgb565');
    const first = this.displayed === null;
    if (this.displayed) {
      const shown = this.displayed;
      for (let i = 0; i < index.length; i++) {
        if (index[i] === shown[i]) index[i] = TRANSPARENT;
        else shown[i] = index[i];
      }
    } else {
      this.displayed = index.slice();
    }
    this.enc.writeFrame(index, this.width, this.height, {
      palette: first ? this.palette : undefined,
      delay: delayMs,
      repeat: 0,
      transparent: !first,
      transparentIndex: TRANSPARENT,
      dispose: 1, // keep the frame: the next one only paints what changed
    });
    this.frames++;
  }

  /** Bytes written so far. */
  get size(): number {
    return this.enc.bytesView().length;
  }

  finish(): Uint8Array {
    this.enc.finish();
    return this.enc.bytes();
  }
}
