/** The `voter_flags` table (migration 4), VoterFlagRows of the Store port, for both engines. */
import type { Choice } from '../model/types.js';
import type { VoterFlagRows } from './port.js';
import { hasFlagSql, toVoterFlag } from './row-codecs.js';
import type { Sql } from './sql.js';

export function voterFlagRows(sql: Sql): VoterFlagRows {
  return {
    ratedVotes: () =>
      sql.all<{ voter: string; a: string; b: string; choice: Choice }>(
        `SELECT v.voter AS voter, d.a_spec AS a, d.b_spec AS b, v.choice AS choice
         FROM votes v JOIN duels d ON d.id = v.duel_id
         WHERE d.status = 'closed' AND NOT ${hasFlagSql('d', 'unblinded')}
         ORDER BY v.voter, d.closed_at, d.id`,
      ),
    voterFlags: async (state) =>
      (state ? await sql.all('SELECT * FROM voter_flags WHERE state = ? ORDER BY flagged_at, voter', [state]) : await sql.all('SELECT * FROM voter_flags ORDER BY flagged_at, voter')).map(
        toVoterFlag,
      ),
    flagVoter: async (evidence, at) =>
      void (await sql.run(
        `INSERT INTO voter_flags (voter, state, votes, evidence, flagged_at) VALUES (?, 'flagged', ?, ?, ?)
         ON CONFLICT (voter) DO UPDATE SET state = 'flagged', votes = excluded.votes, evidence = excluded.evidence,
           flagged_at = CASE WHEN voter_flags.state = 'flagged' THEN voter_flags.flagged_at ELSE excluded.flagged_at END,
           cleared_at = NULL, cleared_by = NULL`,
        [evidence.voter, evidence.votes, JSON.stringify(evidence), at],
      )),
    unflagVoter: async (voter) => void (await sql.run(`DELETE FROM voter_flags WHERE voter = ? AND state = 'flagged'`, [voter])),
    clearVoterFlag: async (voter, by, at) =>
      (await sql.run(`UPDATE voter_flags SET state = 'cleared', cleared_at = ?, cleared_by = ? WHERE voter = ? AND state = 'flagged'`, [at, by, voter])) === 1,
    flaggedVotesByDuel: async () => {
      const rows = await sql.all<{ id: string; choice: Choice }>(`SELECT v.duel_id AS id, v.choice AS choice FROM votes v JOIN voter_flags f ON f.voter = v.voter WHERE f.state = 'flagged'`);
      const out = new Map<string, Record<Choice, number>>();
      for (const r of rows) {
        const t = out.get(r.id) ?? { A: 0, B: 0, tie: 0, bad: 0 };
        t[r.choice]++;
        out.set(r.id, t);
      }
      return out;
    },
    voterFlagsVersion: async () => {
      const r = (await sql.get<{ n: number; f: number; c: number; k: number }>(
        `SELECT COUNT(*) AS n, COALESCE(MAX(flagged_at), 0) AS f, COALESCE(MAX(cleared_at), 0) AS c,
           COALESCE(SUM(CASE WHEN state = 'flagged' THEN 1 ELSE 0 END), 0) AS k FROM voter_flags`,
      ))!;
      return `${r.n}:${r.k}:${r.f}:${r.c}`;
    },
  };
}
