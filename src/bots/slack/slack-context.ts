/**
 * What every Slack handler shares: the engine, the Web API client, who the bot is, and the
 * bookkeeping that lets stop() wait for work in progress.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { ChatService } from '../../core/chat/chat-duel.js';
import type { DuelBoards, DuelLifecycle, DuelReading, DuelVoting } from '../../core/duel/duel-api.js';
import type { VoteStyle } from '../../core/chat/vote-buttons.js';
import type { SlackBotUsers } from './slack-bot-users.js';

export interface SlackContext {
  /** The engine's faces a Slack bot uses: the chat sequence, votes, boards, and closing early on request. */
  service: ChatService & DuelVoting & DuelBoards & Pick<DuelReading, 'findByMessage'> & Pick<DuelLifecycle, 'canCloseEarly'>;
  client: webApi.WebClient;
  logger: Logger;
  /** The bot's own user id (auth.test user_id): its reactions are never votes. */
  botUserId: string;
  /** Which users are bots (this one or another app's): their reactions are never votes. */
  botUsers: SlackBotUsers;
  /** The bot's user name, for `/invite @name` hints. */
  botName: string;
  progressIntervalMs: number;
  /** reactions or buttons (DUEL_VOTE_STYLE). */
  voteStyle: VoteStyle;
  /** Uploaded composite file id by duel id, so the reveal keeps the image without re-uploading. */
  fileIds: Map<string, string>;
  /** Run background work (after ack) so that errors are logged and stop() can wait for it. */
  track(name: string, work: () => Promise<void>): void;
  /** True once stop() was called. */
  stopped(): boolean;
  /** This app as core's ChatPlatform port. */
  platform: ChatPlatform;
}

/** Duel message refs are `channel:ts` (a ts is only unique within its channel). */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function parseMessageRef(ref: string | null): { channel: string; ts: string } | null {
  if (!ref) return null;
  const i = ref.indexOf(':');
  if (i <= 0) return null;
  return { channel: ref.slice(0, i), ts: ref.slice(i + 1) };
}
