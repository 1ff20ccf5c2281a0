import { describe, expect, it } from 'vitest';
import { decideVote, reconcileVoter, voterPlatform, type VoteState } from '../../../src/core/votes/vote-rules.js';
import type { VoteEvent } from '../../../src/core/model/types.js';

const open: VoteState = { status: 'open', current: null, seenEvent: false };
const ev = (over: Partial<VoteEvent> = {}): VoteEvent => ({ duelId: 'd1', voter: 'discord:1', choice: 'A', op: 'add', ...over });

describe('decideVote', () => {
  it('accepts a first vote', () => {
    const { action, result } = decideVote(open, ev());
    expect(action).toEqual({ kind: 'set', choice: 'A' });
    expect(result).toEqual({ accepted: true, current: 'A' });
  });

  it('replaces an earlier vote with a new one', () => {
    const { action, result } = decideVote({ ...open, current: 'A' }, ev({ choice: 'B' }));
    expect(action).toEqual({ kind: 'set', choice: 'B' });
    expect(result.current).toBe('B');
  });

  it('retracts when the removed reaction is the current vote', () => {
    const { action, result } = decideVote({ ...open, current: 'tie' }, ev({ choice: 'tie', op: 'remove' }));
    expect(action).toEqual({ kind: 'delete' });
    expect(result).toEqual({ accepted: true, current: null });
  });

  it('ignores removing a stale reaction', () => {
    const { action, result } = decideVote({ ...open, current: 'B' }, ev({ choice: 'A', op: 'remove' }));
    expect(action).toEqual({ kind: 'none' });
    expect(result).toEqual({ accepted: false, reason: 'stale-remove', current: 'B' });
  });

  it("refuses a voter of another platform than the duel's, and takes no action", () => {
    const web: VoteState = { ...open, platform: 'web' };
    for (const voter of ['slack:U1', 'discord:1']) {
      expect(decideVote(web, ev({ voter, op: 'press' }))).toEqual({ action: { kind: 'none' }, result: { accepted: false, reason: 'other-platform', current: null } });
    }
    expect(decideVote(web, ev({ voter: 'web:abc' })).result.accepted).toBe(true);
    // The operator's command line may vote anywhere; a web visitor may not vote on a Slack duel.
    expect(decideVote(web, ev({ voter: 'cli:admin' })).result.accepted).toBe(true);
    expect(decideVote({ ...open, platform: 'slack' }, ev({ voter: 'web:abc' })).result.reason).toBe('other-platform');
    // Ids of no platform (tests, scripts) belong to no other platform.
    expect(decideVote(web, ev({ voter: 'script:1' })).result.accepted).toBe(true);
    expect(voterPlatform('slack:U1:x')).toBe('slack');
    expect(voterPlatform('web')).toBeUndefined();
    expect(voterPlatform('constructor:1')).toBeUndefined();
  });

  it('never counts the bot itself', () => {
    expect(decideVote(open, ev({ fromBot: true })).result.reason).toBe('from-bot');
  });

  it('refuses votes on closed, no-contest, generating and unknown duels', () => {
    expect(decideVote({ ...open, status: 'closed' }, ev()).result.reason).toBe('closed');
    expect(decideVote({ ...open, status: 'no-contest' }, ev()).result.reason).toBe('closed');
    expect(decideVote({ ...open, status: 'generating' }, ev()).result.reason).toBe('not-open');
    expect(decideVote({ ...open, status: undefined }, ev()).result.reason).toBe('unknown-duel');
  });

  it('treats a redelivered event as a no-op, before any other rule', () => {
    const { action, result } = decideVote({ ...open, seenEvent: true, current: 'A' }, ev({ choice: 'B' }));
    expect(action.kind).toBe('none');
    expect(result).toEqual({ accepted: false, reason: 'duplicate-event', current: 'A' });
  });
});

describe('reconcileVoter', () => {
  it('keeps the stored vote while its reaction is still shown', () => {
    expect(reconcileVoter('A', ['B', 'A'])).toBe('A');
  });
  it('takes the last shown reaction when the stored one is gone', () => {
    expect(reconcileVoter('A', ['tie', 'bad'])).toBe('bad');
    expect(reconcileVoter(null, ['B'])).toBe('B');
  });
  it('drops the vote when no reaction is shown', () => {
    expect(reconcileVoter('B', [])).toBeNull();
  });
});
