/** Button votes in core: the press rule (press again retracts), the button ids, the receipts, and DUEL_VOTE_STYLE. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';
import { parseVoteButtonId, voteButtonId, voteReceipt } from '../../../src/core/chat/vote-buttons.js';
import { decideVote } from '../../../src/core/votes/vote-rules.js';

const open = { status: 'open' as const, seenEvent: false };
const press = (choice: 'A' | 'B' | 'tie' | 'bad') => ({ duelId: 'd1', voter: 'slack:U1', choice, op: 'press' as const });

describe('vote buttons', () => {
  it('a press sets the vote, another changes it, the same again takes it back; none after close', () => {
    expect(decideVote({ ...open, current: null }, press('A'))).toEqual({ action: { kind: 'set', choice: 'A' }, result: { accepted: true, current: 'A' } });
    expect(decideVote({ ...open, current: 'A' }, press('B'))).toEqual({ action: { kind: 'set', choice: 'B' }, result: { accepted: true, current: 'B' } });
    expect(decideVote({ ...open, current: 'B' }, press('B'))).toEqual({ action: { kind: 'delete' }, result: { accepted: true, current: null } });
    expect(decideVote({ ...open, current: 'B', status: 'closed' }, press('A')).result).toMatchObject({ accepted: false, reason: 'closed' });
    expect(decideVote({ ...open, current: null, closesAt: 10, now: 10 }, press('A')).result).toMatchObject({ accepted: false, reason: 'closed' });
    expect(decideVote({ ...open, current: 'A', seenEvent: true }, press('A')).result).toMatchObject({ accepted: false, reason: 'duplicate-event' });
  });

  it('ids carry the duel and the choice; receipts say what the press did', () => {
    expect(parseVoteButtonId(voteButtonId('abc123', 'tie'))).toEqual({ duelId: 'abc123', choice: 'tie' });
    expect(parseVoteButtonId('duel-vote:abc:maybe')).toBeNull();
    expect(voteReceipt({ accepted: true, current: 'A' })).toBe('Your vote: A. Press again to take it back; press another to change it.');
    expect(voteReceipt({ accepted: true, current: 'bad' })).toMatch(/^Your vote: both bad\./);
    expect(voteReceipt({ accepted: true, current: null })).toMatch(/taken back/);
    expect(voteReceipt({ accepted: false, reason: 'closed', current: 'A' })).toMatch(/closed/);
  });

  it('DUEL_VOTE_STYLE is reactions by default, buttons on request, and a clear error otherwise', () => {
    expect(loadConfig({}).voteStyle).toBe('reactions');
    const c = loadConfig({ DUEL_VOTE_STYLE: 'Buttons', DISCORD_TOKEN: 't', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' });
    expect([c.voteStyle, c.discord?.voteStyle, c.slack?.voteStyle]).toEqual(['buttons', 'buttons', 'buttons']);
    expect(() => loadConfig({ DUEL_VOTE_STYLE: 'polls' })).toThrow(/DUEL_VOTE_STYLE is "polls": use reactions .* or buttons/);
  });
});
