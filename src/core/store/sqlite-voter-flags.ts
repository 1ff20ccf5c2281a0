/** SQLite: the `voter_flags` table (migration 4), VoterFlagRows of the Store port. */
import type { Choice } from '../model/types.js';
import type { VoterFlagRows, Synchronous } from './port.js';
import { hasFlagSql, toVoterFlag, type Row } from './sqlite-codecs.js';
import type { SqliteConnection } from './sqlite-connection.js';

export function sqliteVoterFlagRows(sql: SqliteConnection): Synchronous<VoterFlagRows> {
  return {
    ratedVotes: () =>
      sql
        .stmt(
          `SELECT v.voter AS voter, d.a_spec AS a, d.b_spec AS b, v.choice AS choice
           FROM votes v JOIN duels d ON d.id = v.duel_id
           WHERE d.status = 'closed' AND NOT ${hasFlagSql('d', 'unblinded')}
           ORDER BY v.voter, d.closed_at, d.id`,
        )
        .all() as Array<{ voter: string; a: string; b: string; choice: Choice }>,
    voterFlags: (state) =>
      ((state
        ? sql.stmt('SELECT * FROM voter_flags WHERE state = ? ORDER BY flagged_at, voter').all(state)
        : sql.stmt('SELECT * FROM voter_flags ORDER BY flagged_at, voter').all()) as Row[]).map(toVoterFlag),
    flagVoter: (evidence, at) =>
      void sql
        .stmt(
          `INSERT INTO voter_flags (voter, state, votes, evidence, flagged_at) VALUES (?, 'flagged', ?, ?, ?)
           ON CONFLICT (voter) DO UPDATE SET state = 'flagged', votes = excluded.votes, evidence = excluded.evidence,
             flagged_at = CASE WHEN voter_flags.state = 'flagged' THEN voter_flags.flagged_at ELSE excluded.flagged_at END,
             cleared_at = NULL, cleared_by = NULL`,
        )
        .run(evidence.voter, evidence.votes, JSON.stringify(evidence), at),
    unflagVoter: (voter) => void sql.stmt(`DELETE FROM voter_flags WHERE voter = ? AND state = 'flagged'`).run(voter),
    clearVoterFlag: (voter, by, at) =>
      sql.stmt(`UPDATE voter_flags SET state = 'cleared', cleared_at = ?, cleared_by = ? WHERE voter = ? AND state = 'flagged'`).run(at, by, voter).changes === 1,
    flaggedVotesByDuel: () => {
      const rows = sql
        .stmt(`SELECT v.duel_id AS id, v.choice AS choice FROM votes v JOIN voter_flags f ON f.voter = v.voter WHERE f.state = 'flagged'`)
        .all() as Array<{ id: string; choice: Choice }>;
      const out = new Map<string, Record<Choice, number>>();
      for (const r of rows) {
        const t = out.get(r.id) ?? { A: 0, B: 0, tie: 0, bad: 0 };
        t[r.choice]++;
        out.set(r.id, t);
      }
      return out;
    },
    voterFlagsVersion: () => {
      const r = sql
        .stmt(`SELECT COUNT(*) AS n, COALESCE(MAX(flagged_at), 0) AS f, COALESCE(MAX(cleared_at), 0) AS c, COALESCE(SUM(state = 'flagged'), 0) AS k FROM voter_flags`)
        .get() as { n: number; f: number; c: number; k: number };
      return `${r.n}:${r.k}:${r.f}:${r.c}`;
    },
  };
}
