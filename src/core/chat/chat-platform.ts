/**
 * The ChatPlatform port (DESIGN.md): what core needs from a chat to run a duel there. Core owns
 * the sequence (src/core/chat/chat-duel.ts: admit, acknowledge, paced progress, start, post, attach,
 * seed, failed-post handling, reconcile, reveal); an adapter (src/bots/discord, src/bots/slack)
 * only translates these calls into its API. Optional capabilities are optional members.
 */
import type { DuelImages, DuelOutcome, DuelProgress, DuelRecord, StartDuelInput } from '../model/records.js';
import type { DuelRejectedError } from '../model/errors.js';
import type { Choice, Platform, Reveal } from '../model/types.js';

/**
 * The picture a chat shows for a duel: the animated composite GIF once it is made (both Discord and
 * Slack play GIFs), else the composite PNG. Chosen here, once, for every platform.
 */
export interface ChatImage {
  data: Buffer;
  /** File name to upload it under, extension included (`duel-<id>.gif` / `.png`). */
  filename: string;
  contentType: 'image/gif' | 'image/png';
  animated: boolean;
}

/** The image to post for a duel: the GIF when there is one, the PNG as the fallback. */
export function chatImage(duelId: string, images: Pick<DuelImages, 'composite' | 'animated'>): ChatImage {
  if (images.animated) return { data: images.animated, filename: `duel-${duelId}.gif`, contentType: 'image/gif', animated: true };
  return { data: images.composite, filename: `duel-${duelId}.png`, contentType: 'image/png', animated: false };
}

/** One chat: where duels are posted, shown, voted on and revealed. */
export interface ChatPlatform {
  readonly platform: Platform;
  /** Least ms between two progress edits of one duel (the platform's rate limits). */
  readonly progressIntervalMs: number;
  /**
   * Post the duel message in `outcome.duel.channel`: the composite image (and, when the outcome has
   * one, anything else it carries), the prompt, how to vote and the close time, or the no-contest
   * notice. Resolves with the platform's message ref; throws when it could not be posted.
   */
  postDuel(outcome: DuelOutcome, image: ChatImage): Promise<string>;
  /**
   * The animated composite GIF of a posted duel is ready (it is made after the vote opened): put it
   * in place of the still image on the posted message, keeping the message's words and votes. Core
   * calls it only while the duel has not closed, and logs a failure (the PNG stays). Absent: the
   * duel keeps its PNG until the reveal, which shows the stored GIF.
   */
  showAnimation?(outcome: DuelOutcome, image: ChatImage): Promise<void>;
  /**
   * Add the bot's own vote marker for `choice` to a posted duel (a reaction). Core calls it for each
   * choice in order and logs a failure. Absent when voting needs no seeding (e.g. buttons posted with the message).
   */
  seedVote?(duel: DuelRecord, choice: Choice): Promise<void>;
  /**
   * Every vote the duel message shows now, one pair per voter and choice (after a restart). Absent
   * when votes are stored the moment they are cast and need no reconciling. Throws when unreadable.
   */
  currentVotes?(duel: DuelRecord): Promise<Array<{ voter: string; choice: Choice }>>;
  /**
   * Show the reveal on the posted duel message. Throws when it could not: the reveal is retried.
   * `image()` reads the duel's image from the store (for a platform that must upload it again).
   */
  showReveal(reveal: Reveal, duel: DuelRecord, image: () => Promise<ChatImage | undefined>): Promise<void>;
}

/** One duel command as it arrived on the platform: how to answer the person who asked. */
export interface DuelRequest {
  /** What to start (no onProgress: core paces progress itself). */
  readonly input: Omit<StartDuelInput, 'onProgress'>;
  /** Refuse privately before anything public was said (prompt, cooldown, busy). */
  refuse(rejection: DuelRejectedError): Promise<void>;
  /**
   * Acknowledge within the platform's deadline and show that drawing starts (a deferred reply, a
   * progress message). Throws when it could not (the adapter has told the person why): no duel starts.
   */
  acknowledge(): Promise<void>;
  /** Show the duel's progress (already paced by core: at most one edit in flight, latest only). */
  showProgress(progress: DuelProgress): Promise<void>;
  /** The duel was refused after acknowledging (a race with another command): withdraw the public part, tell the person privately. */
  withdraw(rejection: DuelRejectedError): Promise<void>;
  /** The duel message is up at `ref` (the outcome says whether it is a contest). */
  posted(outcome: DuelOutcome, ref: string): Promise<void>;
  /** The drawings were made but could not be posted; the duel was closed. `err` is what the platform said. */
  postFailed(outcome: DuelOutcome, err: unknown): Promise<void>;
  /** The duel failed on the bot's side (store, composite): details are in the log, not for the channel. */
  failed(err: unknown): Promise<void>;
}
