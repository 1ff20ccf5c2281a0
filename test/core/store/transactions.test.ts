/**
 * The asynchronous Store port's transactions, on both engines: a transaction spans awaits, commits
 * or rolls back as a whole, runs the calls made from within it inside it, and one inside another is
 * nested and rolls back alone.
 *
 * What a call made elsewhere meanwhile gets (the port's promise on both engines): it never lands
 * in the transaction, never sees its writes before they are committed, and another transaction
 * waits until this one has committed or rolled back. How a single call made elsewhere waits is the
 * engine's: SQLite has one connection per process, so the call waits for the end of the
 * transaction; PostgreSQL runs it at once on another pooled connection, where it sees only
 * committed data (a transaction holds an advisory lock that only other transactions take).
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import type { Store } from '../../../src/core/store/port.js';
import { describeEachEngine, type EngineUnderTest } from '../../helpers/stores.js';
import { duelRecord, tick } from './store-fixtures.js';

/**
 * Resolves once a transaction is queued behind the running one: on PostgreSQL, a session of the
 * database at `location` waiting for an advisory lock; on SQLite (a queue in the process), once the
 * queued work has had many turns of the event loop to run, had it not been made to wait. Resolves
 * at once when `settled()` says the transaction did not wait (the caller's assertion then fails).
 */
async function queuedBehind(engine: EngineUnderTest, location: string, settled: () => boolean): Promise<void> {
  if (engine.name === 'sqlite') {
    for (let i = 0; i < 20; i++) await tick();
    return;
  }
  const client = new pg.Client({ connectionString: location });
  await client.connect();
  try {
    while (!settled()) {
      const r = await client.query(`SELECT COUNT(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`);
      if (r.rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    await client.end();
  }
}

/** Settles to true once `p` has settled (either way); `settled()` reads it without waiting. */
function watch(p: Promise<unknown>): { settled: () => boolean; done: Promise<void> } {
  let settled = false;
  const done = p.then(
    () => void (settled = true),
    () => void (settled = true),
  );
  return { settled: () => settled, done };
}

describeEachEngine('store transactions', (engine) => {
  let location = '';
  async function openWithDuel(): Promise<Store> {
    location = await engine.location();
    const store = await engine.openAt(location);
    await store.insertDuel(duelRecord('d1', { closesAt: Date.now() + 3_600_000 }));
    return store;
  }

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
  });

  it('keeps calls made elsewhere out of a running transaction, and other transactions wait for its end', async () => {
    const store = await openWithDuel();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const wroteInside = new Promise<void>((r) => (written = r));
    const running = store.transaction(async (tx) => {
      await tx.setVote('d1', 'v1', 'A', 1);
      written();
      await gate;
      throw new Error('rolled back');
    });
    await wroteInside;
    // Made outside the transaction: it must neither see its write nor land in it (and roll back with it).
    const outside = store.setVote('d1', 'v2', 'B', 2).then(() => store.votes('d1'));
    const outsideWatch = watch(outside);
    const second = store.transaction(async (tx) => tx.getVote('d1', 'v1'));
    const secondWatch = watch(second);
    if (engine.name === 'postgres') {
      // Another connection: done while the transaction is still open, seeing only committed rows.
      await outsideWatch.done;
      expect(Object.fromEntries(await outside)).toEqual({ v2: 'B' });
    } else {
      for (let i = 0; i < 20; i++) await tick();
      expect(outsideWatch.settled()).toBe(false);
    }
    await queuedBehind(engine, location, secondWatch.settled);
    expect(secondWatch.settled()).toBe(false);
    release();
    await expect(running).rejects.toThrow('rolled back');
    expect(Object.fromEntries(await outside)).toEqual({ v2: 'B' });
    expect(await second).toBeNull();
    expect(Object.fromEntries(await store.votes('d1'))).toEqual({ v2: 'B' });
  });

  // Two processes sharing one database. On SQLite a second connection in this process would block the
  // event loop in its busy wait (it is synchronous): its two processes are two-processes.test.ts.
  if (engine.name === 'postgres') {
    it('makes a transaction of a second store on the same database wait for the first to end', async () => {
      location = await engine.location();
      const first = await engine.openAt(location);
      const other = await engine.openAt(location);
      await first.insertDuel(duelRecord('d1'));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let written!: () => void;
      const wroteInside = new Promise<void>((r) => (written = r));
      const running = first.transaction(async (tx) => {
        await tx.setVote('d1', 'v1', 'A', 1);
        written();
        await gate;
      });
      await wroteInside;
      const waiting = other.transaction(async (tx) => tx.getVote('d1', 'v1'));
      const waitingWatch = watch(waiting);
      expect(await other.getVote('d1', 'v1')).toBeNull(); // not committed yet
      await queuedBehind(engine, location, waitingWatch.settled);
      expect(waitingWatch.settled()).toBe(false);
      release();
      await running;
      expect(await waiting).toBe('A');
    });
  }

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
  });
});
