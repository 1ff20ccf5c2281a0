/** The four vote reactions on Discord, derived from core's one choice table (src/core/chat/choices.ts). */
import { CHOICE_TABLE, choiceOfEmoji, marksOf } from '../../core/chat/choices.js';
import type { Choice } from '../../core/model/types.js';

/** The emoji the bot adds, in the order it adds them. */
export const VOTE_EMOJI: ReadonlyArray<{ choice: Choice; emoji: string }> = CHOICE_TABLE.map(({ choice, emoji }) => ({ choice, emoji }));

/** The vote a reaction stands for, or null for any other emoji (custom emoji have names too, so ids rule them out). */
export const choiceForEmoji = choiceOfEmoji;

export function emojiForChoice(choice: Choice): string {
  return marksOf(choice).emoji;
}
