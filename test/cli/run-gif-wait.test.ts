/**
 * `duel run` waits for the GIF core makes after the vote opened (`outcome.animation`), and never
 * waits for a still duel.
 */
import { describe, expect, it } from 'vitest';
import { animatedComposite } from '../../src/cli/run.js';
import type { DuelOutcome } from '../../src/core/model/records.js';

const GIF = Buffer.from('GIF89a-made-later');

function outcome(parts: { animated?: Buffer; animation?: Promise<Buffer | undefined> } = {}): Pick<DuelOutcome, 'images' | 'animation'> {
  return { images: { A: null, B: null, composite: Buffer.alloc(1), ...(parts.animated ? { animated: parts.animated } : {}) }, ...(parts.animation ? { animation: parts.animation } : {}) };
}

describe('the GIF of duel run', () => {
  it('is the one the outcome carries', async () => {
    expect(await animatedComposite(outcome({ animated: GIF }))).toBe(GIF);
  });

  it('is waited for when it is made after the vote opened', async () => {
    let made!: (gif: Buffer) => void;
    const pending = animatedComposite(outcome({ animation: new Promise((r) => (made = r)) }));
    made(GIF);
    expect(await pending).toBe(GIF);
  });

  it('is undefined when no drawing animates, or when the GIF could not be made', async () => {
    expect(await animatedComposite(outcome())).toBeUndefined();
    expect(await animatedComposite(outcome({ animation: Promise.resolve(undefined) }))).toBeUndefined();
  });
});
