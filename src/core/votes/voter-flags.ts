/**
 * Flags on suspicious voters, kept in SQLite (table voter_flags, migration 4). The outlier test
 * (ratings/outliers.ts) runs over every vote on a closed, rated duel whenever the votes have
 * changed since its last run; its verdicts replace the stored flags, except that a flag an admin
 * cleared stays cleared until the voter casts more votes and the test flags them again.
 */
import { findSuspiciousVoters, type OutlierOptions, type VoterEvidence, type VoterVote } from '../ratings/outliers.js';
import type { Store } from '../store/sqlite-store.js';
import type { Choice, Tally } from '../model/types.js';

export interface VoterFlag {
  voter: string;
  state: 'flagged' | 'cleared';
  /** Decisive votes the test saw when it flagged (or when the flag was cleared). */
  votes: number;
  evidence: VoterEvidence;
  flaggedAt: number;
  clearedAt: number | null;
  clearedBy: string | null;
}

type Row = { voter: string; state: 'flagged' | 'cleared'; votes: number; evidence: string; flagged_at: number; cleared_at: number | null; cleared_by: string | null };

const toFlag = (r: Row): VoterFlag => ({
  voter: r.voter,
  state: r.state,
  votes: r.votes,
  evidence: JSON.parse(r.evidence) as VoterEvidence,
  flaggedAt: r.flagged_at,
  clearedAt: r.cleared_at,
  clearedBy: r.cleared_by,
});

export class VoterFlags {
  private testedVersion: string | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: OutlierOptions = {},
  ) {}

  /** Every vote on a closed duel that the board could rate (not unblinded), everywhere. */
  testedVotes(): VoterVote[] {
    const rows = this.store.db
      .prepare(
        `SELECT v.voter AS voter, d.a_spec AS a, d.b_spec AS b, v.choice AS choice
         FROM votes v JOIN duels d ON d.id = v.duel_id
         WHERE d.status = 'closed' AND (',' || d.flags || ',') NOT LIKE '%,unblinded,%'
         ORDER BY v.voter, d.closed_at, d.id`,
      )
      .all() as Array<{ voter: string; a: string; b: string; choice: Choice }>;
    return rows;
  }

  /** Runs the test if votes changed since the last run; returns the evidence of every voter tested (empty when skipped). */
  refresh(now: number, options: { force?: boolean } = {}): VoterEvidence[] {
    const version = this.store.ratingsVersion();
    if (!options.force && version === this.testedVersion) return [];
    const evidence = findSuspiciousVoters(this.testedVotes(), this.options);
    this.store.transaction(() => {
      const existing = new Map((this.store.db.prepare('SELECT * FROM voter_flags').all() as Row[]).map((r) => [r.voter, r]));
      const flaggedNow = new Set<string>();
      const upsert = this.store.db.prepare(
        `INSERT INTO voter_flags (voter, state, votes, evidence, flagged_at) VALUES (?, 'flagged', ?, ?, ?)
         ON CONFLICT (voter) DO UPDATE SET state = 'flagged', votes = excluded.votes, evidence = excluded.evidence,
           flagged_at = CASE WHEN voter_flags.state = 'flagged' THEN voter_flags.flagged_at ELSE excluded.flagged_at END,
           cleared_at = NULL, cleared_by = NULL`,
      );
      for (const e of evidence) {
        if (!e.flagged) continue;
        flaggedNow.add(e.voter);
        const row = existing.get(e.voter);
        // An admin's clearing holds while the record is the one they looked at.
        if (row?.state === 'cleared' && e.votes <= row.votes) continue;
        upsert.run(e.voter, e.votes, JSON.stringify(e), now);
      }
      const unflag = this.store.db.prepare(`DELETE FROM voter_flags WHERE voter = ? AND state = 'flagged'`);
      for (const [voter, row] of existing) if (row.state === 'flagged' && !flaggedNow.has(voter)) unflag.run(voter);
    });
    this.testedVersion = version;
    return evidence;
  }

  list(state?: 'flagged' | 'cleared'): VoterFlag[] {
    const rows = state
      ? this.store.db.prepare('SELECT * FROM voter_flags WHERE state = ? ORDER BY flagged_at, voter').all(state)
      : this.store.db.prepare('SELECT * FROM voter_flags ORDER BY flagged_at, voter').all();
    return (rows as Row[]).map(toFlag);
  }

  /** Voters whose votes the board leaves out. */
  flagged(): Set<string> {
    const rows = this.store.db.prepare(`SELECT voter FROM voter_flags WHERE state = 'flagged'`).all() as Array<{ voter: string }>;
    return new Set(rows.map((r) => r.voter));
  }

  /** Votes of flagged voters, summed per duel (what the board leaves out). */
  flaggedVotesByDuel(): Map<string, Tally> {
    const rows = this.store.db
      .prepare(`SELECT v.duel_id AS id, v.choice AS choice FROM votes v JOIN voter_flags f ON f.voter = v.voter WHERE f.state = 'flagged'`)
      .all() as Array<{ id: string; choice: Choice }>;
    const out = new Map<string, Tally>();
    for (const r of rows) {
      const t = out.get(r.id) ?? { A: 0, B: 0, tie: 0, bad: 0 };
      t[r.choice]++;
      out.set(r.id, t);
    }
    return out;
  }

  /** Clears a flag (an admin looked and trusts the voter). False when the voter is not flagged. */
  clear(voter: string, by: string, now: number): boolean {
    return (
      this.store.db.prepare(`UPDATE voter_flags SET state = 'cleared', cleared_at = ?, cleared_by = ? WHERE voter = ? AND state = 'flagged'`).run(now, by, voter)
        .changes === 1
    );
  }

  /** Changes whenever a flag is set or cleared: part of the board cache's key. */
  version(): string {
    const r = this.store.db.prepare(`SELECT COUNT(*) AS n, COALESCE(MAX(flagged_at), 0) AS f, COALESCE(MAX(cleared_at), 0) AS c, COALESCE(SUM(state = 'flagged'), 0) AS k FROM voter_flags`).get() as {
      n: number;
      f: number;
      c: number;
      k: number;
    };
    return `${r.n}:${r.k}:${r.f}:${r.c}`;
  }
}
