/**
 * DUEL_KEEP_IMAGES under a real `duel serve` child process: at start it prunes the pictures of
 * duels closed longer ago, logs how many images and bytes it freed, keeps the recent ones, and the
 * arena then draws a pruned picture again from the stored SVG when it is asked for.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Side } from '../../src/core/model/types.js';
import { openSqliteStore, type Store } from '../../src/core/store/sqlite-store.js';
import { pelicanSvg, startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { seedClosedDuel } from '../helpers/seed-duels.js';
import { startServe } from '../helpers/serve-child.js';

const DAY = 86_400_000;
let ollama: FakeModelServer;
let dir: string;

beforeAll(async () => {
  ollama = await startFakeOllama();
  dir = mkdtempSync(join(tmpdir(), 'duel-keep-images-'));
});

afterAll(async () => {
  await ollama.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A closed duel with both drawings stored and 3 pictures of 1000 bytes each. */
async function drawnDuel(store: Store, closedDaysAgo: number): Promise<string> {
  const id = await seedClosedDuel(store, { a: 'ollama:qwen3.6:35b-a3b', b: 'anthropic:claude-opus-4-7', votes: [['web:v', 'A']] }, Date.now() - closedDaysAgo * DAY);
  for (const side of ['A', 'B'] as Side[]) {
    await store.putEntry({ duelId: id, side, spec: side === 'A' ? 'ollama:qwen3.6:35b-a3b' : 'anthropic:claude-opus-4-7', label: side, rawText: null, svg: pelicanSvg(side === 'A' ? '#e07a5f' : '#3d5a80'), ok: true, error: null, errorKind: null, ms: 5, tokens: { input: null, output: null } });
    await store.putImage(id, side, Buffer.alloc(1000, 7));
  }
  await store.putImage(id, 'composite', Buffer.alloc(1000, 8));
  return id;
}

describe('duel serve with DUEL_KEEP_IMAGES', () => {
  it('prunes old pictures at start, logs what it freed, and draws a pruned one again on request', async () => {
    const db = join(dir, 'duels.db');
    const store = openSqliteStore(db);
    const old = await drawnDuel(store, 100);
    const recent = await drawnDuel(store, 5);
    await store.close();

    const child = await startServe({ OLLAMA_HOST: ollama.url, DUEL_DB: db, DUEL_KEEP_IMAGES: '90d', DUEL_RENDER_WORKERS: '1', LOG_LEVEL: 'info' });
    try {
      // The prune runs in the background once the arena is up.
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`serve did not prune:\n${child.stderr()}`)), 60_000);
        const poll = setInterval(() => {
          if (/pruned \d+ stored images/.test(child.stderr())) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve();
          }
        }, 50);
      });
      const line = child.stderr().split('\n').map((l) => (l.startsWith('{') ? JSON.parse(l) : {})).find((l) => /pruned/.test(l.msg ?? ''));
      expect(line).toMatchObject({ duels: 1, images: 3, bytes: 3000, keep: '90d' });

      const res = await fetch(`${child.url}/duels/${old}/composite.png`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect([...new Uint8Array(await res.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    } finally {
      expect(await child.stop()).toBe(0);
    }

    const after = openSqliteStore(db);
    try {
      // Drawn again and stored: the composite and both sides it was made from.
      expect((await after.imageKinds(old)).sort()).toEqual(['A', 'B', 'composite']);
      expect((await after.image(old, 'A'))!.length).not.toBe(1000);
      expect((await after.image(recent, 'A'))!.equals(Buffer.alloc(1000, 7))).toBe(true);
      expect((await after.entries(old))?.A.svg).toContain('<svg');
      expect((await after.votes(old)).get('web:v')).toBe('A');
    } finally {
      await after.close();
    }
  });
});
