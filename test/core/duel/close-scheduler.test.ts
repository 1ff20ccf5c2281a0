/**
 * Reveal delivery, at least once (issue 9.2), on the scheduler itself with a manual clock: marked
 * only after the platform showed it, errors caught and logged, stop() waits for reveals in flight,
 * a failed reveal retried at the next start, a duel closed elsewhere found by the poll.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDuelChanges } from '../../../src/core/duel/change-feed.js';
import { CloseScheduler, type CloseSchedulerDeps } from '../../../src/core/duel/close-scheduler.js';
import type { DuelRecord } from '../../../src/core/model/records.js';
import type { Reveal } from '../../../src/core/model/types.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const duel = (id: string): DuelRecord => ({
  id, platform: 'slack', community: 'T1', channel: 'C1', messageRef: `C1:${id}`, author: 'slack:U1', prompt: 'p',
  aSpec: 'a:x', bSpec: 'b:y', createdAt: 0, closesAt: 0, closedAt: 0, status: 'closed', flags: [],
});
const reveal = (id: string): Reveal => ({
  id, status: 'closed', sides: { A: { spec: 'a:x', label: 'X', ok: true, error: null }, B: { spec: 'b:y', label: 'Y', ok: true, error: null } },
  tally: { A: 1, B: 0, tie: 0, bad: 0 }, votes: 1, winner: 'A', flags: [],
});

/** A tiny in-memory stand-in for the duel rows and the closing the scheduler uses (its own ports, not a mocked SDK). */
function world(clock: ManualClock) {
  const duels = new Map<string, DuelRecord>();
  const revealed = new Set<string>();
  const claims = new Map<string, { owner: string; until: number }>();
  const logs: Array<Record<string, any>> = [];
  let markFails = false;
  const deps: CloseSchedulerDeps = {
    clock,
    logger: pino({ level: 'debug' }, { write: (s: string) => void logs.push(JSON.parse(s)) }),
    closing: { close: async (id) => ({ reveal: reveal(id), duel: duels.get(id)!, closedNow: true }), reveal: async (id) => reveal(id) },
    duels: {
      getDuel: async (id) => duels.get(id),
      openDuels: async () => [...duels.values()].filter((d) => d.status === 'open'),
      unrevealed: async () => [...duels.values()].filter((d) => !revealed.has(d.id)),
      markRevealed: async (id) => {
        if (markFails) throw new Error('The database connection is not open');
        revealed.add(id);
      },
      // The claim as the store makes it: held by one owner until it runs out, given back on failure.
      claimReveal: async (id, owner, at, until) => {
        const held = claims.get(id);
        if (revealed.has(id) || (held && held.owner !== owner && held.until >= at)) return false;
        claims.set(id, { owner, until });
        return true;
      },
      releaseReveal: async (id, owner) => {
        if (claims.get(id)?.owner === owner) claims.delete(id);
      },
    },
    owner: 'test-process',
    claimMs: 60_000,
    pollMs: 1000,
    graceMs: 60_000,
  };
  return { deps, duels, revealed, claims, logs, failMarks: () => (markFails = true) };
}

const tick = () => new Promise((r) => setImmediate(r));
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

describe('reveal delivery', () => {
  it('marks a duel revealed only after the platform showed it, and stop() waits for it', async () => {
    const clock = new ManualClock();
    const w = world(clock);
    const s = new CloseScheduler(w.deps);
    let show!: () => void;
    s.armPlatform('slack', () => new Promise<void>((r) => (show = r)));
    w.duels.set('d1', duel('d1'));
    s.notify(reveal('d1'), duel('d1'));
    await tick();
    expect(w.revealed.has('d1')).toBe(false);
    let stopped = false;
    const stopping = s.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    show();
    await stopping;
    expect(w.revealed.has('d1')).toBe(true);
  });

  it('logs a reveal that could not be recorded instead of crashing', async () => {
    const w = world(new ManualClock());
    w.failMarks();
    const s = new CloseScheduler(w.deps);
    s.armPlatform('slack', async () => undefined);
    s.notify(reveal('d2'), duel('d2'));
    await s.stop();
    await tick();
    expect(unhandled).toEqual([]);
    expect(w.logs.some((l) => l.duelId === 'd2' && /could not be recorded/.test(l.msg))).toBe(true);
  });

  it('leaves a failed reveal unrevealed, does not hammer it, and retries it at the next start', async () => {
    const clock = new ManualClock();
    const w = world(clock);
    w.duels.set('d3', duel('d3'));
    let attempts = 0;
    let fail = true;
    const handler = async () => {
      attempts++;
      if (fail) throw new Error('cant_update_message');
    };
    const s = new CloseScheduler(w.deps);
    s.armPlatform('slack', handler); // delivers the missed reveal at start: it fails
    await tick();
    expect(attempts).toBe(1);
    clock.advance(5_000); // polls pass: a reveal already tried in this run is left for the next start
    await tick();
    expect(attempts).toBe(1);
    expect(w.revealed.has('d3')).toBe(false);
    await s.stop();
    fail = false;
    s.armPlatform('slack', handler);
    await tick();
    await tick();
    expect(attempts).toBe(2);
    expect(w.revealed.has('d3')).toBe(true);
    await s.stop();
  });

  it('reveals a duel closed by another process at the next poll', async () => {
    const clock = new ManualClock();
    const w = world(clock);
    const shown: string[] = [];
    const s = new CloseScheduler(w.deps);
    s.armPlatform('slack', async (r) => void shown.push(r.id));
    w.duels.set('d4', duel('d4')); // `duel close` elsewhere: closed in the store, not revealed
    await tick();
    expect(shown).toEqual([]);
    clock.advance(1_000);
    await tick();
    await tick();
    expect(shown).toEqual(['d4']);
    expect(w.revealed.has('d4')).toBe(true);
    clock.advance(3_000);
    await tick();
    expect(shown).toEqual(['d4']);
    await s.stop();
  });

  it('reacts at once to the change feed: arms a duel opened elsewhere, shows a reveal closed elsewhere', async () => {
    const clock = new ManualClock();
    const w = world(clock);
    const changes = localDuelChanges();
    const closed: string[] = [];
    const shown: string[] = [];
    // A poll far away: only the feed can explain what happens before it.
    const s = new CloseScheduler({ ...w.deps, changes, pollMs: 3_600_000, closing: { ...w.deps.closing, close: async (id) => (closed.push(id), { reveal: reveal(id), duel: w.duels.get(id)!, closedNow: true }) } });
    await s.armPlatform('slack', async (r) => void shown.push(r.id));
    w.duels.set('o1', { ...duel('o1'), status: 'open', closesAt: clock.now() + 10_000, closedAt: null });
    await changes.publish({ kind: 'opened', duelId: 'o1', platform: 'slack' });
    await tick();
    await tick();
    expect(clock.pending).toBe(2); // the poll and o1's timer
    clock.advance(10_000);
    await tick();
    expect(closed).toEqual(['o1']);
    w.duels.set('c1', duel('c1')); // closed by another process
    await changes.publish({ kind: 'closed', duelId: 'c1', platform: 'slack' });
    await tick();
    await tick();
    expect(shown).toContain('c1');
    expect(w.revealed.has('c1')).toBe(true);
    await s.stop();
  });

  it('gives back the claim of a reveal still in flight when stop() stops waiting, so a restart shows it at once', async () => {
    const w = world(new ManualClock());
    const s = new CloseScheduler({ ...w.deps, graceMs: 20 });
    await s.armPlatform('slack', () => new Promise<void>(() => undefined)); // a platform that never answers
    w.duels.set('d5', duel('d5'));
    s.notify(reveal('d5'), duel('d5'));
    await tick();
    expect(w.claims.get('d5')?.owner).toBe('test-process');
    await s.stop();
    expect(w.claims.has('d5')).toBe(false);
    expect(w.revealed.has('d5')).toBe(false);
  });
});
