/**
 * The one table of vote choices: each choice's words, its button label, its emoji (Discord's
 * reaction and button) and its Slack reaction name. Every platform's markers are derived from it.
 */
import type { Choice } from '../model/types.js';

export interface ChoiceMarks {
  choice: Choice;
  /** In sentences ("Your vote: both bad."). */
  words: string;
  /** On a vote button. */
  label: string;
  /** The Unicode emoji: Discord's reaction and button emoji. */
  emoji: string;
  /** Slack's reaction name for the same emoji, and the other names Slack reports it under. */
  slack: { name: string; aliases: readonly string[] };
}

/** In order: the bot seeds markers, and shows buttons, A B tie bad. */
export const CHOICE_TABLE: readonly ChoiceMarks[] = [
  // 🅰️ and 🅱️ are U+1F170 / U+1F171 followed by the emoji presentation selector U+FE0F.
  { choice: 'A', words: 'A', label: 'A', emoji: '\u{1F170}\uFE0F', slack: { name: 'a', aliases: [] } },
  { choice: 'B', words: 'B', label: 'B', emoji: '\u{1F171}\uFE0F', slack: { name: 'b', aliases: [] } },
  { choice: 'tie', words: 'tie', label: 'Tie', emoji: '\u{1F91D}', slack: { name: 'handshake', aliases: [] } },
  // Slack reports 👎 as `-1` (its canonical name) or `thumbsdown`.
  { choice: 'bad', words: 'both bad', label: 'Both bad', emoji: '\u{1F44E}', slack: { name: 'thumbsdown', aliases: ['-1'] } },
];

const byChoice = new Map(CHOICE_TABLE.map((c) => [c.choice, c]));

export function marksOf(choice: Choice): ChoiceMarks {
  return byChoice.get(choice)!;
}

/** Without variation selectors and skin tones: clients send 🅰 with or without U+FE0F, and 👎🏽 is the same vote. */
function bareEmoji(name: string): string {
  return name.replace(/[\uFE0E\uFE0F]|\u{1F3FB}|\u{1F3FC}|\u{1F3FD}|\u{1F3FE}|\u{1F3FF}/gu, '');
}

const byBareEmoji = new Map(CHOICE_TABLE.map((c) => [bareEmoji(c.emoji), c.choice]));

/** The vote a Unicode emoji reaction stands for, or null for any other (a custom emoji, with an id, never counts). */
export function choiceOfEmoji(name: string | null | undefined, customId?: string | null): Choice | null {
  if (!name || customId) return null;
  return byBareEmoji.get(bareEmoji(name)) ?? null;
}

const bySlackName = new Map(CHOICE_TABLE.flatMap((c) => [c.slack.name, ...c.slack.aliases].map((n) => [n, c.choice] as const)));

/** The vote a Slack reaction name stands for (skin tones come as `name::skin-tone-N`), or null. */
export function choiceOfSlackReaction(name: string): Choice | null {
  return bySlackName.get(name.split('::')[0]) ?? null;
}
