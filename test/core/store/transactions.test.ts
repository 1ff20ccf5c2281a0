/**
 * The asynchronous Store port over SQLite: a transaction spans awaits, commits or rolls back as a
 * whole, runs the calls made from within it inside it, and keeps every other call out until it is
 * over; one inside another is nested and rolls back alone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuelRecord } from '../../../src/core/model/records.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-transactions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function openWithDuel() {
  const store = openSqliteStore(join(dir, `t${++n}.db`));
  const duel: DuelRecord = {
    id: 'd1', platform: 'cli', community: 'c', channel: 'ch', messageRef: null, author: 'cli:me', prompt: 'a pelican',
    aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: Date.now() + 3_600_000, closedAt: null, status: 'open', flags: [],
  };
  await store.insertDuel(duel);
  return store;
}
const tick = () => new Promise((r) => setImmediate(r));

describe('store transactions', () => {
  it('commits every write of a function that spans awaits, and rolls all of them back when it throws', async () => {
    const store = await openWithDuel();
    await store.transaction(async (tx) => {
      await tx.setVote('d1', 'v1', 'A', 1);
      await tick();
      await store.setVote('d1', 'v2', 'B', 2); // the store itself, from within: inside the transaction
    });
    expect(Object.fromEntries(await store.votes('d1'))).toEqual({ v1: 'A', v2: 'B' });
    await expect(
      store.transaction(async (tx) => {
        await tx.setVote('d1', 'v3', 'tie', 3);
        await tick();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(Object.fromEntries(await store.votes('d1'))).toEqual({ v1: 'A', v2: 'B' });
    await store.close();
  });

  it('keeps calls made elsewhere out of a running transaction: they wait for its end', async () => {
    const store = await openWithDuel();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = store.transaction(async (tx) => {
      await tx.setVote('d1', 'v1', 'A', 1);
      await gate;
      throw new Error('rolled back');
    });
    await tick();
    // Made outside the transaction: it must neither see its write nor land in it.
    const outside = store.setVote('d1', 'v2', 'B', 2).then(() => store.votes('d1'));
    const second = store.transaction(async (tx) => tx.getVote('d1', 'v1'));
    await tick();
    release();
    await expect(running).rejects.toThrow('rolled back');
    expect(Object.fromEntries(await outside)).toEqual({ v2: 'B' });
    expect(await second).toBeNull();
    await store.close();
  });

  it('nests a transaction inside another: the inner one rolls back alone', async () => {
    const store = await openWithDuel();
    await store.transaction(async (tx) => {
      await tx.setVote('d1', 'v1', 'A', 1);
      await tx
        .transaction(async (inner) => {
          await inner.setVote('d1', 'v2', 'B', 2);
          throw new Error('inner');
        })
        .catch(() => undefined);
      await store.transaction(async (inner) => inner.setVote('d1', 'v3', 'tie', 3));
    });
    expect(Object.fromEntries(await store.votes('d1'))).toEqual({ v1: 'A', v3: 'tie' });
    await store.close();
  });
});
