/**
 * The four vote reactions. 🅰️ and 🅱️ are U+1F170 / U+1F171 followed by the emoji
 * presentation selector U+FE0F; clients send them with or without it, so both count.
 */
import type { Choice } from '../../core/model/types.js';

/** The emoji the bot adds, in the order it adds them. */
export const VOTE_EMOJI: ReadonlyArray<{ choice: Choice; emoji: string }> = [
  { choice: 'A', emoji: '\u{1F170}\uFE0F' },
  { choice: 'B', emoji: '\u{1F171}\uFE0F' },
  { choice: 'tie', emoji: '\u{1F91D}' },
  { choice: 'bad', emoji: '\u{1F44E}' },
];

const byBareEmoji = new Map(VOTE_EMOJI.map((v) => [bare(v.emoji), v.choice]));

function bare(name: string): string {
  // Skin-tone modifiers on 👎/🤝 are the same vote.
  return name.replace(/[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu, '');
}

/** The vote a reaction stands for, or null for any other emoji (custom emoji have names too, so ids rule them out). */
export function choiceForEmoji(name: string | null | undefined, customId?: string | null): Choice | null {
  if (!name || customId) return null;
  return byBareEmoji.get(bare(name)) ?? null;
}

export function emojiForChoice(choice: Choice): string {
  return VOTE_EMOJI.find((v) => v.choice === choice)!.emoji;
}
