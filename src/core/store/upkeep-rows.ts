/** Image retention (UpkeepRows of the Store port) for both engines, and SQLite's online backup. */
import { renameSync, rmSync, statSync } from 'node:fs';
import type { BackupProgress, UpkeepRows } from './port.js';
import { inSlices, placeholders, type Sql } from './sql.js';
import type { SqliteConnection } from './sqlite-connection.js';

export function upkeepRows(sql: Sql): UpkeepRows {
  return {
    // One transaction per batch: the count, the bytes and the delete see the same rows. length()
    // of a BLOB reads its size from the record header, not the picture.
    pruneImages: (closedBefore, limit) =>
      sql.transaction(async () => {
        const ids = (
          await sql.all<{ id: string }>(
            `SELECT d.id FROM duels d WHERE d.status IN ('closed', 'no-contest') AND d.closed_at < ?
             AND EXISTS (SELECT 1 FROM images i WHERE i.duel_id = d.id) LIMIT ?`,
            [closedBefore, limit],
          )
        ).map((r) => r.id);
        if (ids.length === 0) return { duels: 0, images: 0, bytes: 0 };
        const counts = await inSlices(ids, (slice) =>
          sql.all<{ n: number; bytes: number }>(`SELECT COUNT(*) AS n, COALESCE(SUM(length(png)), 0) AS bytes FROM images WHERE duel_id IN (${placeholders(slice.length)})`, slice),
        );
        await inSlices(ids, async (slice) => [await sql.run(`DELETE FROM images WHERE duel_id IN (${placeholders(slice.length)})`, slice)]);
        return { duels: ids.length, images: counts.reduce((s, c) => s + c.n, 0), bytes: counts.reduce((s, c) => s + c.bytes, 0) };
      }),
  };
}

/** Pages copied per step: small enough for steady progress, large enough to finish between writes. */
const PAGES_PER_STEP = 1024;
/** After this many restarts (another process wrote between steps), the rest is copied in one step. */
const RESTARTS_BEFORE_ONE_STEP = 2;

/**
 * Copies the database into `dest` with SQLite's online backup. A write by another process between
 * two steps restarts the copy; under a steady stream of votes it could restart forever, so after a
 * few restarts the rest is copied in one step, which in WAL mode is one read snapshot and never
 * blocks the writers. The copy is written beside `dest` and renamed onto it when complete, so
 * `dest` is never a half-written file.
 */
export async function sqliteBackup(sql: SqliteConnection, dest: string, onProgress?: (p: BackupProgress) => void): Promise<{ bytes: number }> {
  const partial = `${dest}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    await sql.backupTo(partial, (p) => {
      // Each step copies pages, so without a restart fewer remain; as many or more means it started over.
      if (p.remainingPages >= lastRemaining) restarts++;
      lastRemaining = p.remainingPages;
      onProgress?.({ totalPages: p.totalPages, remainingPages: p.remainingPages });
      return restarts >= RESTARTS_BEFORE_ONE_STEP ? 0x7fffffff : PAGES_PER_STEP;
    });
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { bytes: statSync(dest).size };
}
