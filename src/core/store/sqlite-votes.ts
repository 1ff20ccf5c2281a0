/** SQLite: the `votes` and `events` tables (VoteRows of the Store port). */
import type { Choice } from '../model/types.js';
import type { VoteRows, Synchronous } from './port.js';
import type { SqliteConnection } from './sqlite-connection.js';

export function sqliteVoteRows(sql: SqliteConnection): Synchronous<VoteRows> {
  return {
    getVote: (duelId, voter) => (sql.stmt('SELECT choice FROM votes WHERE duel_id = ? AND voter = ?').get(duelId, voter) as { choice: Choice } | undefined)?.choice ?? null,
    setVote: (duelId, voter, choice, at) =>
      void sql
        .stmt('INSERT INTO votes (duel_id, voter, choice, at) VALUES (?, ?, ?, ?) ON CONFLICT (duel_id, voter) DO UPDATE SET choice = excluded.choice, at = excluded.at')
        .run(duelId, voter, choice, at),
    deleteVote: (duelId, voter) => void sql.stmt('DELETE FROM votes WHERE duel_id = ? AND voter = ?').run(duelId, voter),
    votes: (duelId) => {
      const rows = sql.stmt('SELECT voter, choice FROM votes WHERE duel_id = ?').all(duelId) as Array<{ voter: string; choice: Choice }>;
      return new Map(rows.map((r) => [r.voter, r.choice]));
    },
    voteTimes: (duelId) => {
      const rows = sql.stmt('SELECT voter, at FROM votes WHERE duel_id = ?').all(duelId) as Array<{ voter: string; at: number }>;
      return new Map(rows.map((r) => [r.voter, r.at]));
    },
    // Index votes_voter (migration 4).
    votesSince: (voter, since) => (sql.stmt('SELECT COUNT(*) AS n FROM votes WHERE voter = ? AND at > ?').get(voter, since) as { n: number }).n,
    ratingsVersion: () => {
      const v = sql.stmt('SELECT COUNT(*) AS n, COALESCE(MAX(at), 0) AS at FROM votes').get() as { n: number; at: number };
      const d = sql.stmt(`SELECT COUNT(*) AS n, COALESCE(MAX(closed_at), 0) AS at FROM duels WHERE status IN ('closed', 'no-contest')`).get() as { n: number; at: number };
      return `${v.n}:${v.at}:${d.n}:${d.at}`;
    },
    recordEvent: (eventId, at) => sql.stmt('INSERT OR IGNORE INTO events (event_id, at) VALUES (?, ?)').run(eventId, at).changes === 1,
    pruneEvents: (before) => sql.stmt('DELETE FROM events WHERE at < ?').run(before).changes,
  };
}
