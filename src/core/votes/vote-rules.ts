/**
 * The vote rules as one pure function of state, so every rule is testable without a platform:
 * one vote per voter per duel; a new vote replaces the old; removing the reaction that is the
 * current vote retracts it, removing a stale one changes nothing; the bot's own votes and votes
 * on a duel that is not open never count; a redelivered event is a no-op. A vote button pressed
 * (op 'press') sets the vote, and pressing the button of the current vote again retracts it.
 * One platform per duel: a voter of another chat or the web never votes on a duel (a Slack button
 * id naming a web duel would otherwise bypass the web's limits). The command line (`duel vote`,
 * `cli:` voters) is the operator's, who holds the database anyway: it may vote on any duel.
 */
import { isRevealed } from '../model/records.js';
import type { Choice, DuelStatus, Platform, VoteEvent, VoteResult } from '../model/types.js';

/** Every platform, as the namespace its voter ids start with (`slack:U1`). */
const PLATFORM_NAMESPACES: Readonly<Record<Platform, true>> = { cli: true, discord: true, slack: true, web: true };

/**
 * The platform a voter id names (`slack:U1` -> `slack`), or undefined when its namespace is no
 * platform (an id made by a test or a script: it belongs to no other platform, so it is not refused).
 */
export function voterPlatform(voter: string): Platform | undefined {
  const colon = voter.indexOf(':');
  if (colon < 0) return undefined;
  const namespace = voter.slice(0, colon);
  return Object.hasOwn(PLATFORM_NAMESPACES, namespace) ? (namespace as Platform) : undefined;
}

/** Whether `voter` belongs to a platform other than the duel's `platform` (the command line belongs to every one). */
function fromOtherPlatform(voter: string, platform: Platform | undefined): boolean {
  const from = voterPlatform(voter);
  return platform !== undefined && from !== undefined && from !== 'cli' && from !== platform;
}

export interface VoteState {
  /** Status of the duel, undefined when no such duel exists. */
  status: DuelStatus | undefined;
  /** The platform the duel was posted on; a voter of another platform is refused. */
  platform?: Platform;
  /** The voter's stored vote. */
  current: Choice | null;
  /** Whether this event id was processed before. */
  seenEvent: boolean;
  /** Epoch ms when voting ends, and now: a vote after the close time never counts, even before the close is processed. */
  closesAt?: number | null;
  now?: number;
  /** The voter already cast the most new votes a voter may in 24 hours (DUEL_VOTER_DAILY_CAP); changing a vote is still allowed. */
  capReached?: boolean;
}

export type VoteAction = { kind: 'set'; choice: Choice } | { kind: 'delete' } | { kind: 'none' };

export function decideVote(state: VoteState, event: VoteEvent): { action: VoteAction; result: VoteResult } {
  const reject = (reason: VoteResult['reason']) => ({ action: { kind: 'none' } as VoteAction, result: { accepted: false, reason, current: state.current } });
  if (state.seenEvent) return reject('duplicate-event');
  if (event.fromBot) return reject('from-bot');
  if (state.status === undefined) return reject('unknown-duel');
  if (fromOtherPlatform(event.voter, state.platform)) return reject('other-platform');
  if (isRevealed({ status: state.status })) return reject('closed');
  if (state.status !== 'open') return reject('not-open');
  if (state.closesAt != null && state.now !== undefined && state.now >= state.closesAt) return reject('closed');
  // A button pressed again takes the vote back; any other button sets (or changes) it.
  if (event.op === 'press' && state.current === event.choice) return { action: { kind: 'delete' }, result: { accepted: true, current: null } };
  if (event.op === 'add' || event.op === 'press') {
    if (state.current === null && state.capReached) return reject('daily-cap');
    return { action: { kind: 'set', choice: event.choice }, result: { accepted: true, current: event.choice } };
  }
  if (state.current !== event.choice) return reject('stale-remove');
  return { action: { kind: 'delete' }, result: { accepted: true, current: null } };
}

/**
 * Which vote a voter should hold, given the reactions the platform shows now (after a restart).
 * The stored vote stays when its reaction is still there; otherwise the last shown reaction wins;
 * no reaction means no vote.
 */
export function reconcileVoter(stored: Choice | null, shown: Choice[]): Choice | null {
  if (shown.length === 0) return null;
  if (stored && shown.includes(stored)) return stored;
  return shown[shown.length - 1];
}
