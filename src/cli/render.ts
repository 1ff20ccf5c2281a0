/** `duel render <in.svg> <out.png> [--size N]`: the same safe pipeline on one file. */
import { renderFile } from '../render/render-file.js';
import type { Renderer } from '../core/types.js';
import { parse, UsageError } from './args.js';

const USAGE = 'duel render <in.svg> <out.png> [--size N]';

export async function renderCommand(argv: string[], renderer: Renderer): Promise<number> {
  const { values, positionals } = parse(argv, { size: { type: 'string' } }, USAGE);
  if (positionals.length !== 2) throw new UsageError(`expected an input SVG and an output PNG\nusage: ${USAGE}`);
  const size = values.size === undefined ? undefined : Number(values.size);
  if (size !== undefined && (!Number.isInteger(size) || size < 16 || size > 4096)) throw new UsageError(`--size is "${values.size}": use a whole number of pixels from 16 to 4096`);
  await renderFile(renderer, positionals[0], positionals[1], size);
  return 0;
}
