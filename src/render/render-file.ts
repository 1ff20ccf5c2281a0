/**
 * `duel render <in.svg> <out.png|out.gif> [--size N] [--at T]`: one untrusted SVG file (or a whole
 * model reply saved to a file) through the same extract -> sanitize -> sandboxed rasterize path as
 * a duel; `--at` draws an animated drawing's frame at time T, a `.gif` output its animation.
 */
import { constants } from 'node:fs';
import { open, writeFile, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { RenderError } from '../core/model/errors.js';
import type { Renderer } from '../core/model/types.js';
import { isBoxSize, MAX_BOX, MIN_BOX } from './limits.js';

/** Files larger than this are not read at all (the sanitizer's own cap is 2 MB of SVG). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;
/** Default box of a GIF from the command line: frames cost time in proportion to their pixels. */
const DEFAULT_GIF_BOX = 480;

/** Plain words for the file errors people actually hit; other codes are shown as they are. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
};
const WRITE_ERRORS: Record<string, string> = {
  ...READ_ERRORS,
  // Writing creates the file, so a missing one means its folder is missing.
  ENOENT: 'no such folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
};

/** Why a file could not be read (or written), in words: `no such file`, `permission denied`, … */
export function describeFileError(err: unknown, writing = false): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const words = code ? (writing ? WRITE_ERRORS : READ_ERRORS)[code] : undefined;
  if (words) return words;
  return code ?? (err instanceof Error ? err.message : String(err));
}

export interface RenderFileOptions {
  /** Fit into size x size px (default: the renderer's box; 480 for a GIF). */
  size?: number;
  /** Draw the frame at this time, in seconds (PNG output only). */
  at?: number;
}

export interface RenderFileResult {
  format: 'png' | 'gif';
  /** Pixel size of the image written. */
  width: number;
  height: number;
  /** Size of the file in bytes. */
  bytes: number;
  /** GIF only: frames and loop length in seconds. */
  frames?: number;
  seconds?: number;
}

/** What a special file is, in words, for the refusal. */
function kindOf(stat: { isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean; isDirectory(): boolean }): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Read a drawing file, refusing anything that is not a regular file before reading a byte:
 * a FIFO would block forever and /dev/zero never ends. Opened non-blocking, then checked on the
 * open handle (so the file cannot be swapped between check and read), then read up to the cap.
 */
export async function readDrawingFile(path: string): Promise<string> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new Error(`cannot read ${path}: ${describeFileError(err)}`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`cannot read ${path}: is ${kindOf(info)}, not a file`);
    if (info.size > MAX_FILE_BYTES) throw new RenderError(`${path} is too large to be a drawing (${info.size} bytes; at most ${MAX_FILE_BYTES})`, 'too-large');
    const buf = Buffer.alloc(Math.min(info.size, MAX_FILE_BYTES) + 1);
    let n = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, n, buf.length - n, n);
      if (bytesRead === 0) break;
      n += bytesRead;
      if (n >= buf.length) throw new RenderError(`${path} grew while it was read: it is not a finished drawing`, 'too-large');
    }
    return buf.subarray(0, n).toString('utf8');
  } catch (err) {
    if (err instanceof RenderError || (err instanceof Error && err.message.startsWith('cannot read'))) throw err;
    throw new Error(`cannot read ${path}: ${describeFileError(err)}`);
  } finally {
    await handle.close();
  }
}

/** The drawing in a file: a model reply is fine, a file with no <svg> is said so (not blamed on a model). */
async function extractFromFile(renderer: Renderer, path: string, text: string): Promise<string> {
  try {
    return await renderer.extract(text);
  } catch (err) {
    if (err instanceof RenderError && err.reason === 'no-svg' && !/<svg[\s>/]/i.test(text)) throw new RenderError(`no <svg> in ${path}: give an SVG file, or a model reply that contains one`, 'no-svg');
    throw err;
  }
}

/**
 * Render `inPath` to `outPath`: a PNG (the frame at `at` seconds when given), or an animated GIF
 * when `outPath` ends in .gif. Rejects with RenderError, or an Error naming the file when it
 * cannot be read or written.
 */
export async function renderFile(renderer: Renderer, inPath: string, outPath: string, options: RenderFileOptions | number = {}): Promise<RenderFileResult> {
  const { size, at } = typeof options === 'number' ? { size: options, at: undefined } : options;
  if (size !== undefined && !isBoxSize(size)) {
    throw new Error(`--size must be a whole number of pixels from ${MIN_BOX} to ${MAX_BOX}, not ${size}`);
  }
  const gif = extname(outPath).toLowerCase() === '.gif';
  if (gif && at !== undefined) throw new Error('--at draws one frame, which is a PNG: give an output ending in .png, or leave out --at for a GIF');
  const svg = await extractFromFile(renderer, inPath, await readDrawingFile(inPath));
  let bytes: Buffer;
  let result: RenderFileResult;
  if (gif) {
    if (!renderer.animation || !renderer.isAnimated) throw new Error('this renderer cannot make animated GIFs: write a .png');
    if (!renderer.isAnimated(svg)) throw new RenderError(`${inPath} does not animate (no SMIL or CSS keyframes): render it to a .png instead`, 'invalid');
    const anim = await renderer.animation(svg, { box: size ?? DEFAULT_GIF_BOX });
    bytes = anim.gif;
    result = { format: 'gif', width: anim.width, height: anim.height, bytes: bytes.length, frames: anim.frames, seconds: anim.seconds };
  } else {
    const out = await renderer.render(svg, { box: size, at });
    bytes = out.png;
    result = { format: 'png', width: out.width, height: out.height, bytes: bytes.length };
  }
  try {
    await writeFile(outPath, bytes);
  } catch (err) {
    throw new Error(`cannot write ${outPath}: ${describeFileError(err, true)}`);
  }
  return result;
}

/** The success line: what was written, e.g. `wrote out.gif: 30 frames, a 3 s loop, 480 x 300 px, 1.2 MB`. */
export function describeResult(outPath: string, r: RenderFileResult, at?: number): string {
  const kb = r.bytes < 1024 * 1024 ? `${Math.max(1, Math.round(r.bytes / 1024))} KB` : `${(r.bytes / 1024 / 1024).toFixed(1)} MB`;
  if (r.format === 'gif') return `wrote ${outPath}: an animated GIF, ${r.frames} frames, a ${Math.round((r.seconds ?? 0) * 100) / 100} s loop, ${r.width} x ${r.height} px, ${kb}`;
  return `wrote ${outPath}: ${r.width} x ${r.height} px PNG${at === undefined ? '' : ` of the frame at ${at} s`}, ${kb}`;
}
