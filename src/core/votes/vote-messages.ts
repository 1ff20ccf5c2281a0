/** Why a vote was not counted, in words for people. Shared by every platform that answers a voter. */
import type { VoteRejection } from '../model/types.js';

export const VOTE_REJECTION_MESSAGES: Readonly<Record<VoteRejection, string>> = {
  'unknown-duel': 'There is no such duel.',
  closed: 'Voting on this duel has closed: votes after close do not count.',
  'not-open': 'This duel is still being drawn: vote once it is posted.',
  'from-bot': "The bot's own votes do not count.",
  'duplicate-event': 'That vote was already counted.',
  'stale-remove': 'That was not the current vote, so nothing changed.',
  'other-platform': 'This duel was posted on another platform: vote there, where it was posted. Votes from elsewhere do not count.',
  'daily-cap': 'You have cast as many votes in the last 24 hours as this arena counts from one voter (DUEL_VOTER_DAILY_CAP): this one was not counted. Try again tomorrow.',
};
