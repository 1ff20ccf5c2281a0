/**
 * What the board keeps beyond votes (issue 19): each drawing's features, written with its entry or
 * measured later for drawings stored before (migration 7 leaves them unknown), each prompt's
 * categories and the category filter, a model's cached answers, and one voter's own choices. On
 * both engines; the upgrade of an old SQLite file on SQLite alone.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuelRecord, EntryRecord } from '../../../src/core/model/records.js';
import type { DrawingFeatures } from '../../../src/core/model/drawing-features.js';
import { MIGRATIONS } from '../../../src/core/store/migrations.js';
import type { Store } from '../../../src/core/store/port.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { describeEachEngine } from '../../helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-board-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>';
const FEATURES: DrawingFeatures = { bytes: SVG.length, elements: 2, colors: 1, animated: 0, text: 0 };

function duel(id: string, prompt = 'a pelican'): DuelRecord {
  return { id, platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:author', prompt, aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 2, closedAt: null, status: 'open', flags: [] };
}
function entry(duelId: string, side: 'A' | 'B', features?: DrawingFeatures): EntryRecord {
  return {
    duelId,
    side,
    spec: `x:${side.toLowerCase()}`,
    label: side,
    rawText: null,
    svg: SVG,
    ok: true,
    error: null,
    errorKind: null,
    ms: 1200,
    tokens: { input: 40, output: 900 },
    facts: { animated: false, width: 10, height: 10, ...(features ? { features } : {}) },
  };
}

async function closedDuel(store: Store, id: string, features?: DrawingFeatures) {
  await store.insertDuel(duel(id));
  await store.putEntry(entry(id, 'A', features));
  await store.putEntry({ ...entry(id, 'B', features && { ...features, animated: 1 }), facts: { animated: true, width: 10, height: 10, ...(features ? { features: { ...features, animated: 1 } } : {}) } });
  await store.setVote(id, 'web:v1', 'A', 1);
  await store.markClosed(id, 3);
}

describeEachEngine('the board rows of the store', (engine) => {
  it('keep features written with an entry, and give both sides with the closed duel and its draws', async () => {
    const store = await engine.open();
    await closedDuel(store, 'd1', FEATURES);
    const [row] = await store.closedDuels({});
    expect(row.features).toEqual({ A: FEATURES, B: { ...FEATURES, animated: 1 } });
    const draws = await store.activity({});
    expect(draws).toHaveLength(2);
    expect(draws[0]).toMatchObject({ ok: true, ms: 1200, tokensIn: 40, tokensOut: 900 });
    expect(draws.map((d) => d.features?.elements)).toEqual([2, 2]);
    expect(await store.unmeasuredDrawings(10)).toEqual([]);
  });

  it('list drawings without features until they are measured', async () => {
    const store = await engine.open();
    await closedDuel(store, 'd1');
    expect((await store.closedDuels({}))[0].features).toBeNull();
    const todo = await store.unmeasuredDrawings(10);
    expect(todo.map((t) => t.side).sort()).toEqual(['A', 'B']);
    expect(todo[0].svg).toBe(SVG);
    for (const t of todo) await store.setDrawingFeatures(t.duelId, t.side, { ...FEATURES, colors: 4 });
    expect(await store.unmeasuredDrawings(10)).toEqual([]);
    expect((await store.closedDuels({}))[0].features?.A.colors).toBe(4);
  });

  it('sort duels into categories, filter by one, and cache a model answer per prompt', async () => {
    const store = await engine.open();
    await closedDuel(store, 'd1');
    await closedDuel(store, 'd2');
    expect((await store.uncategorizedDuels(10)).map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    await store.addCategories('d1', ['vehicles', 'animals']);
    await store.addCategories('d1', ['animals', 'scenes']);
    await store.addCategories('d2', []);
    expect(await store.uncategorizedDuels(10)).toEqual([]);
    const rows = await store.closedDuels({});
    expect(rows.find((r) => r.id === 'd1')?.categories).toEqual(['animals', 'scenes', 'vehicles']);
    expect(rows.find((r) => r.id === 'd2')?.categories).toEqual([]);
    expect((await store.closedDuels({ category: 'animals' })).map((r) => r.id)).toEqual(['d1']);
    expect((await store.closedDuels({ category: 'anim' })).map((r) => r.id)).toEqual([]);
    expect((await store.closedDuels({ category: "a%' OR 1=1 --" })).map((r) => r.id)).toEqual([]);
    expect((await store.activity({ category: 'scenes' })).length).toBe(2);

    expect(await store.cachedPromptCategories('x:a', 'a pelican')).toBeUndefined();
    await store.cachePromptCategories('x:a', 'a pelican', ['animals'], 5);
    expect(await store.cachedPromptCategories('x:a', 'a pelican')).toEqual(['animals']);
    expect(await store.cachedPromptCategories('x:b', 'a pelican')).toBeUndefined();
  });

  it("give one voter's own choices on closed duels only", async () => {
    const store = await engine.open();
    await closedDuel(store, 'd1');
    await store.insertDuel(duel('open'));
    await store.setVote('open', 'web:v1', 'B', 1);
    await store.setVote('d1', 'web:v2', 'B', 2);
    expect([...(await store.voterChoices('web:v1', {}))]).toEqual([['d1', 'A']]);
    expect([...(await store.voterChoices('web:v2', {}))]).toEqual([['d1', 'B']]);
    expect((await store.voterChoices('web:nobody', {})).size).toBe(0);
  });
});

describe('the board rows of an upgraded SQLite database', () => {
  it('upgrade a version 6 database: drawings kept before have unknown features, duels no categories yet', async () => {
    const path = join(dir, 'v6.db');
    const db = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= 6)) db.exec(m.sql);
    db.pragma('user_version = 6');
    db.prepare(
      `INSERT INTO duels (id, platform, community, channel, author, prompt, a_spec, b_spec, created_at, closes_at, closed_at, status, revealed_at)
       VALUES ('old', 'web', 'web', 'web', 'web:a', 'a fox', 'x:a', 'x:b', 1, 2, 2, 'closed', 2)`,
    ).run();
    db.prepare(`INSERT INTO entries (duel_id, side, spec, label, svg, ok) VALUES ('old', 'A', 'x:a', 'A', ?, 1), ('old', 'B', 'x:b', 'B', NULL, 0)`).run(SVG);
    db.prepare(`INSERT INTO drawing_facts (duel_id, side, ok, bytes) VALUES ('old', 'A', 1, ?), ('old', 'B', 0, 0)`).run(SVG.length);
    db.close();
    const store = openSqliteStore(path);
    try {
      expect(await store.unmeasuredDrawings(10)).toEqual([{ duelId: 'old', side: 'A', svg: SVG }]);
      expect(await store.uncategorizedDuels(10)).toEqual([{ id: 'old', prompt: 'a fox' }]);
    } finally {
      await store.close();
    }
  });
});
