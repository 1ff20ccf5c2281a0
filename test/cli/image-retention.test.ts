/**
 * `duel serve`'s image retention: the prune walks every old duel in batches, logs what it freed,
 * and does nothing when DUEL_KEEP_IMAGES keeps pictures forever.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneOldImages, startImageRetention } from '../../src/cli/image-retention.js';
import { loadConfig } from '../../src/core/config/config.js';
import { ConfigError } from '../../src/core/model/errors.js';
import { openSqliteStore } from '../../src/core/store/sqlite-store.js';
import { seedClosedDuel } from '../helpers/seed-duels.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const NOW = 1_800_000_000_000;

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
  return { logger, lines };
}

describe('image retention', () => {
  it('prunes every duel closed before the cut-off, across batches', async () => {
    const store = openSqliteStore(join(dir, 'many.db'));
    try {
      const old: string[] = [];
      for (let i = 0; i < 120; i++) {
        const id = await seedClosedDuel(store, { a: 'fake:a', b: 'fake:b', votes: [['v', 'A']] }, NOW - 200 * DAY + i);
        await store.putImage(id, 'composite', Buffer.alloc(10));
        old.push(id);
      }
      const kept = await seedClosedDuel(store, { a: 'fake:a', b: 'fake:b', votes: [] }, NOW - DAY);
      await store.putImage(kept, 'composite', Buffer.alloc(10));

      expect(await pruneOldImages(store, 90 * DAY, NOW)).toEqual({ duels: 120, images: 120, bytes: 1200 });
      expect(await store.imageKinds(old[77]!)).toEqual([]);
      expect(await store.imageKinds(kept)).toEqual(['composite']);
    } finally {
      await store.close();
    }
  });

  it('runs at start and logs the images and bytes freed; forever prunes nothing', async () => {
    const store = openSqliteStore(join(dir, 'start.db'));
    try {
      const id = await seedClosedDuel(store, { a: 'fake:a', b: 'fake:b', votes: [] }, NOW - 100 * DAY);
      await store.putImage(id, 'composite', Buffer.alloc(64));

      const never = capture();
      await startImageRetention({ store, keepMs: null, logger: never.logger, now: () => NOW }).stop();
      expect(await store.imageKinds(id)).toEqual(['composite']);
      expect(never.lines).toEqual([]);

      const { logger, lines } = capture();
      const retention = startImageRetention({ store, keepMs: 90 * DAY, logger, now: () => NOW });
      await retention.idle();
      await retention.stop();
      expect(await store.imageKinds(id)).toEqual([]);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ images: 1, bytes: 64, duels: 1, keep: '90d' });
      expect(lines[0]!.msg).toContain('pruned 1 stored images (64 bytes)');
    } finally {
      await store.close();
    }
  });

  it('reads DUEL_KEEP_IMAGES as a duration, forever by default', () => {
    expect(loadConfig({}).keepImagesMs).toBeNull();
    expect(loadConfig({ DUEL_KEEP_IMAGES: 'forever' }).keepImagesMs).toBeNull();
    expect(loadConfig({ DUEL_KEEP_IMAGES: '90d' }).keepImagesMs).toBe(90 * DAY);
    expect(() => loadConfig({ DUEL_KEEP_IMAGES: '0' })).toThrow(ConfigError);
    expect(() => loadConfig({ DUEL_KEEP_IMAGES: 'a while' })).toThrow(/DUEL_KEEP_IMAGES is "a while": write how long/);
  });
});
