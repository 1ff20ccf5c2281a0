/** What the board needs beyond votes (BoardRows of the Store port): drawing features, prompt categories, one voter's choices. Both engines. */
import type { Choice } from '../model/types.js';
import type { DrawingFeatures } from '../model/drawing-features.js';
import type { BoardRows, DuelFilter } from './port.js';
import { decodeCategories, encodeCategories } from './row-codecs.js';
import type { Sql } from './sql.js';
import { duelWhere } from './duel-rows.js';

export function boardRows(sql: Sql): BoardRows {
  return {
    unmeasuredDrawings: async (limit) =>
      (
        await sql.all(
          `SELECT f.duel_id, f.side, e.svg FROM drawing_facts f JOIN entries e ON e.duel_id = f.duel_id AND e.side = f.side
           WHERE f.ok = 1 AND f.elements IS NULL AND e.svg IS NOT NULL LIMIT ?`,
          [limit],
        )
      ).map((r) => ({ duelId: r.duel_id as string, side: r.side as 'A' | 'B', svg: r.svg as string })),
    setDrawingFeatures: async (duelId, side, f: DrawingFeatures) =>
      void (await sql.run(`UPDATE drawing_facts SET bytes = ?, elements = ?, colors = ?, animated = ?, text_chars = ? WHERE duel_id = ? AND side = ?`, [
        f.bytes,
        f.elements,
        f.colors,
        f.animated ? 1 : 0,
        f.text,
        duelId,
        side,
      ])),
    // Read and written in one transaction: the keyword rules and a model's answer may add at once.
    addCategories: (duelId, categories) =>
      sql.transaction(async () => {
        const row = await sql.get<{ categories: string | null }>('SELECT categories FROM duels WHERE id = ?', [duelId]);
        if (!row) return;
        await sql.run('UPDATE duels SET categories = ? WHERE id = ?', [encodeCategories([...decodeCategories(row.categories), ...categories]), duelId]);
      }),
    uncategorizedDuels: (limit) => sql.all<{ id: string; prompt: string }>('SELECT id, prompt FROM duels WHERE categories IS NULL LIMIT ?', [limit]),
    cachedPromptCategories: async (model, prompt) => {
      const row = await sql.get<{ categories: string }>('SELECT categories FROM prompt_categories WHERE model = ? AND prompt = ?', [model, prompt]);
      return row ? decodeCategories(row.categories) : undefined;
    },
    cachePromptCategories: async (model, prompt, categories, at) =>
      void (await sql.run(
        'INSERT INTO prompt_categories (model, prompt, categories, at) VALUES (?, ?, ?, ?) ON CONFLICT (model, prompt) DO UPDATE SET categories = excluded.categories, at = excluded.at',
        [model, prompt, encodeCategories(categories), at],
      )),
    voterChoices: async (voter, f: DuelFilter) => {
      const w = duelWhere({ ...f, statuses: ['closed'] });
      const rows = await sql.all(`SELECT v.duel_id, v.choice FROM votes v JOIN duels d ON d.id = v.duel_id ${w.sql} AND v.voter = ?`, [...w.params, voter]);
      return new Map(rows.map((r) => [r.duel_id as string, r.choice as Choice]));
    },
  };
}
