/**
 * `duel run` waits for a GIF the engine makes after the vote opened: it reads the stored image
 * until it arrives (or the GIF budget passes), and never waits for a still duel.
 */
import { describe, expect, it } from 'vitest';
import { animatedComposite } from '../../src/cli/run.js';
import type { DuelOutcome } from '../../src/core/model/records.js';

const GIF = Buffer.from('GIF89a-made-later');

function outcome(animated?: Buffer): DuelOutcome {
  return { duel: { id: 'd1' }, images: { A: null, B: null, composite: Buffer.alloc(1), ...(animated ? { animated } : {}) } } as unknown as DuelOutcome;
}

/** A service whose GIF is stored after `readsBeforeStored` reads of the image (as a background job would). */
function service(animates: boolean, readsBeforeStored: number) {
  let reads = 0;
  return {
    reads: () => reads,
    isAnimated: async () => animates,
    image: async () => (++reads > readsBeforeStored ? GIF : undefined),
  };
}

describe('the GIF of duel run', () => {
  it('is the one the outcome carries, without asking the store', async () => {
    const s = service(true, 0);
    expect(await animatedComposite(s, outcome(GIF), 60_000)).toBe(GIF);
    expect(s.reads()).toBe(0);
  });

  it('is read from the store until it arrives when it is made after the vote opened', async () => {
    const s = service(true, 2);
    expect(await animatedComposite(s, outcome(), 60_000)).toBe(GIF);
    expect(s.reads()).toBe(3);
  });

  it('is not waited for when no drawing animates, or when GIFs are off', async () => {
    const still = service(false, 0);
    expect(await animatedComposite(still, outcome(), 60_000)).toBeUndefined();
    expect(still.reads()).toBe(0);
    const off = service(true, 0);
    expect(await animatedComposite(off, outcome(), 0)).toBeUndefined();
    expect(off.reads()).toBe(0);
  });
});
