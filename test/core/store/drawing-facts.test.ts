/**
 * Drawing facts (model/records.ts DrawingFacts) are kept with each entry: written with the entry,
 * read for many duels at once without the SVG text, and backfilled by migration 6 for entries
 * stored before (bytes and the animation test from the stored svg). On both engines; the backfill
 * of an old SQLite file on SQLite alone.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DuelRecord, EntryRecord } from '../../../src/core/model/records.js';
import { MIGRATIONS } from '../../../src/core/store/migrations.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { describeEachEngine } from '../../helpers/stores.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-facts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STILL = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>';
const SMIL = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"><animate attributeName="x" to="5" dur="1s"/></rect></svg>';
const SET = '<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"><set attributeName="x" to="5"/></rect></svg>';
const CSS = '<svg xmlns="http://www.w3.org/2000/svg"><style>@keyframes k{to{opacity:0}} rect{animation:k 1s}</style><rect width="10" height="10"/></svg>';

function duel(id: string): DuelRecord {
  return { id, platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:v', prompt: 'p', aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 2, closedAt: null, status: 'open', flags: [] };
}
function entry(duelId: string, side: 'A' | 'B', svg: string | null, facts?: EntryRecord['facts']): EntryRecord {
  return { duelId, side, spec: `x:${side}`, label: side, rawText: null, svg, ok: svg !== null, error: svg ? null : 'failed', errorKind: null, ms: 1, tokens: { input: null, output: null }, ...(facts ? { facts } : {}) };
}

describeEachEngine('drawing facts', (engine) => {
  it('are stored with each entry and read for many duels at once', async () => {
    const store = await engine.open();
    for (const id of ['d1', 'd2']) await store.insertDuel(duel(id));
    await store.putEntry(entry('d1', 'A', SMIL, { animated: true, width: 512, height: 384 }));
    await store.putEntry(entry('d1', 'B', null));
    await store.putEntry(entry('d2', 'A', STILL, { animated: false, width: 512, height: 512 }));
    await store.putEntry(entry('d2', 'B', `${STILL}é`, { animated: false, width: 10, height: 10 }));
    const facts = await store.drawingFacts(['d1', 'd2', 'missing']);
    expect([...facts.keys()].sort()).toEqual(['d1', 'd2']);
    expect(facts.get('d1')!.A).toMatchObject({ animated: true, width: 512, height: 384, bytes: SMIL.length, frameMs: null, ok: true });
    expect(facts.get('d1')!.B).toMatchObject({ animated: false, width: null, bytes: 0, ok: false, error: 'failed' });
    // Bytes, not characters.
    expect(facts.get('d2')!.B.bytes).toBe(STILL.length + 2);
    await store.setFrameMs('d1', 41.5);
    const after = (await store.drawingFacts(['d1'])).get('d1')!;
    expect(after.A.frameMs).toBe(41.5);
    // Only animated sides carry a frame cost.
    expect(after.B.frameMs).toBeNull();
    expect(await store.drawingFacts([])).toEqual(new Map());
  });
});

describe('drawing facts of an upgraded SQLite database', () => {
  it('are backfilled by the migration for entries stored before', async () => {
    const path = join(dir, 'v5.db');
    const db = new Database(path);
    for (const m of MIGRATIONS.filter((m) => m.version <= 5)) db.exec(m.sql);
    db.pragma('user_version = 5');
    const insertDuel = db.prepare(
      `INSERT INTO duels (id, platform, community, channel, author, prompt, a_spec, b_spec, created_at, status) VALUES (?, 'web', 'web', 'web', 'web:v', 'p', 'x:a', 'x:b', 1, 'closed')`,
    );
    const insertEntry = db.prepare(`INSERT INTO entries (duel_id, side, spec, label, svg, ok) VALUES (?, ?, 'x', 'x', ?, ?)`);
    const cases: Array<[string, string | null, boolean]> = [
      ['smil', SMIL, true],
      ['set', SET, true],
      ['css', CSS, true],
      ['still', STILL, false],
    ];
    for (const [id, svg] of cases) {
      insertDuel.run(id);
      insertEntry.run(id, 'A', svg, 1);
      insertEntry.run(id, 'B', null, 0);
    }
    db.close();
    const store = openSqliteStore(path);
    try {
      const facts = await store.drawingFacts(cases.map(([id]) => id));
      for (const [id, svg, animated] of cases) {
        expect(facts.get(id)!.A, id).toMatchObject({ animated, bytes: Buffer.byteLength(svg!), width: null, frameMs: null });
        expect(facts.get(id)!.B, id).toMatchObject({ animated: false, bytes: 0 });
      }
    } finally {
      await store.close();
    }
  });
});
