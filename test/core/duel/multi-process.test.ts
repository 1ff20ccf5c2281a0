/**
 * Several engines on one SQLite file (issue 20), each as a separate process would be (its own
 * connection, owner id, timers and change feed), on one manual clock: a duel being drawn by a live
 * engine is never given up, a dead owner's is; a reveal is shown once; a duel opened by an engine
 * that stopped is closed on time by another; the change feed tells of a duel opened.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { DuelRecord } from '../../../src/core/model/records.js';
import type { Reveal } from '../../../src/core/model/types.js';
import type { DuelChange } from '../../../src/core/store/port.js';
import { openSqliteStore, type Store } from '../../../src/core/store/sqlite-store.js';
import { tempDbPath, type TestEngine, useTestEngines } from '../../helpers/engine.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const WINDOW = 60_000;
const engine = useTestEngines({ voteWindowMs: WINDOW });

const startWeb = (t: TestEngine, author = 'web:alice') =>
  t.service.startDuel({ platform: 'web', community: 'web', channel: 'web', author, prompt: 'a pelican riding a bicycle' });

const tick = () => new Promise((r) => setImmediate(r));

/** Waits (real time, generously) until `check` holds; the clock the engines read is moved by hand. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves the clock in steps, letting the store calls each step's timers started finish in between. */
async function advance(clock: ManualClock, total: number, step: number): Promise<void> {
  for (let done = 0; done < total; done += step) {
    clock.advance(step);
    await tick();
    await tick();
  }
}

/** The lease columns of a duel, read as a third process would. */
function leaseOf(dbPath: string, id: string): { status: string; lease_owner: string | null; lease_until: number | null; revealed_at: number | null } {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT status, lease_owner, lease_until, revealed_at FROM duels WHERE id = ?').get(id) as ReturnType<typeof leaseOf>;
  } finally {
    db.close();
  }
}

/** The store as another process opens it, for one piece of work. */
async function withStore<T>(dbPath: string, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore(dbPath);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

const row = (id: string, createdAt: number): DuelRecord => ({
  id, platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:zed', prompt: 'a lighthouse',
  aSpec: 'ollama:qwen3.6:35b-a3b', bSpec: 'anthropic:claude-opus-4-7', createdAt, closesAt: null, closedAt: null, status: 'generating', flags: [],
});

describe('several engines on one database', () => {
  it("never gives up a duel a live engine is drawing, and gives up a dead owner's once its lease ran out", async () => {
    const clock = new ManualClock();
    const dbPath = tempDbPath();
    // A draws a duel whose model never answers (its own deadlines run on real time, far beyond this test).
    const a = await engine({ dbPath, clock, ollamaBehaviour: { hang: 'before-headers' }, anthropicBehaviour: { hang: 'before-headers' } });
    const drawing = startWeb(a);
    void drawing.catch(() => undefined);
    let live: DuelRecord | undefined;
    await until(async () => (live = (await a.service.listDuels({ platform: 'web', limit: 5, offset: 0 })).duels[0]) !== undefined, 'A recorded its duel');
    expect(leaseOf(dbPath, live!.id)).toMatchObject({ status: 'generating', lease_until: clock.now() + 30_000 });
    const liveOwner = leaseOf(dbPath, live!.id).lease_owner;
    expect(liveOwner).toMatch(/:\d+:[0-9a-f]{8}$/);

    // Another process wrote a duel and died: its lease is never renewed. And a row from before leases.
    await withStore(dbPath, async (other) => {
      await other.insertDuel(row('deadowner1', clock.now()));
      await other.takeLease('deadowner1', 'gone-host:4242:deadbeef', clock.now() + 30_000);
      await other.insertDuel(row('oldnolease', clock.now() - 1));
    });

    // B starts on the same file and serves the same platform: at its start nothing of A's is touched.
    const b = await engine({ dbPath, clock });
    await b.service.armClosing('web', async () => undefined);
    expect((await b.service.getDuel(live!.id))?.status).toBe('generating');
    expect((await b.service.getDuel('deadowner1'))?.status).toBe('generating');
    // A row without a lease keeps today's rule: the platform starting here gives up what was drawn before it started.
    expect((await b.service.getDuel('oldnolease'))?.status).toBe('no-contest');
    // One written later without a lease (an older version still running) is given up only past staleAfterMs.
    await withStore(dbPath, (other) => other.insertDuel(row('newnolease', clock.now())));
    // Ten lease periods pass: A renews every ten seconds, the dead owner never does.
    await advance(clock, 300_000, 5_000);
    expect((await b.service.getDuel('deadowner1'))?.status).toBe('no-contest');
    expect((await b.service.getReveal('deadowner1'))?.status).toBe('no-contest');
    expect((await b.service.getDuel(live!.id))?.status).toBe('generating');
    expect(leaseOf(dbPath, live!.id).lease_until).toBeGreaterThan(clock.now());
    expect((await b.service.getDuel('newnolease'))?.status).toBe('generating');
  });

  it('shows a reveal once when two engines both see the duel closed', async () => {
    const clock = new ManualClock();
    const dbPath = tempDbPath();
    const a = await engine({ dbPath, clock });
    const b = await engine({ dbPath, clock });
    const shown: Array<{ by: string; reveal: Reveal }> = [];
    await a.service.armClosing('web', async (reveal) => void shown.push({ by: 'A', reveal }));
    await b.service.armClosing('web', async (reveal) => void shown.push({ by: 'B', reveal }));
    const { duel } = await startWeb(a);
    expect(duel.status).toBe('open');
    await a.service.vote({ duelId: duel.id, voter: 'web:bob', choice: 'A', op: 'add' });

    // Closed by a third process (`duel close` on this file): neither engine closed it, both find it at their poll.
    expect(await withStore(dbPath, (third) => third.markClosed(duel.id, clock.now()))).toBe(true);
    await advance(clock, 2_000, 2_000);
    await until(() => shown.length > 0, 'the reveal was shown');
    await until(() => leaseOf(dbPath, duel.id).revealed_at !== null, 'the reveal was recorded');
    // Many more polls on both: nobody shows it again.
    await advance(clock, 20_000, 2_000);
    expect(shown).toHaveLength(1);
    expect(shown[0].reveal).toMatchObject({ id: duel.id, winner: 'A', votes: 1 });
  });

  it('shows a reveal once when both engines close the same duel at the same moment', async () => {
    const clock = new ManualClock();
    const dbPath = tempDbPath();
    const a = await engine({ dbPath, clock });
    const b = await engine({ dbPath, clock });
    const shown: string[] = [];
    await a.service.armClosing('web', async () => void shown.push('A'));
    await b.service.armClosing('web', async () => void shown.push('B'));
    const { duel } = await startWeb(a);
    const [ra, rb] = await Promise.all([a.service.close(duel.id), b.service.close(duel.id)]);
    // One of them closed it; the other was told it was closed already.
    expect([ra.alreadyClosed ?? false, rb.alreadyClosed ?? false].sort()).toEqual([false, true]);
    await advance(clock, 10_000, 2_000);
    await until(() => shown.length > 0, 'the reveal was shown');
    await advance(clock, 10_000, 2_000);
    expect(shown).toHaveLength(1);
  });

  it("shows a reveal whose claiming process died, once the claim ran out", async () => {
    const clock = new ManualClock();
    const dbPath = tempDbPath();
    const a = await engine({ dbPath, clock });
    const { duel } = await startWeb(a);
    await a.service.close(duel.id); // A has no web handler: the reveal waits for whoever serves web
    // A process claimed the reveal, then died before showing it.
    expect(await withStore(dbPath, (s) => s.claimReveal(duel.id, 'gone-host:4242:deadbeef', clock.now(), clock.now() + 120_000))).toBe(true);
    const shown: string[] = [];
    const b = await engine({ dbPath, clock });
    await b.service.armClosing('web', async (r) => void shown.push(r.id));
    await advance(clock, 110_000, 2_000);
    expect(shown).toEqual([]); // the claim still holds: B leaves it to its owner
    await advance(clock, 20_000, 2_000);
    await until(() => shown.length === 1, 'B showed the reveal once the claim ran out');
    expect(shown).toEqual([duel.id]);
    await until(() => leaseOf(dbPath, duel.id).revealed_at !== null, 'the reveal was recorded');
  });

  it('closes on time a duel opened by an engine that stopped since, from another engine', async () => {
    const clock = new ManualClock();
    const dbPath = tempDbPath();
    const a = await engine({ dbPath, clock });
    const b = await engine({ dbPath, clock });
    const shownByB: Reveal[] = [];
    await a.service.armClosing('web', async () => undefined);
    await b.service.armClosing('web', async (reveal) => void shownByB.push(reveal));
    const { duel } = await startWeb(a); // opened in A: only A has a timer for it so far
    await advance(clock, 2_000, 2_000); // B's poll finds a duel it has not armed, and arms it
    await a.close(); // A stops (its timers go with it)
    await advance(clock, WINDOW - 4_000, 2_000);
    expect((await b.service.getDuel(duel.id))?.status).toBe('open'); // not before its time
    await advance(clock, 4_000, 2_000);
    await until(() => shownByB.length === 1, 'B showed the reveal');
    expect(shownByB[0]).toMatchObject({ id: duel.id, status: 'closed' });
    const closed = await b.service.getDuel(duel.id);
    expect(closed).toMatchObject({ status: 'closed', closedAt: duel.closesAt });
  });

  it('tells a subscriber of the change feed that a duel opened, closed and was revealed, by ids only', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const heard: DuelChange[] = [];
    const unsubscribe = t.engine.changes.subscribe((e) => heard.push(e));
    await t.service.armClosing('web', async () => undefined);
    const { duel } = await startWeb(t);
    await until(() => heard.length === 1, "the feed told of the duel's opening");
    expect(heard[0]).toEqual({ kind: 'opened', duelId: duel.id, platform: 'web' });
    await t.service.close(duel.id);
    await until(() => heard.length === 3, 'the feed told of the close and the reveal');
    expect(heard.slice(1)).toEqual([
      { kind: 'closed', duelId: duel.id, platform: 'web' },
      { kind: 'revealed', duelId: duel.id, platform: 'web' },
    ]);
    unsubscribe();
    await startWeb(t, 'web:carol');
    await tick();
    expect(heard).toHaveLength(3);
  });
});
