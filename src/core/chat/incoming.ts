/**
 * Incoming chat events, written once for every platform: a reaction on a duel message and a vote
 * button pressed. An adapter translates its platform's event into one of these and calls core;
 * the rules (which duel, whether it counts, what the voter is told) are decided here and in the
 * vote rules, never in an adapter. A duel command goes through runChatDuel (chat-duel.ts).
 */
import type { Logger } from 'pino';
import type { DuelReading, DuelVoting } from '../duel/duel-api.js';
import type { Choice, Platform, VoteResult } from '../model/types.js';
import { pressVoteButton } from './vote-buttons.js';

export interface IncomingReaction {
  platform: Platform;
  /** The platform's reference of the message reacted on (as attachMessage stored it). */
  messageRef: string;
  /** Namespaced voter id (`discord:123`). */
  voter: string;
  /** The choice the reaction stands for (choices.ts), or null for any other reaction. */
  choice: Choice | null;
  op: 'add' | 'remove';
  /** The reactor is a bot (the platform says so): never counted. */
  fromBot?: boolean;
  /** The platform's event id, so a redelivery is a no-op. */
  eventId?: string;
}

/** A reaction arrived: a vote when it is a vote marker on a duel message. Null when it is neither. */
export async function processReaction(
  service: Pick<DuelReading, 'findByMessage'> & Pick<DuelVoting, 'vote'>,
  logger: Logger,
  event: IncomingReaction,
): Promise<VoteResult | null> {
  if (!event.choice) return null;
  const duel = await service.findByMessage(event.platform, event.messageRef);
  if (!duel) return null;
  const result = await service.vote({ duelId: duel.id, voter: event.voter, choice: event.choice, op: event.op, eventId: event.eventId, fromBot: event.fromBot });
  logger.debug({ duelId: duel.id, op: event.op, choice: event.choice, eventId: event.eventId, accepted: result.accepted, reason: result.reason }, 'reaction vote');
  return result;
}

export interface IncomingPress {
  /** The pressed button's id (`duel-vote:<duelId>:<choice>`). */
  buttonId: string;
  voter: string;
  /** The platform's id of the press, so a press delivered twice is no second toggle. */
  eventId?: string;
}

/** A vote button was pressed: the vote is stored at once; the receipt is what to tell the voter privately. */
export async function processAction(service: Pick<DuelVoting, 'vote'>, logger: Logger, press: IncomingPress): Promise<{ result: VoteResult; receipt: string }> {
  const answer = await pressVoteButton(service, press);
  logger.debug({ buttonId: press.buttonId, accepted: answer.result.accepted, reason: answer.result.reason }, 'button vote');
  return answer;
}
