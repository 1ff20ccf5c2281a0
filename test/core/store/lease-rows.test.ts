/**
 * The contract of the store's lease and claim rows (LeaseRows in store/port.ts) that the engine's
 * multi-process work relies on, on both engines (a real SQLite file and a real PostgreSQL database).
 */
import { expect, it } from 'vitest';
import type { DuelRecord } from '../../../src/core/model/records.js';
import { describeEachEngine } from '../../helpers/stores.js';

const T = 1_800_000_000_000;
const duel = (id: string, over: Partial<DuelRecord> = {}): DuelRecord => ({
  id, platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:a', prompt: 'a kite',
  aSpec: 'a:x', bSpec: 'b:y', createdAt: T, closesAt: null, closedAt: null, status: 'generating', flags: [], ...over,
});

describeEachEngine('lease rows', (engine) => {
  it('give up a generating duel only when its lease ran out, or, without a lease, when it is older than asked', async () => {
    const s = await engine.open();
    await s.insertDuel(duel('live'));
    await s.takeLease('live', 'me', T + 30_000);
    await s.insertDuel(duel('dead'));
    await s.takeLease('dead', 'gone', T + 30_000);
    await s.insertDuel(duel('old', { createdAt: T - 10 }));
    await s.insertDuel(duel('young', { createdAt: T + 10 }));
    await s.insertDuel(duel('discord-dead', { platform: 'discord' }));
    await s.takeLease('discord-dead', 'gone', T + 1);
    expect(await s.renewLeases('me', T + 90_000)).toBe(1);
    expect(await s.abandonExpired(T + 60_000, { createdBefore: T, platform: 'web' })).toBe(2); // dead, old
    const status = async (id: string) => (await s.getDuel(id))?.status;
    expect(await status('live')).toBe('generating');
    expect(await status('dead')).toBe('no-contest');
    expect(await status('old')).toBe('no-contest');
    expect(await status('young')).toBe('generating');
    expect(await status('discord-dead')).toBe('generating'); // another platform was not asked about
    expect((await s.getDuel('dead'))?.closedAt).toBe(T + 60_000);
    expect(await s.unrevealed('web')).toEqual([]); // a given-up duel has nothing left to reveal
    expect(await s.abandonExpired(T + 60_000, { createdBefore: T })).toBe(1);
    // A lease renewed on a duel no longer generating changes nothing.
    expect(await s.renewLeases('gone', T + 999_999)).toBe(0);
  });

  it('let one owner at a time claim a reveal, until it runs out, is given back, or the reveal is recorded', async () => {
    const s = await engine.open();
    await s.insertDuel(duel('d', { status: 'open', closesAt: T }));
    expect(await s.claimReveal('d', 'a', T, T + 100)).toBe(false); // open: nothing to reveal yet
    expect(await s.markClosed('d', T)).toBe(true);
    expect(await s.claimReveal('d', 'a', T, T + 100)).toBe(true);
    expect(await s.claimReveal('d', 'b', T + 50, T + 150)).toBe(false);
    expect(await s.claimReveal('d', 'a', T + 50, T + 150)).toBe(true); // its owner may claim again
    expect(await s.claimReveal('d', 'b', T + 151, T + 300)).toBe(true); // a's claim ran out
    await s.releaseReveal('d', 'a'); // not a's any more: nothing happens
    expect(await s.claimReveal('d', 'a', T + 200, T + 400)).toBe(false);
    await s.releaseReveal('d', 'b');
    expect(await s.claimReveal('d', 'a', T + 200, T + 400)).toBe(true);
    await s.markRevealed('d', T + 250);
    expect(await s.claimReveal('d', 'b', T + 999, T + 2_000)).toBe(false);
  });
});
