/**
 * Counts the frames of a GIF by walking its blocks (header, screen, colour tables, extensions,
 * image descriptors), so a test sees how many images a GIF really holds. Throws on anything that
 * is not a well-formed GIF89a.
 */
export function gifFrameCount(gif: Buffer): number {
  if (gif.subarray(0, 6).toString('latin1') !== 'GIF89a') throw new Error('not a GIF89a');
  const table = (flags: number) => (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  let at = 13 + table(gif[10]);
  const skipSubBlocks = () => {
    while (gif[at] !== 0) {
      if (at >= gif.length) throw new Error('GIF ends inside a block');
      at += gif[at] + 1;
    }
    at += 1;
  };
  let frames = 0;
  for (;;) {
    const block = gif[at];
    if (block === 0x3b) return frames;
    if (block === 0x21) {
      at += 2;
      skipSubBlocks();
    } else if (block === 0x2c) {
      frames += 1;
      at += 10 + table(gif[at + 9]) + 1;
      skipSubBlocks();
    } else {
      throw new Error(`unexpected GIF block 0x${(block ?? 0).toString(16)} at ${at}`);
    }
  }
}
