import { expect, it } from 'vitest';
import { describeEachEngine } from '../../helpers/stores.js';

describeEachEngine('store smoke', (engine) => {
  it('keeps a duel, its votes and tallies', async () => {
    const store = await engine.open();
    await store.insertDuel({ id: 'd1', platform: 'cli', community: 'c', channel: 'ch', messageRef: null, author: 'u', prompt: 'p', aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 10, closedAt: null, status: 'open', flags: [] });
    await store.setVote('d1', 'v1', 'A', 2);
    await store.setVote('d1', 'v2', 'A', 3);
    await store.setVote('d1', 'u', 'B', 3);
    expect(await store.markClosed('d1', 5)).toBe(true);
    expect(await store.markClosed('d1', 5)).toBe(false);
    const rows = await store.closedDuels({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: 'd1', A: 2, B: 1, tie: 0, authorEarlyVote: 'B', closedAt: 5 });
    expect(await store.recordEvent('e', 1)).toBe(true);
    expect(await store.recordEvent('e', 1)).toBe(false);
    expect(await store.takeRateToken('k', 's', 't1', 1, 0, 1)).toBe(true);
    expect(await store.takeRateToken('k', 's', 't2', 1, 0, 1)).toBe(false);
    await store.putImage('d1', 'A', Buffer.from([1, 2, 3]));
    expect([...(await store.image('d1', 'A'))!]).toEqual([1, 2, 3]);
    expect(await store.ratingsVersion()).toBe('3:3:1:5');
  });
});
