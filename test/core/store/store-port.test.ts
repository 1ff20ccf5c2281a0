/**
 * The Store port's contract, part one (duels, entries, images, image retention), the same on both
 * engines: values come back exactly as written (numbers as numbers, nulls as null, fractional ms,
 * pictures byte for byte), filters, order and paging agree, and the tallies follow the rules of
 * port.ts. Part two (votes, voter flags, server rows, board rows, the store itself) is
 * store-port-votes.test.ts. Each part ends by checking that it called every method it covers.
 */
import { expect, it } from 'vitest';
import type { DuelRecord } from '../../../src/core/model/records.js';
import type { Store } from '../../../src/core/store/port.js';
import { duelRows } from '../../../src/core/store/duel-rows.js';
import { upkeepRows } from '../../../src/core/store/upkeep-rows.js';
import { describeEachEngine } from '../../helpers/stores.js';
import { duelRecord, entryRecord, tracked } from './store-fixtures.js';

const T = 1_800_000_000_000; // epoch ms in 2027: past 2^32, well below 2^53

/** Every byte value, then a larger picture of varied bytes. */
const BYTES = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const BIG = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251));

/** A closed duel with both entries, closed at `closedAt` (its own time being `closesAt`). */
async function closed(store: Store, id: string, over: Partial<DuelRecord> & { closedAt: number }): Promise<void> {
  await store.insertDuel(duelRecord(id, { createdAt: T, closesAt: over.closedAt, ...over, closedAt: null, status: 'open' }));
  await store.putEntry(entryRecord(id, 'A', { spec: over.aSpec ?? 'x:a' }));
  await store.putEntry(entryRecord(id, 'B', { spec: over.bSpec ?? 'x:b' }));
  expect(await store.markClosed(id, over.closedAt)).toBe(true);
}

describeEachEngine('the Store port: duels, entries and images', (engine) => {
  const called = new Set<string>();
  const open = async () => tracked(await engine.open(), called);

  it('keeps a duel and its entries exactly: numbers stay numbers, nulls stay null, fractional ms stay', async () => {
    const store = await open();
    const full = duelRecord('d1', { platform: 'discord', community: 'g1', channel: 'c1', messageRef: 'm1', createdAt: T + 1, closesAt: T + 3_600_000, flags: ['unblinded'] });
    const bare = duelRecord('d2', { messageRef: null, closesAt: null, closedAt: null, status: 'generating' });
    await store.insertDuel(full);
    await store.insertDuel(bare);
    expect(await store.getDuel('d1')).toStrictEqual(full);
    expect(await store.getDuel('d2')).toStrictEqual(bare);
    expect(await store.getDuel('missing')).toBeUndefined();
    expect(await store.findByMessage('discord', 'm1')).toStrictEqual(full);
    expect(await store.findByMessage('slack', 'm1')).toBeUndefined();
    await store.setMessageRef('d2', 'm2');
    expect((await store.findByMessage('web', 'm2'))?.id).toBe('d2');

    const a = entryRecord('d1', 'A', { rawText: 'thinking… <svg/>', ms: 1234.5625, tokens: { input: 40, output: 2 ** 40 }, errorKind: null });
    const b = entryRecord('d1', 'B', { svg: null, ok: false, error: 'timed out', errorKind: 'timeout', ms: null, tokens: { input: null, output: null }, facts: undefined });
    await store.putEntry(a);
    await store.putEntry(b);
    const { facts: _a, ...aRow } = a;
    const { facts: _b, ...bRow } = b;
    expect(await store.entries('d1')).toStrictEqual({ A: aRow, B: bRow });
    // An entry is replaced whole; a duel with one side stored has no entries yet.
    await store.putEntry({ ...a, ms: 0.5, tokens: { input: 1, output: 1 } });
    expect((await store.entries('d1'))?.A).toMatchObject({ ms: 0.5, tokens: { input: 1, output: 1 } });
    await store.putEntry(entryRecord('d2', 'A'));
    expect(await store.entries('d2')).toBeUndefined();
    expect(await store.entries('missing')).toBeUndefined();
  });

  it('keeps a reply holding U+0000 on both engines, as U+FFFD (PostgreSQL text cannot hold it)', async () => {
    const store = await open();
    await store.insertDuel(duelRecord('d1'));
    await store.putEntry(entryRecord('d1', 'A', { rawText: 'a\u0000b', svg: '<svg>\u0000</svg>' }));
    await store.putEntry(entryRecord('d1', 'B', { ok: false, svg: null, error: 'bad byte \u0000' }));
    const kept = await store.entries('d1');
    expect(kept?.A).toMatchObject({ rawText: 'a\uFFFDb', svg: '<svg>\uFFFD</svg>' });
    expect(kept?.B.error).toBe('bad byte \uFFFD');
    const facts = (await store.drawingFacts(['d1'])).get('d1')!;
    expect(facts.A.bytes).toBe(Buffer.byteLength('<svg>\uFFFD</svg>'));
    expect(facts.B.error).toBe('bad byte \uFFFD');
  });

  it('keeps pictures byte for byte, replaces them, and lists their kinds without reading them', async () => {
    const store = await open();
    await store.insertDuel(duelRecord('d1'));
    await store.putImage('d1', 'A', BYTES);
    await store.putImage('d1', 'composite', BIG);
    await store.putImage('d1', 'animated', Buffer.alloc(0));
    const a = await store.image('d1', 'A');
    expect(Buffer.isBuffer(a)).toBe(true);
    expect(a!.equals(BYTES)).toBe(true);
    expect((await store.image('d1', 'composite'))!.equals(BIG)).toBe(true);
    expect((await store.image('d1', 'animated'))!.length).toBe(0);
    expect(await store.image('d1', 'B')).toBeUndefined();
    await store.putImage('d1', 'A', Buffer.from('again'));
    expect((await store.image('d1', 'A'))!.toString()).toBe('again');
    expect((await store.imageKinds('d1')).sort()).toEqual(['A', 'animated', 'composite']);
    expect(await store.imageKinds('missing')).toEqual([]);
  });

  it('moves a duel from generating to open, closed and revealed, each step once', async () => {
    const store = await open();
    await store.insertDuel(duelRecord('g1', { status: 'generating', closesAt: null, createdAt: T }));
    await store.insertDuel(duelRecord('g2', { status: 'generating', closesAt: null, createdAt: T + 1 }));
    await store.insertDuel(duelRecord('g3', { status: 'generating', closesAt: null, createdAt: T + 2, platform: 'slack' }));
    await store.insertDuel(duelRecord('g4', { status: 'generating', closesAt: null, createdAt: T + 50 }));
    expect(await store.countGenerating('web', 'web')).toBe(3);
    expect(await store.finishGeneration('g1', 'open', T + 100, ['unblinded'], null)).toBe(true);
    expect(await store.finishGeneration('g1', 'open', T + 100, [], null)).toBe(false);
    expect(await store.getDuel('g1')).toMatchObject({ status: 'open', closesAt: T + 100, closedAt: null, flags: ['unblinded'] });
    expect(await store.finishGeneration('g2', 'no-contest', null, [], T + 5)).toBe(true);
    expect(await store.getDuel('g2')).toMatchObject({ status: 'no-contest', closesAt: null, closedAt: T + 5 });
    // A crash left g3 and g4 generating: only web's created before the cut are given up.
    expect(await store.abandonExpired(T + 60, { createdBefore: T + 10, platform: 'web' })).toBe(0);
    expect(await store.abandonExpired(T + 60, { createdBefore: T + 10 })).toBe(1);
    expect(await store.getDuel('g3')).toMatchObject({ status: 'no-contest', closedAt: T + 60 });
    expect(await store.countGenerating('web', 'web')).toBe(1);
    expect(await store.finishGeneration('g3', 'open', T + 100, [], null)).toBe(false);

    await store.insertDuel(duelRecord('o2', { createdAt: T + 3, closesAt: T + 90 }));
    expect((await store.openDuels()).map((d) => d.id)).toEqual(['o2', 'g1']);
    expect(await store.openDuels('slack')).toEqual([]);
    expect(await store.markClosed('g1', T + 200)).toBe(true);
    expect(await store.markClosed('g1', T + 300)).toBe(false);
    expect(await store.markClosed('g4', T + 300)).toBe(false); // still generating
    expect(await store.markClosed('o2', T + 150)).toBe(true);
    // No contest is shown when posted; the closed ones wait for their reveal, oldest first.
    expect((await store.unrevealed('web')).map((d) => d.id)).toEqual(['o2', 'g1']);
    expect(await store.unrevealed('slack')).toEqual([]);
    await store.markRevealed('o2', T + 400);
    expect((await store.unrevealed('web')).map((d) => d.id)).toEqual(['g1']);
    expect((await store.getDuel('g1'))?.closedAt).toBe(T + 200);
    expect((await store.lastDuelBy('web:author'))?.id).toBe('g4');
    expect(await store.lastDuelBy('nobody')).toBeUndefined();
  });

  it('lists duels by every filter, newest first (then by id), a page at a time with the total', async () => {
    const store = await open();
    const specs = ['x:a', 'x:b', 'x:c'];
    for (let i = 0; i < 12; i++) {
      await store.insertDuel(
        duelRecord(`d${String(i).padStart(2, '0')}`, {
          platform: i % 3 === 0 ? 'discord' : 'web', community: i % 2 ? 'g1' : 'g2', channel: i < 6 ? 'c1' : 'c2',
          createdAt: T + Math.floor(i / 2), aSpec: specs[i % 3], bSpec: specs[(i + 1) % 3], status: i % 4 === 0 ? 'closed' : 'open',
        }),
      );
      if (i % 4 === 0) await store.addCategories(`d${String(i).padStart(2, '0')}`, i % 8 === 0 ? ['animals', 'sci-fi'] : ['vehicles']);
    }
    const ids = async (f: Parameters<Store['listDuels']>[0], limit = 100, offset = 0) => (await store.listDuels(f, limit, offset)).duels.map((d) => d.id);
    expect(await ids({})).toEqual(['d11', 'd10', 'd09', 'd08', 'd07', 'd06', 'd05', 'd04', 'd03', 'd02', 'd01', 'd00']);
    expect(await store.listDuels({}, 5, 10)).toMatchObject({ total: 12, duels: [{ id: 'd01' }, { id: 'd00' }] });
    expect(await ids({}, 3, 3)).toEqual(['d08', 'd07', 'd06']);
    expect(await ids({ platform: 'discord' })).toEqual(['d09', 'd06', 'd03', 'd00']);
    expect(await ids({ community: 'g1', channel: 'c1' })).toEqual(['d05', 'd03', 'd01']);
    expect(await ids({ since: T + 5 })).toEqual(['d11', 'd10']);
    expect(await ids({ contender: 'x:c' })).toEqual(['d11', 'd10', 'd08', 'd07', 'd05', 'd04', 'd02', 'd01']);
    expect(await ids({ statuses: ['closed'] })).toEqual(['d08', 'd04', 'd00']);
    expect(await ids({ statuses: ['closed', 'no-contest'], platform: 'web' })).toEqual(['d08', 'd04']);
    expect(await ids({ category: 'animals' })).toEqual(['d08', 'd00']);
    expect(await ids({ category: 'sci-fi' })).toEqual(['d08', 'd00']);
    expect(await ids({ category: 'vehicles' })).toEqual(['d04']);
    // LIKE's wildcards in a name never match: '_' would match any one letter, '%' anything.
    for (const wild of ['anim_ls', 'anim%', '%', '_', 'sci_fi', 'animals,vehicles']) expect(await ids({ category: wild }), wild).toEqual([]);
    expect(await store.listDuels({ category: 'anim_ls' }, 10, 0)).toEqual({ duels: [], total: 0 });
    const total = (await store.listDuels({ platform: 'web', since: T + 1 }, 1, 0)).total;
    expect(typeof total).toBe('number');
    expect(total).toBe(7);
  });

  it('gives closed duels oldest first with their tallies and the author’s early vote by the rules', async () => {
    const store = await open();
    // on-time: closed at its time; early: closed before (its author's vote is named); silent: early, no author vote;
    // flagged: early, but the author is a flagged voter (left out already); same-time ties are ordered by id.
    await closed(store, 'on-time', { closesAt: T + 100, closedAt: T + 100 });
    await closed(store, 'early', { closesAt: T + 1_000, closedAt: T + 10 });
    await closed(store, 'silent', { closesAt: T + 1_000, closedAt: T + 10 });
    await closed(store, 'flagged', { closesAt: T + 1_000, closedAt: T + 5, author: 'web:cheat' });
    await store.insertDuel(duelRecord('nc', { status: 'generating', closesAt: null }));
    expect(await store.finishGeneration('nc', 'no-contest', null, [], T + 1)).toBe(true);
    await store.insertDuel(duelRecord('still-open', { closesAt: T + 5_000 }));
    for (const [id, voter, choice] of [
      ['on-time', 'web:author', 'A'], ['on-time', 'v1', 'A'], ['on-time', 'v2', 'tie'],
      ['early', 'web:author', 'B'], ['early', 'v1', 'bad'],
      ['silent', 'v1', 'A'],
      ['flagged', 'web:cheat', 'A'], ['still-open', 'v1', 'A'],
    ] as const) await store.setVote(id, voter, choice, T);
    await store.flagVoter({ voter: 'web:cheat', votes: 1, logLikelihood: -1, expected: 0, sd: 1, z: 3, pValue: 0.001, flagged: true, topPick: null }, T);
    const rows = await store.closedDuels({});
    expect(rows.map((r) => r.id)).toEqual(['nc', 'flagged', 'early', 'silent', 'on-time']);
    const by = Object.fromEntries(rows.map((r) => [r.id, r]));
    expect(by['on-time']).toStrictEqual({
      id: 'on-time', aSpec: 'x:a', bSpec: 'x:b', closedAt: T + 100, flags: [], status: 'closed', A: 2, B: 0, tie: 1, bad: 0, authorEarlyVote: null, features: null, categories: [],
    });
    expect(by.early).toMatchObject({ A: 0, B: 1, tie: 0, bad: 1, authorEarlyVote: 'B' });
    expect(by.silent).toMatchObject({ A: 1, authorEarlyVote: null });
    expect(by.flagged).toMatchObject({ A: 1, authorEarlyVote: null });
    expect(by.nc).toMatchObject({ status: 'no-contest', A: 0, B: 0, tie: 0, bad: 0, authorEarlyVote: null });
    // Once the flag is cleared, the author's early vote counts as such again.
    expect(await store.clearVoterFlag('web:cheat', 'admin', T)).toBe(true);
    expect((await store.closedDuels({ contender: 'x:a', statuses: ['closed'] })).find((r) => r.id === 'flagged')?.authorEarlyVote).toBe('A');
    expect((await store.closedDuels({ since: T + 1 })).map((r) => r.id)).toEqual([]);

    expect(await store.closedDuelPrompts([])).toEqual([]);
    const prompts = await store.closedDuelPrompts(['early', 'nc', 'still-open', 'missing']);
    expect(prompts).toEqual([{ id: 'early', platform: 'web', community: 'web', prompt: 'prompt early' }]);
    await store.insertDuel(duelRecord('rev', { aSpec: 'x:b', bSpec: 'x:a' }));
    const pairs = (await store.pairCounts()).sort((p, q) => p.a.localeCompare(q.a));
    expect(pairs).toStrictEqual([{ a: 'x:a', b: 'x:b', n: 5 }, { a: 'x:b', b: 'x:a', n: 1 }]);
  });

  it('gives the draws of revealed duels only, and a contender’s latest draws without the aborted ones', async () => {
    const store = await open();
    await closed(store, 'c1', { closedAt: T + 10, createdAt: T });
    await store.putEntry(entryRecord('c1', 'B', { spec: 'x:b', ok: false, svg: null, error: 'bad', ms: 12.25, tokens: { input: null, output: 7 } }));
    await store.insertDuel(duelRecord('o1', { createdAt: T + 1 }));
    await store.putEntry(entryRecord('o1', 'A', { ms: 99 }));
    await store.putEntry(entryRecord('o1', 'B', { ok: false, svg: null, errorKind: 'aborted' }));
    await store.insertDuel(duelRecord('o2', { createdAt: T + 2, aSpec: 'x:c' }));
    await store.putEntry(entryRecord('o2', 'A', { spec: 'x:c' }));
    await store.putEntry(entryRecord('o2', 'B', { ok: false, svg: null, errorKind: 'timeout' }));
    const draws = (await store.activity({})).sort((p, q) => p.spec.localeCompare(q.spec));
    expect(draws).toStrictEqual([
      { spec: 'x:a', ok: true, ms: 10, tokensIn: 1, tokensOut: 2, features: null },
      { spec: 'x:b', ok: false, ms: 12.25, tokensIn: null, tokensOut: 7, features: null },
    ]);
    expect(await store.activity({ contender: 'x:c' })).toEqual([]);
    expect(await store.recentDraws('x:b', 10)).toStrictEqual([{ ok: false, at: T + 2 }, { ok: false, at: T }]);
    expect(await store.recentDraws('x:b', 1)).toStrictEqual([{ ok: false, at: T + 2 }]);
    expect(await store.recentDraws('x:a', 10)).toStrictEqual([{ ok: true, at: T + 1 }, { ok: true, at: T }]);
    expect(await store.recentDraws('x:none', 10)).toEqual([]);
  });

  it('reads drawing facts for 1,200 duels at once (past the 500-id slices), with fractional sizes and frame times', async () => {
    const store = await open();
    const ids = Array.from({ length: 1_200 }, (_, i) => `f${String(i).padStart(4, '0')}`);
    await store.transaction(async (tx) => {
      for (const [i, id] of ids.entries()) {
        await tx.insertDuel(duelRecord(id));
        await tx.putEntry(entryRecord(id, 'A', { svg: 'é'.repeat(i), facts: { animated: i % 2 === 1, width: 512.5, height: i } }));
        if (i !== 700) await tx.putEntry(entryRecord(id, 'B', { ok: false, svg: null, error: 'no', facts: undefined }));
      }
    });
    await store.setFrameMs('f0001', 41.25);
    await store.setFrameMs('f0002', 41.25); // still: no frame cost
    const facts = await store.drawingFacts([...ids, 'missing']);
    expect(facts.size).toBe(1_199);
    expect(facts.has('f0700')).toBe(false);
    for (const i of [0, 1, 2, 499, 500, 501, 999, 1_000, 1_199]) {
      const f = facts.get(ids[i])!;
      expect(f.A, ids[i]).toStrictEqual({
        side: 'A', spec: 'x:a', label: 'A', ok: true, error: null, animated: i % 2 === 1, width: 512.5, height: i, bytes: 2 * i, frameMs: i === 1 ? 41.25 : null,
      });
      expect(f.B, ids[i]).toStrictEqual({ side: 'B', spec: 'x:b', label: 'B', ok: false, error: 'no', animated: false, width: null, height: null, bytes: 0, frameMs: null });
    }
    expect(await store.drawingFacts([])).toEqual(new Map());
  });

  it('prunes the pictures of duels closed before the cut, a batch at a time, counting images and bytes', async () => {
    const store = await open();
    for (const [id, at] of [['p1', T + 1], ['p2', T + 2], ['p3', T + 3], ['late', T + 100]] as const) {
      await closed(store, id, { closedAt: at });
      await store.putImage(id, 'A', Buffer.alloc(1_000));
      await store.putImage(id, 'composite', BIG);
    }
    await store.insertDuel(duelRecord('open', { createdAt: T - 1 }));
    await store.putImage('open', 'A', BYTES);
    const first = await store.pruneImages(T + 50, 2);
    expect(first).toStrictEqual({ duels: 2, images: 4, bytes: 2 * (1_000 + BIG.length) });
    expect(await store.pruneImages(T + 50, 2)).toStrictEqual({ duels: 1, images: 2, bytes: 1_000 + BIG.length });
    expect(await store.pruneImages(T + 50, 2)).toStrictEqual({ duels: 0, images: 0, bytes: 0 });
    expect(await store.imageKinds('p3')).toEqual([]);
    expect((await store.imageKinds('late')).sort()).toEqual(['A', 'composite']);
    expect((await store.image('open', 'A'))!.equals(BYTES)).toBe(true);
    expect((await store.entries('p1'))?.A.svg).toBe('<svg id="p1A"/>');
  });

  it('was called on every method of its part of the port (this file runs in order)', () => {
    const methods = [...Object.keys(duelRows(null as never)), ...Object.keys(upkeepRows(null as never))];
    expect(methods.filter((m) => !called.has(m))).toEqual([]);
  });
});
