/** The `votes` and `events` tables (VoteRows of the Store port), for both engines. */
import type { Choice } from '../model/types.js';
import type { VoteRows } from './port.js';
import type { Sql } from './sql.js';

export function voteRows(sql: Sql): VoteRows {
  return {
    getVote: async (duelId, voter) => (await sql.get<{ choice: Choice }>('SELECT choice FROM votes WHERE duel_id = ? AND voter = ?', [duelId, voter]))?.choice ?? null,
    setVote: async (duelId, voter, choice, at) =>
      void (await sql.run('INSERT INTO votes (duel_id, voter, choice, at) VALUES (?, ?, ?, ?) ON CONFLICT (duel_id, voter) DO UPDATE SET choice = excluded.choice, at = excluded.at', [
        duelId,
        voter,
        choice,
        at,
      ])),
    deleteVote: async (duelId, voter) => void (await sql.run('DELETE FROM votes WHERE duel_id = ? AND voter = ?', [duelId, voter])),
    votes: async (duelId) => {
      const rows = await sql.all<{ voter: string; choice: Choice }>('SELECT voter, choice FROM votes WHERE duel_id = ?', [duelId]);
      return new Map(rows.map((r) => [r.voter, r.choice]));
    },
    voteTimes: async (duelId) => {
      const rows = await sql.all<{ voter: string; at: number }>('SELECT voter, at FROM votes WHERE duel_id = ?', [duelId]);
      return new Map(rows.map((r) => [r.voter, r.at]));
    },
    // Index votes_voter (migration 4).
    votesSince: async (voter, since) => (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM votes WHERE voter = ? AND at > ?', [voter, since]))!.n,
    ratingsVersion: async () => {
      const v = (await sql.get<{ n: number; at: number }>('SELECT COUNT(*) AS n, COALESCE(MAX(at), 0) AS at FROM votes'))!;
      const d = (await sql.get<{ n: number; at: number }>(`SELECT COUNT(*) AS n, COALESCE(MAX(closed_at), 0) AS at FROM duels WHERE status IN ('closed', 'no-contest')`))!;
      return `${v.n}:${v.at}:${d.n}:${d.at}`;
    },
    recordEvent: async (eventId, at) => (await sql.run('INSERT INTO events (event_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING', [eventId, at])) === 1,
    pruneEvents: (before) => sql.run('DELETE FROM events WHERE at < ?', [before]),
  };
}
