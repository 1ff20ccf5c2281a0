/** SQLite: what the board needs beyond votes (BoardRows of the Store port): drawing features, prompt categories, one voter's choices. */
import type { Choice } from '../model/types.js';
import type { DrawingFeatures } from '../model/drawing-features.js';
import type { BoardRows, DuelFilter, Synchronous } from './port.js';
import { decodeCategories, encodeCategories, type Row } from './sqlite-codecs.js';
import type { SqliteConnection } from './sqlite-connection.js';
import { duelWhere } from './sqlite-duels.js';

export function sqliteBoardRows(sql: SqliteConnection): Synchronous<BoardRows> {
  return {
    unmeasuredDrawings: (limit) =>
      (
        sql
          .stmt(
            `SELECT f.duel_id, f.side, e.svg FROM drawing_facts f JOIN entries e ON e.duel_id = f.duel_id AND e.side = f.side
             WHERE f.ok = 1 AND f.elements IS NULL AND e.svg IS NOT NULL LIMIT ?`,
          )
          .all(limit) as Row[]
      ).map((r) => ({ duelId: r.duel_id as string, side: r.side as 'A' | 'B', svg: r.svg as string })),
    setDrawingFeatures: (duelId, side, f: DrawingFeatures) =>
      void sql
        .stmt(`UPDATE drawing_facts SET bytes = ?, elements = ?, colors = ?, animated = ?, text_chars = ? WHERE duel_id = ? AND side = ?`)
        .run(f.bytes, f.elements, f.colors, f.animated ? 1 : 0, f.text, duelId, side),
    addCategories: (duelId, categories) => {
      const row = sql.stmt('SELECT categories FROM duels WHERE id = ?').get(duelId) as { categories: string | null } | undefined;
      if (!row) return;
      sql.stmt('UPDATE duels SET categories = ? WHERE id = ?').run(encodeCategories([...decodeCategories(row.categories), ...categories]), duelId);
    },
    uncategorizedDuels: (limit) => sql.stmt('SELECT id, prompt FROM duels WHERE categories IS NULL LIMIT ?').all(limit) as Array<{ id: string; prompt: string }>,
    cachedPromptCategories: (model, prompt) => {
      const row = sql.stmt('SELECT categories FROM prompt_categories WHERE model = ? AND prompt = ?').get(model, prompt) as { categories: string } | undefined;
      return row ? decodeCategories(row.categories) : undefined;
    },
    cachePromptCategories: (model, prompt, categories, at) =>
      void sql.stmt('INSERT OR REPLACE INTO prompt_categories (model, prompt, categories, at) VALUES (?, ?, ?, ?)').run(model, prompt, encodeCategories(categories), at),
    voterChoices: (voter, f: DuelFilter) => {
      const w = duelWhere({ ...f, statuses: ['closed'] });
      const rows = sql.stmt(`SELECT v.duel_id, v.choice FROM votes v JOIN duels d ON d.id = v.duel_id ${w.sql} AND v.voter = ?`).all(...w.params, voter) as Row[];
      return new Map(rows.map((r) => [r.duel_id as string, r.choice as Choice]));
    },
  };
}
