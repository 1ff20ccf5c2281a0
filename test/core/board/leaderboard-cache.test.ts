/**
 * The leaderboard cache: requests that miss together share one build (each build is a fit, CPU
 * time on the event loop), a vote makes the next request build again, and a category board is
 * the scope's rows filtered (one read of the closed duels) with the scope's categories and battles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { LeaderboardCache } from '../../../src/core/board/leaderboard-query.js';
import type { Store } from '../../../src/core/store/port.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { seedCommunity } from '../../helpers/seed-duels.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-board-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The store, counting its reads of closed duels. */
function counting(store: Store): { store: Store; reads: () => number } {
  let n = 0;
  const wrapped = Object.assign(Object.create(store) as Store, {
    closedDuels: (...args: Parameters<Store['closedDuels']>) => {
      n++;
      return store.closedDuels(...args);
    },
  });
  return { store: wrapped, reads: () => n };
}

it('builds once for requests that miss together, and again after a vote', async () => {
  const real = openSqliteStore(join(dir, 'cache.db'));
  await seedCommunity(real, { duels: 30, honest: 4 });
  const { store, reads } = counting(real);
  const cache = new LeaderboardCache({ store, labels: new Map(), rounds: 20 });
  const now = 1_900_000_000_000;
  const [a, b, c] = await Promise.all([0, 1, 2].map(() => cache.get({ scope: 'global', since: 'all' }, now)));
  expect(reads()).toBe(1);
  expect(b).toBe(a);
  expect(c).toBe(a);
  await cache.get({ scope: 'global', since: 'all' }, now);
  expect(reads()).toBe(1);
  const [first] = (await real.listDuels({}, 1, 0)).duels;
  await real.setVote(first!.id, 'web:late', 'A', now);
  await cache.get({ scope: 'global', since: 'all' }, now);
  expect(reads()).toBe(2);
  await real.close();
});

it('filters a category from the scope rows in one read, and says the scope battles', async () => {
  const real = openSqliteStore(join(dir, 'category.db'));
  await seedCommunity(real, { duels: 30, honest: 4 });
  const ids = (await real.listDuels({}, 100, 0)).duels.map((d) => d.id);
  for (const id of ids.slice(0, 12)) await real.addCategories(id, ['animals']);
  for (const id of ids.slice(12)) await real.addCategories(id, []);
  const { store, reads } = counting(real);
  const cache = new LeaderboardCache({ store, labels: new Map(), rounds: 20, categoryMinBattles: 10 });
  const board = await cache.get({ scope: 'global', since: 'all', category: 'animals' }, 1_900_000_000_000);
  expect(reads()).toBe(1);
  expect(board.battles).toBe(12);
  expect(board.scopeBattles).toBe(30);
  expect(board.categories).toEqual([{ name: 'animals', battles: 12 }]);
  await real.close();
});
