/**
 * Flags on suspicious voters. The outlier test (ratings/outliers.ts) runs over every vote on a
 * closed, rated duel whenever the votes have changed since its last run; its verdicts replace the
 * stored flags, except that a flag an admin cleared stays cleared until the voter casts more votes
 * and the test flags them again.
 */
import type { VoterEvidence, VoterFlag } from '../model/records.js';
import type { Tally } from '../model/types.js';
import { findSuspiciousVoters, type OutlierOptions, type VoterVote } from '../ratings/outliers.js';
import type { Store, VoterFlagRows, VoteRows } from '../store/port.js';

export type { VoterFlag };

export class VoterFlags {
  private testedVersion: string | undefined;

  constructor(
    private readonly store: VoterFlagRows & Pick<VoteRows, 'ratingsVersion'> & Pick<Store, 'transaction'>,
    private readonly options: OutlierOptions = {},
  ) {}

  /** Every vote on a closed duel that the board could rate (not unblinded), everywhere. */
  testedVotes(): Promise<VoterVote[]> {
    return this.store.ratedVotes();
  }

  /** Runs the test if votes changed since the last run; returns the evidence of every voter tested (empty when skipped). */
  async refresh(now: number, options: { force?: boolean } = {}): Promise<VoterEvidence[]> {
    const version = await this.store.ratingsVersion();
    if (!options.force && version === this.testedVersion) return [];
    const evidence = findSuspiciousVoters(await this.testedVotes(), this.options);
    await this.store.transaction(async (tx) => {
      const existing = new Map((await tx.voterFlags()).map((f) => [f.voter, f]));
      const flaggedNow = new Set<string>();
      for (const e of evidence) {
        if (!e.flagged) continue;
        flaggedNow.add(e.voter);
        const row = existing.get(e.voter);
        // An admin's clearing holds while the record is the one they looked at.
        if (row?.state === 'cleared' && e.votes <= row.votes) continue;
        await tx.flagVoter(e, now);
      }
      for (const [voter, row] of existing) if (row.state === 'flagged' && !flaggedNow.has(voter)) await tx.unflagVoter(voter);
    });
    this.testedVersion = version;
    return evidence;
  }

  list(state?: 'flagged' | 'cleared'): Promise<VoterFlag[]> {
    return this.store.voterFlags(state);
  }

  /** Voters whose votes the board leaves out. */
  async flagged(): Promise<Set<string>> {
    return new Set((await this.store.voterFlags('flagged')).map((f) => f.voter));
  }

  /** Votes of flagged voters, summed per duel (what the board leaves out). */
  flaggedVotesByDuel(): Promise<Map<string, Tally>> {
    return this.store.flaggedVotesByDuel();
  }

  /** Clears a flag (an admin looked and trusts the voter). False when the voter is not flagged. */
  clear(voter: string, by: string, now: number): Promise<boolean> {
    return this.store.clearVoterFlag(voter, by, now);
  }

  /** Changes whenever a flag is set or cleared: part of the board cache's key. */
  version(): Promise<string> {
    return this.store.voterFlagsVersion();
  }
}
