/**
 * Drawings and duels stored before the board measured features and sorted prompts (migration 7)
 * are measured in the render workers and sorted by the keyword rules once `duel serve` starts; a
 * drawing that cannot be measured is logged and left out, never retried in a loop.
 */
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { categorizeStoredDuels, measureStoredDrawings } from '../../../src/core/board/backfill.js';
import { keywordCategories } from '../../../src/core/categories/index.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { createRenderer } from '../../../src/render/renderer.js';

const renderer = createRenderer({ poolSize: 1, frameWorkers: 1 });
afterAll(() => renderer.close());

const STILL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/><circle r="2" fill="#00f"/></svg>';
const MOVING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"><animate attributeName="x" to="5" dur="1s"/></rect><text y="5">Hi!</text></svg>';
// Over the measuring cap (twice the largest drawing a model may send): refused by the pool.
const HUGE = `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(1_200_000)}</svg>`;

describe('the board backfill', () => {
  it('measures stored drawings without features in the workers, and leaves one that cannot be measured', async () => {
    const store = openSqliteStore(':memory:');
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    try {
      await store.insertDuel({ id: 'd1', platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:a', prompt: 'a red fox', aSpec: 'x:A', bSpec: 'x:B', createdAt: 1, closesAt: 2, closedAt: 3, status: 'closed', flags: [] });
      for (const [side, svg] of [['A', STILL], ['B', MOVING]] as const) {
        await store.putEntry({ duelId: 'd1', side, spec: `x:${side}`, label: side, rawText: null, svg, ok: true, error: null, errorKind: null, ms: 1, tokens: { input: null, output: null } });
      }
      await store.insertDuel({ id: 'd2', platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:a', prompt: 'x', aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 2, closedAt: null, status: 'open', flags: [] });
      await store.putEntry({ duelId: 'd2', side: 'A', spec: 'x:a', label: 'A', rawText: null, svg: HUGE, ok: true, error: null, errorKind: null, ms: 1, tokens: { input: null, output: null } });
      expect(await store.unmeasuredDrawings(10)).toHaveLength(3);

      const result = await measureStoredDrawings({ store, renderer, categorize: keywordCategories, logger });
      expect(result).toEqual({ measured: 2, failed: 1 });
      const [d1] = (await store.unmeasuredDrawings(10)).map((d) => d.duelId);
      expect(d1).toBe('d2');
      const measured = (await store.closedDuels({})).find((d) => d.id === 'd1')!.features!;
      const still = measured.A;
      const moving = measured.B;
      expect(still).toMatchObject({ elements: 3, colors: 2, animated: 0, text: 0 });
      expect(moving).toMatchObject({ animated: 1, text: 3 });
      expect(lines.some((l) => l.includes('could not be measured') && l.includes('"duelId":"d2"'))).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('sorts stored duels by the keyword rules, once', async () => {
    const store = openSqliteStore(':memory:');
    try {
      for (const [id, prompt] of [['d1', 'a pelican riding a bicycle'], ['d2', 'nothing in particular']]) {
        await store.insertDuel({ id, platform: 'web', community: 'web', channel: 'web', messageRef: null, author: 'web:a', prompt, aSpec: 'x:a', bSpec: 'x:b', createdAt: 1, closesAt: 2, closedAt: 3, status: 'closed', flags: [] });
      }
      const logger = pino({ level: 'silent' });
      expect(await categorizeStoredDuels({ store, categorize: keywordCategories, logger })).toBe(2);
      expect(await categorizeStoredDuels({ store, categorize: keywordCategories, logger })).toBe(0);
      const rows = await store.closedDuels({});
      expect(rows.find((r) => r.id === 'd1')?.categories).toEqual(['animals', 'vehicles']);
      expect(rows.find((r) => r.id === 'd2')?.categories).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
