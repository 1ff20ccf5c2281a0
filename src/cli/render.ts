/** `duel render <in.svg> <out.png|out.gif> [--size N] [--at T]`: the same safe pipeline on one file. */
import { extname } from 'node:path';
import { isBoxSize, MAX_BOX, MAX_FRAME_SECONDS, MIN_BOX } from '../render/limits.js';
import { describeResult, renderFile } from '../render/render-file.js';
import type { Renderer } from '../core/model/types.js';
import { out, parse, UsageError } from './args.js';

const USAGE = 'duel render <in.svg> <out.png|out.gif> [--size N] [--at 1.2s]';

/** `1.2s`, `1200ms` or `1.2` (seconds) -> seconds, or null. */
export function parseFrameTime(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?\s*$/.exec(text);
  if (!m) return null;
  const v = Number(m[1]) / (m[2] === 'ms' ? 1000 : 1);
  return Number.isFinite(v) && v <= MAX_FRAME_SECONDS ? v : null;
}

export async function renderCommand(argv: string[], renderer: Renderer): Promise<number> {
  const { values, positionals } = parse(argv, { size: { type: 'string' }, at: { type: 'string' } }, USAGE);
  if (positionals.length !== 2) throw new UsageError(`expected an input SVG and an output .png or .gif\nusage: ${USAGE}`);
  const ext = extname(positionals[1]).toLowerCase();
  if (ext !== '.png' && ext !== '.gif') {
    throw new UsageError(`cannot write "${positionals[1]}": duel render writes PNG (.png) or animated GIF (.gif) files only; name the output file .png or .gif`);
  }
  const size = values.size === undefined ? undefined : Number(values.size);
  if (size !== undefined && !isBoxSize(size)) throw new UsageError(`--size is "${values.size}": use a whole number of pixels from ${MIN_BOX} to ${MAX_BOX}`);
  const at = values.at === undefined ? undefined : parseFrameTime(values.at);
  if (at === null) throw new UsageError(`--at is "${values.at}": use a time such as 1.2s or 500ms (from 0 to ${MAX_FRAME_SECONDS} s)`);
  if (at !== undefined && /\.gif$/i.test(positionals[1])) throw new UsageError(`--at draws one frame: give an output ending in .png, or leave out --at for an animated GIF\nusage: ${USAGE}`);
  const result = await renderFile(renderer, positionals[0], positionals[1], { size, at });
  out(describeResult(positionals[1], result, at));
  return 0;
}
