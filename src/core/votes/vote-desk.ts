/**
 * Where every vote lands, from every platform: the vote rules (vote-rules.ts) applied to the stored
 * state in one transaction, so a vote acknowledged to a platform is already committed. Reconciling
 * after a restart goes through the same rules.
 */
import type { Logger } from 'pino';
import type { DuelObserver } from '../model/observer.js';
import type { Choice, Clock, Platform, VoteEvent, VoteResult } from '../model/types.js';
import type { Store } from '../store/port.js';
import { decideVote, reconcileVoter } from './vote-rules.js';
import { votesInLastDay } from './voter-cap.js';

export interface VoteDeskDeps {
  store: Pick<Store, 'transaction' | 'getDuel' | 'recordEvent' | 'getVote' | 'votesSince' | 'setVote' | 'deleteVote' | 'votes' | 'voteTimes'>;
  clock: Clock;
  logger: Logger;
  /** New votes one voter may cast in 24 hours; 0 = no cap (DUEL_VOTER_DAILY_CAP). */
  voterDailyCap: number;
  /** Told of each new vote once it is committed (the web's /metrics). */
  observer?: Pick<DuelObserver, 'voteCounted'>;
}

export interface VoteDesk {
  vote(event: VoteEvent): Promise<VoteResult>;
  votes(duelId: string): Promise<Map<string, Choice>>;
  reconcile(duelId: string, current: Array<{ voter: string; choice: Choice }>, options?: { snapshotStartedAt?: number }): Promise<number>;
}

export function createVoteDesk(deps: VoteDeskDeps): VoteDesk {
  const { store, clock, logger } = deps;
  /** Told after the commit: a vote rolled back was never counted. */
  const counted = (platform: Platform | null, n = 1) => {
    for (let i = 0; platform && i < n; i++) deps.observer?.voteCounted(platform);
  };

  async function vote(event: VoteEvent): Promise<VoteResult> {
    const { result, newVoteOn } = await store.transaction(async (tx) => {
      const duel = await tx.getDuel(event.duelId);
      const seenEvent = event.eventId ? !(await tx.recordEvent(event.eventId, clock.now())) : false;
      const current = duel ? await tx.getVote(duel.id, event.voter) : null;
      const capReached =
        deps.voterDailyCap > 0 && event.op === 'add' && current === null && (await votesInLastDay(tx, event.voter, clock.now())) >= deps.voterDailyCap;
      const state = { status: duel?.status, platform: duel?.platform, current, seenEvent, closesAt: duel?.closesAt, now: clock.now(), capReached };
      const { action, result } = decideVote(state, event);
      if (action.kind === 'set') await tx.setVote(event.duelId, event.voter, action.choice, clock.now());
      if (action.kind === 'delete') await tx.deleteVote(event.duelId, event.voter);
      logger.debug({ duelId: event.duelId, op: event.op, choice: event.choice, accepted: result.accepted, reason: result.reason }, 'vote');
      return { result, newVoteOn: action.kind === 'set' && current === null ? (duel?.platform ?? null) : null };
    });
    counted(newVoteOn);
    return result;
  }

  async function reconcile(duelId: string, current: Array<{ voter: string; choice: Choice }>, options: { snapshotStartedAt?: number } = {}): Promise<number> {
    const { changed, added, platform } = await store.transaction(async (tx) => {
      const none = { changed: 0, added: 0, platform: null as Platform | null };
      const duel = await tx.getDuel(duelId);
      if (!duel || duel.status !== 'open') return none;
      // A reaction carries no time: once the close time has passed, what the platform shows may hold
      // reactions added after it. The duel closes with the votes it had.
      if (duel.closesAt !== null && duel.closesAt <= clock.now()) return none;
      const shown = new Map<string, Choice[]>();
      for (const { voter, choice } of current) shown.set(voter, [...(shown.get(voter) ?? []), choice]);
      const stored = await tx.votes(duelId);
      const times = await tx.voteTimes(duelId);
      let changed = 0;
      let added = 0;
      for (const voter of new Set([...stored.keys(), ...shown.keys()])) {
        // A vote that arrived live while the platform was being read is newer than the snapshot.
        if (options.snapshotStartedAt !== undefined && (times.get(voter) ?? -Infinity) >= options.snapshotStartedAt) continue;
        const before = stored.get(voter) ?? null;
        const after = reconcileVoter(before, shown.get(voter) ?? []);
        if (after === before) continue;
        changed++;
        if (after && before === null) added++;
        if (after) await tx.setVote(duelId, voter, after, clock.now());
        else await tx.deleteVote(duelId, voter);
      }
      if (changed) logger.info({ duelId, changed }, 'votes reconciled');
      return { changed, added, platform: duel.platform };
    });
    counted(platform, added);
    return changed;
  }

  return { vote, votes: (duelId) => store.votes(duelId), reconcile };
}
