/**
 * The Store port's contract, part two (votes and events, voter flags, server rows, board rows, and
 * the store itself), the same on both engines; part one is store-port.test.ts. Two stores on one
 * database stand for two `duel serve` processes sharing it: a setting made once and a rate limit
 * hold when both race.
 */
import { existsSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import type { VoterEvidence } from '../../../src/core/model/records.js';
import type { Store } from '../../../src/core/store/port.js';
import { PostgresBackupError } from '../../../src/core/store/postgres-store.js';
import { leaseRows } from '../../../src/core/store/lease-rows.js';
import { duelRows } from '../../../src/core/store/duel-rows.js';
import { upkeepRows } from '../../../src/core/store/upkeep-rows.js';
import { describeEachEngine } from '../../helpers/stores.js';
import { duelRecord, entryRecord, tracked } from './store-fixtures.js';
import { call, openElsewhere, type Elsewhere, type RaceCall } from './store-elsewhere.js';

const T = 1_800_000_000_000;

function evidence(voter: string, over: Partial<VoterEvidence> = {}): VoterEvidence {
  return { voter, votes: 30, logLikelihood: -12.345678901234, expected: -20.5, sd: 2.25, z: 3.1, pValue: 0.000123, flagged: true, topPick: { spec: 'x:a', picked: 25, appeared: 28, expected: 14.5 }, ...over };
}

async function closedDuel(store: Store, id: string, closedAt: number, over: Parameters<typeof duelRecord>[1] = {}): Promise<void> {
  await store.insertDuel(duelRecord(id, { createdAt: T, closesAt: closedAt, ...over }));
  await store.markClosed(id, closedAt);
}

describeEachEngine('the Store port: votes, flags, server and board rows', (engine) => {
  const called = new Set<string>();
  const open = async () => tracked(await engine.open(), called);
  const elsewheres: Elsewhere[] = [];
  afterAll(() => Promise.all(elsewheres.map((e) => e.close())));

  it('keeps one vote per voter and duel, with its time, and fingerprints what the ratings depend on', async () => {
    const store = await open();
    await store.insertDuel(duelRecord('d1', { closesAt: T + 100 }));
    const v0 = await store.ratingsVersion();
    expect(await store.getVote('d1', 'v1')).toBeNull();
    await store.setVote('d1', 'v1', 'A', T + 1);
    await store.setVote('d1', 'v2', 'tie', T + 2);
    const v1 = await store.ratingsVersion();
    expect(v1).not.toBe(v0);
    await store.setVote('d1', 'v1', 'bad', T + 3); // changed: the choice and its time
    expect(await store.getVote('d1', 'v1')).toBe('bad');
    expect(await store.voteTimes('d1')).toEqual(new Map([['v1', T + 3], ['v2', T + 2]]));
    const v2 = await store.ratingsVersion();
    expect(v2).not.toBe(v1);
    expect(await store.votesSince('v1', T + 2)).toBe(1);
    expect(await store.votesSince('v1', T + 3)).toBe(0);
    await store.deleteVote('d1', 'v2');
    expect(await store.votes('d1')).toEqual(new Map([['v1', 'bad']]));
    const v3 = await store.ratingsVersion();
    expect(v3).not.toBe(v2);
    // Events and a no-op delete leave it; a close changes it.
    expect(await store.recordEvent('e1', T)).toBe(true);
    expect(await store.recordEvent('e1', T + 9)).toBe(false);
    expect(await store.recordEvent('e2', T + 5)).toBe(true);
    await store.deleteVote('d1', 'nobody');
    expect(await store.ratingsVersion()).toBe(v3);
    await store.markClosed('d1', T + 50);
    expect(await store.ratingsVersion()).not.toBe(v3);
    expect(await store.pruneEvents(T + 5)).toBe(1);
    expect(await store.recordEvent('e1', T + 6)).toBe(true); // forgotten, so new again
    expect(await store.recordEvent('e2', T + 6)).toBe(false);
  });

  it('flags a voter keeping the first flag time, clears and unflags, and versions every change', async () => {
    const store = await open();
    await closedDuel(store, 'd1', T + 10);
    await closedDuel(store, 'd2', T + 20, { flags: ['unblinded'] });
    await store.insertDuel(duelRecord('d3', { closesAt: T + 100 }));
    for (const [id, voter, choice] of [['d1', 'bob', 'A'], ['d1', 'amy', 'B'], ['d2', 'amy', 'A'], ['d3', 'amy', 'tie'], ['d1', 'cat', 'tie']] as const) await store.setVote(id, voter, choice, T);
    expect(await store.ratedVotes()).toStrictEqual([
      { voter: 'amy', a: 'x:a', b: 'x:b', choice: 'B' },
      { voter: 'bob', a: 'x:a', b: 'x:b', choice: 'A' },
      { voter: 'cat', a: 'x:a', b: 'x:b', choice: 'tie' },
    ]);
    const none = await store.voterFlagsVersion();
    expect(await store.voterFlags()).toEqual([]);
    await store.flagVoter(evidence('amy', { topPick: null }), T + 100);
    const first = await store.voterFlagsVersion();
    expect(first).not.toBe(none);
    await store.flagVoter(evidence('amy', { votes: 31, z: 3.5 }), T + 200); // flagged again: the first time stays
    await store.flagVoter(evidence('bob'), T + 150);
    expect(await store.voterFlags('flagged')).toStrictEqual([
      { voter: 'amy', state: 'flagged', votes: 31, evidence: evidence('amy', { votes: 31, z: 3.5 }), flaggedAt: T + 100, clearedAt: null, clearedBy: null },
      { voter: 'bob', state: 'flagged', votes: 30, evidence: evidence('bob'), flaggedAt: T + 150, clearedAt: null, clearedBy: null },
    ]);
    expect(await store.flaggedVotesByDuel()).toEqual(
      new Map([
        ['d1', { A: 1, B: 1, tie: 0, bad: 0 }],
        ['d2', { A: 1, B: 0, tie: 0, bad: 0 }],
        ['d3', { A: 0, B: 0, tie: 1, bad: 0 }],
      ]),
    );
    const twoFlags = await store.voterFlagsVersion();
    expect(await store.clearVoterFlag('bob', 'admin:1', T + 300)).toBe(true);
    const cleared = await store.voterFlagsVersion();
    expect(cleared).not.toBe(twoFlags);
    expect(await store.clearVoterFlag('bob', 'admin:1', T + 301)).toBe(false);
    expect(await store.clearVoterFlag('nobody', 'admin:1', T + 301)).toBe(false);
    expect(await store.voterFlagsVersion()).toBe(cleared); // nothing changed
    expect(await store.voterFlags('cleared')).toMatchObject([{ voter: 'bob', state: 'cleared', clearedAt: T + 300, clearedBy: 'admin:1', flaggedAt: T + 150 }]);
    // A cleared voter flagged anew is flagged from now, the clearing forgotten.
    await store.flagVoter(evidence('bob'), T + 400);
    expect((await store.voterFlags('flagged')).find((f) => f.voter === 'bob')).toMatchObject({ flaggedAt: T + 400, clearedAt: null, clearedBy: null });
    await store.clearVoterFlag('bob', 'admin:2', T + 500);
    // unflag removes a flag the test no longer raises; a cleared flag stays.
    await store.unflagVoter('amy');
    await store.unflagVoter('bob');
    expect((await store.voterFlags()).map((f) => [f.voter, f.state])).toEqual([['bob', 'cleared']]);
    expect(await store.flaggedVotesByDuel()).toEqual(new Map());
    expect(await store.voterFlagsVersion()).not.toBe(cleared);
  });

  it('makes a setting once, and rate tokens up to a limit in a window, free when taken before', async () => {
    const store = await open();
    expect(await store.setting('secret', () => 'first')).toBe('first');
    expect(await store.setting('secret', () => 'second')).toBe('first');
    const take = (token: string, at: number, limit = 2, since = T) => store.takeRateToken('post', '10.0.0.1', token, limit, since, at);
    expect(await take('t1', T + 1)).toBe(true);
    expect(await take('t2', T + 2)).toBe(true);
    expect(await take('t3', T + 3)).toBe(false);
    expect(await take('t1', T + 4)).toBe(true); // taken before: free
    expect(await store.takeRateToken('post', '10.0.0.2', 't3', 2, T, T + 3)).toBe(true); // another subject
    expect(await store.takeRateToken('vote', '10.0.0.1', 't3', 2, T, T + 3)).toBe(true); // another kind
    expect(await take('t3', T + 5, 2, T + 3)).toBe(true); // t1 and t2 are out of this window (t1 taken again kept its time)
    await store.releaseRateToken('post', '10.0.0.1', 't3');
    expect(await take('t4', T + 6, 2, T + 3)).toBe(true);
    expect(await store.pruneRateTokens(T + 4)).toBe(4); // t1, t2, and the other subject's and kind's
    // Left: t4; t5 and t6 make three.
    expect(await take('t5', T + 7, 3, 0)).toBe(true);
    expect(await take('t6', T + 7, 3, 0)).toBe(true);
    expect(await take('t7', T + 7, 3, 0)).toBe(false);
  });

  // Each side makes its calls at once, both sides together: a second store as another process would.
  async function race(calls: (side: 0 | 1, i: number) => RaceCall, each: number): Promise<{ here: unknown[]; there: unknown[]; here2: Store; there2: Elsewhere }> {
    const location = await engine.location();
    const here2 = tracked(await engine.openAt(location), called);
    const there2 = await openElsewhere(engine, location);
    elsewheres.push(there2);
    const indexes = Array.from({ length: each }, (_, i) => i);
    const [here, there] = await Promise.all([Promise.all(indexes.map((i) => call(here2, calls(0, i)))), there2.run(indexes.map((i) => calls(1, i)))]);
    return { here, there, here2, there2 };
  }

  it('answers one setting to two stores racing to make it on one database', async () => {
    const { here, there, here2, there2 } = await race((side, i) => ({ setting: ['signing', `value-${side}-${i}`] }), 20);
    expect(new Set([...here, ...there]).size).toBe(1);
    expect(await here2.setting('signing', () => 'later')).toBe(here[0]);
    expect(await there2.run([{ setting: ['signing', 'later'] }])).toEqual([here[0]]);
  });

  it('never lets two stores racing on one database take more rate tokens than the limit', async () => {
    const { here, there, here2, there2 } = await race((side, i) => ({ takeRateToken: ['post', 'addr', `t${side}-${i}`, 5, T, T + i] }), 20);
    expect([...here, ...there].filter((taken) => taken === true)).toHaveLength(5);
    expect(await here2.takeRateToken('post', 'addr', 'another', 5, T, T + 50)).toBe(false);
    expect(await there2.run([{ takeRateToken: ['post', 'addr', 'another', 5, T, T + 50] }])).toEqual([false]);
  });

  it('keeps what the board needs: drawing features, categories, a model’s cached answers, a voter’s choices', async () => {
    const store = await open();
    for (const id of ['b1', 'b2', 'b3']) {
      await closedDuel(store, id, T + 10, { platform: id === 'b3' ? 'slack' : 'web' });
      await store.putEntry(entryRecord(id, 'A'));
      await store.putEntry(entryRecord(id, 'B', { ok: false, svg: null }));
    }
    expect(await store.unmeasuredDrawings(2)).toHaveLength(2);
    const todo = await store.unmeasuredDrawings(10);
    expect(todo.map((t) => `${t.duelId}${t.side}`).sort()).toEqual(['b1A', 'b2A', 'b3A']);
    expect(todo.find((t) => t.duelId === 'b1')).toStrictEqual({ duelId: 'b1', side: 'A', svg: '<svg id="b1A"/>' });
    await store.setDrawingFeatures('b1', 'A', { bytes: 15, elements: 3, colors: 2, animated: 1, text: 4 });
    expect((await store.unmeasuredDrawings(10)).map((t) => t.duelId).sort()).toEqual(['b2', 'b3']);
    expect((await store.drawingFacts(['b1'])).get('b1')?.A).toMatchObject({ animated: true, bytes: 15 });

    expect((await store.uncategorizedDuels(2)).length).toBe(2);
    await store.addCategories('b1', ['space']);
    await store.addCategories('b1', ['animals', 'space']);
    await store.addCategories('missing', ['space']); // no duel: nothing to do
    await store.addCategories('b2', []);
    expect(await store.uncategorizedDuels(10)).toStrictEqual([{ id: 'b3', prompt: 'prompt b3' }]);
    expect((await store.closedDuels({ category: 'animals' })).map((r) => [r.id, r.categories])).toEqual([['b1', ['animals', 'space']]]);
    expect(await store.cachedPromptCategories('m', 'a cat')).toBeUndefined();
    await store.cachePromptCategories('m', 'a cat', ['animals'], T);
    await store.cachePromptCategories('m', 'a cat', ['animals', 'people'], T + 1);
    await store.cachePromptCategories('m', 'nothing', [], T);
    expect(await store.cachedPromptCategories('m', 'a cat')).toEqual(['animals', 'people']);
    expect(await store.cachedPromptCategories('m', 'nothing')).toEqual([]);

    await store.insertDuel(duelRecord('open', { closesAt: T + 100 }));
    for (const id of ['b1', 'b3', 'open']) await store.setVote(id, 'me', 'B', T);
    expect(await store.voterChoices('me', {})).toEqual(new Map([['b1', 'B'], ['b3', 'B']]));
    expect(await store.voterChoices('me', { platform: 'slack' })).toEqual(new Map([['b3', 'B']]));
    expect(await store.voterChoices('me', { category: 'space' })).toEqual(new Map([['b1', 'B']]));
  });

  it('runs a transaction, says where it lives, backs up (or names pg_dump), and closes', async () => {
    const location = await engine.location();
    const store = tracked(await engine.openAt(location), called);
    await store.insertDuel(duelRecord('d1'));
    expect(await store.transaction(async (tx) => (await tx.getDuel('d1'))?.id)).toBe('d1');
    const dest = `${engine.name === 'sqlite' ? location : '/tmp/duel-never-written'}.backup`;
    if (engine.name === 'sqlite') {
      expect(store.path).toBe(location);
      const progress: number[] = [];
      const { bytes } = await store.backup(dest, (p) => progress.push(p.totalPages));
      expect(bytes).toBeGreaterThan(0);
      expect(progress.length).toBeGreaterThan(0);
      const copy = await engine.openAt(dest);
      expect((await copy.getDuel('d1'))?.id).toBe('d1');
    } else {
      const u = new URL(location);
      expect(store.path).toBe(`${u.protocol}//${u.username}@${u.host}${u.pathname}`);
      const err = await store.backup(dest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PostgresBackupError);
      expect((err as PostgresBackupError).command).toContain('pg_dump');
      expect(existsSync(dest)).toBe(false);
    }
    await store.close();
    const again = await engine.openAt(location);
    expect((await again.getDuel('d1'))?.id).toBe('d1');
  });

  it('was called on every other method of the port (this file runs in order)', async () => {
    const store = await engine.open();
    // Part one (store-port.test.ts) and the lease rows (lease-rows.test.ts) are checked there.
    const partOne = new Set([...Object.keys(duelRows(null as never)), ...Object.keys(upkeepRows(null as never)), ...Object.keys(leaseRows(null as never))]);
    expect(Object.keys(store).filter((m) => !partOne.has(m) && !called.has(m))).toEqual([]);
  });
});
