/**
 * A database made by the first release (schema version 2) opens with today's code: every later
 * migration applies in order and nothing stored before is lost, including the images table that
 * migration 5 rebuilds.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/core/store/migrations.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-upgrade-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function firstReleaseDatabase(path: string): void {
  const db = new Database(path);
  for (const m of MIGRATIONS.filter((m) => m.version <= 2)) db.exec(m.sql);
  db.pragma('user_version = 2');
  db.prepare(
    `INSERT INTO duels (id, platform, community, channel, message_ref, author, prompt, a_spec, b_spec, created_at, closes_at, closed_at, status, flags, revealed_at)
     VALUES ('d1', 'discord', 'g1', 'c1', 'm1', 'discord:1', 'a pelican', 'ollama:qwen', 'anthropic:claude', 1000, 2000, 2000, 'closed', '', 2000)`,
  ).run();
  db.prepare(`INSERT INTO images (duel_id, kind, png) VALUES ('d1', 'composite', ?)`).run(Buffer.from('old composite'));
  db.prepare(`INSERT INTO images (duel_id, kind, png) VALUES ('d1', 'A', ?)`).run(Buffer.from('old A'));
  db.prepare(`INSERT INTO votes (duel_id, voter, choice, at) VALUES ('d1', 'discord:7', 'A', 1500)`).run();
  db.close();
}

describe('upgrading a database of the first release', () => {
  it('applies every later migration and keeps duels, images and votes', async () => {
    const path = join(dir, 'v2.db');
    firstReleaseDatabase(path);
    const store = openSqliteStore(path);
    try {
      const latest = Math.max(...MIGRATIONS.map((m) => m.version));
      const version = new Database(path, { readonly: true });
      expect(version.pragma('user_version', { simple: true })).toBe(latest);
      version.close();
      expect((await store.getDuel('d1'))?.prompt).toBe('a pelican');
      expect((await store.image('d1', 'composite'))?.toString()).toBe('old composite');
      expect((await store.image('d1', 'A'))?.toString()).toBe('old A');
      expect((await store.votes('d1')).get('discord:7')).toBe('A');
      // The rebuilt table takes the new kind.
      await store.putImage('d1', 'animated', Buffer.from('GIF89a'));
      expect((await store.image('d1', 'animated'))?.toString()).toBe('GIF89a');
    } finally {
      await store.close();
    }
  });
});
