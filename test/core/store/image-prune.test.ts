/**
 * DUEL_KEEP_IMAGES' prune on a real store of each engine: it removes the stored pictures of duels closed
 * before the cut-off only, and leaves their drawings (SVG), votes, facts and the board as they were.
 */
import { expect, it } from 'vitest';
import type { Store } from '../../../src/core/store/port.js';
import type { Side } from '../../../src/core/model/types.js';
import { describeEachEngine } from '../../helpers/stores.js';

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

async function duel(store: Store, id: string, closedAt: number | null): Promise<void> {
  const createdAt = (closedAt ?? NOW) - 3_600_000;
  await store.insertDuel({
    id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:me', prompt: `prompt ${id}`,
    aSpec: 'fake:a', bSpec: 'fake:b', createdAt, closesAt: null, closedAt: null, status: 'generating', flags: [],
  });
  for (const side of ['A', 'B'] as Side[]) {
    await store.putEntry({ duelId: id, side, spec: `fake:${side.toLowerCase()}`, label: side, rawText: null, svg: `<svg id="${id}${side}"/>`, ok: true, error: null, errorKind: null, ms: 10, tokens: { input: 1, output: 2 }, facts: { animated: false, width: 10, height: 10 } });
    await store.putImage(id, side, Buffer.alloc(100, 1));
  }
  await store.putImage(id, 'composite', Buffer.alloc(300, 2));
  await store.finishGeneration(id, 'open', createdAt + 3_600_000, [], null);
  await store.setVote(id, 'web:v1', 'A', createdAt + 1000);
  await store.setVote(id, 'web:v2', 'tie', createdAt + 2000);
  if (closedAt !== null) await store.markClosed(id, closedAt);
}

describeEachEngine('pruneImages', (engine) => {
  it('removes only old closed duels’ pictures, keeping SVGs, votes, facts and the board', async () => {
    const store = await engine.open();
    await duel(store, 'old1', NOW - 100 * DAY);
    await store.putImage('old1', 'animated', Buffer.alloc(500, 3));
    await duel(store, 'old2', NOW - 95 * DAY);
    await duel(store, 'recent', NOW - 10 * DAY);
    await duel(store, 'open', null);
    const boardBefore = await store.closedDuels({});
    const factsBefore = await store.drawingFacts(['old1', 'old2']);

    const first = await store.pruneImages(NOW - 90 * DAY, 1);
    expect(first).toEqual({ duels: 1, images: expect.any(Number), bytes: expect.any(Number) });
    const second = await store.pruneImages(NOW - 90 * DAY, 10);
    expect(second.duels).toBe(1);
    // old1: A, B, composite, animated (1000 bytes); old2: A, B, composite (500 bytes).
    expect(first.images + second.images).toBe(7);
    expect(first.bytes + second.bytes).toBe(1500);
    expect(await store.pruneImages(NOW - 90 * DAY, 10)).toEqual({ duels: 0, images: 0, bytes: 0 });

    expect(await store.imageKinds('old1')).toEqual([]);
    expect(await store.imageKinds('old2')).toEqual([]);
    expect((await store.imageKinds('recent')).sort()).toEqual(['A', 'B', 'composite']);
    expect((await store.imageKinds('open')).sort()).toEqual(['A', 'B', 'composite']);
    expect((await store.entries('old1'))?.A.svg).toBe('<svg id="old1A"/>');
    expect((await store.entries('old2'))?.B.svg).toBe('<svg id="old2B"/>');
    expect([...(await store.votes('old1')).entries()].sort()).toEqual([['web:v1', 'A'], ['web:v2', 'tie']]);
    expect(await store.closedDuels({})).toEqual(boardBefore);
    expect(await store.drawingFacts(['old1', 'old2'])).toEqual(factsBefore);
  });
});
