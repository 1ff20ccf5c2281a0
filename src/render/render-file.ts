/**
 * `duel render <in.svg> <out.png> [--size N]`: one untrusted SVG file (or a whole model reply
 * saved to a file) through the same extract -> sanitize -> sandboxed rasterize path as a duel.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import { RenderError } from '../core/errors.js';
import type { Renderer } from '../core/types.js';

/** Files larger than this are not read at all (the sanitizer's own cap is 2 MB of SVG). */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

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

export interface RenderFileResult {
  /** Pixel size of the PNG written. */
  width: number;
  height: number;
  /** Size of the PNG file in bytes. */
  bytes: number;
}

/**
 * Render `inPath` to a PNG at `outPath`, fitted into `size` x `size` px (default: the renderer's box).
 * Rejects with RenderError, or an Error naming the file when it cannot be read or written.
 */
export async function renderFile(renderer: Renderer, inPath: string, outPath: string, size?: number): Promise<RenderFileResult> {
  if (size !== undefined && (!Number.isInteger(size) || size < 16 || size > 4096)) {
    throw new Error(`--size must be a whole number of pixels from 16 to 4096, not ${size}`);
  }
  let text: string;
  try {
    const info = await stat(inPath);
    if (info.size > MAX_FILE_BYTES) throw new RenderError(`${inPath} is too large to be a drawing (${info.size} bytes)`, 'too-large');
    text = await readFile(inPath, 'utf8');
  } catch (err) {
    if (err instanceof RenderError) throw err;
    throw new Error(`cannot read ${inPath}: ${describeFileError(err)}`);
  }
  const svg = renderer.extract(text);
  const out = await renderer.render(svg, size === undefined ? undefined : { box: size });
  try {
    await writeFile(outPath, out.png);
  } catch (err) {
    throw new Error(`cannot write ${outPath}: ${describeFileError(err, true)}`);
  }
  return { width: out.width, height: out.height, bytes: out.png.length };
}
