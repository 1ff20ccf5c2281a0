/**
 * The SQLite store's online backup while another connection writes between its steps (as
 * `duel serve` does while `duel backup` runs): SQLite restarts a copy whose source changed, so after
 * a couple of restarts the rest is copied in one step (one WAL snapshot) and the copy always ends.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-store-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Store.backup (SQLite)', () => {
  it('finishes a copy whose source is written between every step, with every earlier row', async () => {
    const db = join(dir, 'busy.db');
    const store = openSqliteStore(db);
    const writer = openSqliteStore(db);
    const now = Date.now();
    const ids = ['d1', 'd2', 'd3', 'd4'];
    for (const id of ids) {
      await store.insertDuel({ id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:me', prompt: 'p', aSpec: 'x:a', bSpec: 'x:b', createdAt: now, closesAt: now + 3_600_000, closedAt: null, status: 'open', flags: [] });
      for (const kind of ['A', 'B', 'composite'] as const) await store.putImage(id, kind, randomBytes(1 << 20));
    }
    let written = 0;
    let stop = false;
    const writing = (async () => {
      while (!stop) {
        await writer.setVote('d1', `v${written++}`, 'A', now);
        await new Promise((r) => setImmediate(r));
      }
    })();
    const before = written;
    const progress: number[] = [];
    let total = 0;
    const { bytes } = await store.backup(join(dir, 'copy.db'), (p) => {
      progress.push(p.remainingPages);
      total = p.totalPages;
    });
    stop = true;
    await writing;
    await writer.close();
    await store.close();

    expect(written).toBeGreaterThan(before);
    expect(bytes).toBeGreaterThan(12 * (1 << 20));
    // A pass is ceil(total / 1024) steps; at most two restarts before the rest goes in one step.
    expect(progress.length).toBeLessThanOrEqual(3 * Math.ceil(total / 1024) + 1);
    expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
    expect(existsSync(join(dir, 'copy.db-wal'))).toBe(false);
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((copy.prepare('SELECT COUNT(*) AS n FROM images').get() as { n: number }).n).toBe(12);
      expect((copy.prepare(`SELECT COUNT(*) AS n FROM votes`).get() as { n: number }).n).toBeGreaterThanOrEqual(before);
    } finally {
      copy.close();
    }
  });
});
