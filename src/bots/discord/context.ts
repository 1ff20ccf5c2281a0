/**
 * What every Discord handler gets: the engine, the client, a logger, and pacing.
 */
import type { Client, MessageMentionOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { ChatService } from '../../core/chat/chat-duel.js';
import type { DuelBoards, DuelLifecycle, DuelReading, DuelVoting } from '../../core/duel/duel-api.js';
import type { VoteStyle } from '../../core/chat/vote-buttons.js';

export interface BotContext {
  /** The engine's faces a Discord bot uses: the chat sequence, votes, boards, and closing early on request. */
  service: ChatService & DuelVoting & DuelBoards & Pick<DuelReading, 'findByMessage'> & Pick<DuelLifecycle, 'canCloseEarly'>;
  client: Client;
  logger: Logger;
  /** reactions or buttons (DUEL_VOTE_STYLE). */
  voteStyle: VoteStyle;
  /** Minimum ms between progress edits of one reply. */
  progressIntervalMs: number;
  /** This bot as core's ChatPlatform port (set once the client is ready). */
  platform: ChatPlatform;
}

/** Passed on every send and edit (besides the client default): a prompt saying @everyone pings nobody. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };
