/**
 * Voting with buttons (DUEL_VOTE_STYLE=buttons): the tally stays hidden until the reveal, and each
 * press is answered privately. One place for what both chats need: the vote style, the buttons
 * (their ids carry the duel id and the choice), and what a press does and says. The rule "press
 * the same again takes it back" is in vote-rules.ts; adapters only translate.
 */
import type { DuelVoting } from '../duel/duel-api.js';
import { CHOICE_TABLE, marksOf } from './choices.js';
import { CHOICES, type Choice, type VoteResult } from '../model/types.js';
import { VOTE_REJECTION_MESSAGES } from '../votes/vote-messages.js';

export { VOTE_STYLES, type VoteStyle } from '../model/settings.js';

/** The four buttons, in order: the choice, its emoji and its label (from the one choice table). */
export const VOTE_BUTTONS: ReadonlyArray<{ choice: Choice; emoji: string; label: string }> = CHOICE_TABLE.map(({ choice, emoji, label }) => ({ choice, emoji, label }));

const PREFIX = 'duel-vote';

/** `duel-vote:<duelId>:<choice>`: a Discord custom_id (100 chars at most) and a Slack action_id. */
export function voteButtonId(duelId: string, choice: Choice): string {
  return `${PREFIX}:${duelId}:${choice}`;
}

export function parseVoteButtonId(id: string): { duelId: string; choice: Choice } | null {
  const m = /^duel-vote:([^:]+):(A|B|tie|bad)$/.exec(id);
  return m ? { duelId: m[1], choice: m[2] as Choice } : null;
}

/** Matches every vote button id (for routing a platform's button events). */
export const VOTE_BUTTON_PATTERN = /^duel-vote:/;

/** The private answer to a press: the vote now held, or why it did not count. */
export function voteReceipt(result: VoteResult): string {
  if (!result.accepted) return VOTE_REJECTION_MESSAGES[result.reason ?? 'unknown-duel'];
  if (result.current === null) return 'Your vote is taken back. Press a button to vote again.';
  return `Your vote: ${marksOf(result.current).words}. Press again to take it back; press another to change it.`;
}

/**
 * A vote button was pressed: store it at once (committed before this resolves, so nothing needs
 * reconciling after a restart) and say privately what it did. `eventId` is the platform's id of the
 * press, so a redelivered press is a no-op instead of a second toggle.
 */
export async function pressVoteButton(
  service: Pick<DuelVoting, 'vote'>,
  press: { buttonId: string; voter: string; eventId?: string },
): Promise<{ result: VoteResult; receipt: string }> {
  const parsed = parseVoteButtonId(press.buttonId);
  if (!parsed || !CHOICES.includes(parsed.choice)) {
    const result: VoteResult = { accepted: false, reason: 'unknown-duel', current: null };
    return { result, receipt: voteReceipt(result) };
  }
  const result = await service.vote({ duelId: parsed.duelId, voter: press.voter, choice: parsed.choice, op: 'press', eventId: press.eventId });
  return { result, receipt: voteReceipt(result) };
}
