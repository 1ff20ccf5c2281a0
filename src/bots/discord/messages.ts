/**
 * The texts the Discord bot shows: progress, the duel message, the reveal. Pure
 * functions of core data, so they are easy to test and never touch the network.
 */
import { APP_DEFAULTS } from '../../core/model/settings.js';
import { escapeMarkdown, time, TimestampStyles } from 'discord.js';
import type { DuelRecord, DuelProgress, EntryRecord } from '../../core/model/records.js';
import type { Reveal, Side } from '../../core/model/types.js';
import { emojiForChoice } from './emoji.js';
import type { VoteStyle } from '../../core/chat/vote-buttons.js';

/** Discord's limit on message content, in characters. */
export const MAX_CONTENT = 2000;

const SIDE_EMOJI: Record<Side, string> = { A: emojiForChoice('A'), B: emojiForChoice('B') };

/**
 * Discord markup that is not markdown: user, role and channel mentions (`<@1>`, `<@!1>`, `<@&1>`,
 * `<#1>`), timestamps (`<t:1:R>`), custom emoji and command mentions all open with `<`. Escaped
 * (`\<`), each shows as typed. Nobody would be pinged anyway (every message is sent with no allowed
 * mentions), but a prompt must not show a pill naming a member, a role or a channel either.
 */
const MARKUP_OPENER = /</g;

/** `@everyone` and `@here` typed plainly: a zero-width space after the `@` shows them as typed, not as a mention. */
const BROADCAST_WORD = /@(everyone|here)\b/gi;

/**
 * Text from people or models as shown in the bot's own messages: markdown escaped, masked-link
 * brackets too, and mentions, channel links and timestamps neutralized. A bot's message may carry
 * masked links, so `[free nitro](https://evil.example)` in a prompt would become a disguised link;
 * escaped, it shows as typed with the real address visible.
 */
export function showText(text: string): string {
  return escapeMarkdown(text)
    .replace(/[[\]]/g, (c) => `\\${c}`)
    .replace(MARKUP_OPENER, '\\<')
    .replace(BROADCAST_WORD, '@\u200B$1');
}

/** Prompt text as shown in a message: escaped (showText), cut to keep the message under the limit. */
export function showPrompt(prompt: string, max = 600): string {
  const cut = [...prompt].length > max ? [...prompt].slice(0, max - 1).join('') + '…' : prompt;
  return showText(cut);
}

/** The deferred reply while the duel is drawn: one state for the duel, never per side (blind). */
export function progressText(prompt: string, progress: DuelProgress | null): string {
  const head = `🎨 Drawing **${showPrompt(prompt, 300)}**`;
  return `${head}\n⏳ ${progress ? escapeMarkdown(progress.text) : 'starting…'}`;
}

/** The channel message that asks for votes. `closesAt` in epoch ms. */
export function duelText(duel: DuelRecord, authorId: string, style: VoteStyle = APP_DEFAULTS.voteStyle): string {
  const closes = duel.closesAt ? time(Math.round(duel.closesAt / 1000), TimestampStyles.RelativeTime) : 'soon';
  return [
    `**Prompt duel:** ${showPrompt(duel.prompt)}`,
    `Asked by <@${authorId}>. Two models drew it; who drew which side stays hidden until voting closes.`,
    style === 'buttons'
      ? `Press 🅰️ or 🅱️ (🤝 tie, 👎 both bad); only you see your vote, and the tally shows when voting closes ${closes}.`
      : `React 🅰️ or 🅱️ (🤝 tie, 👎 both bad). Voting closes ${closes}.`,
  ].join('\n');
}

/** The channel message for a duel where a contender failed: shown plainly, no vote asked. */
export function noContestText(duel: DuelRecord, entries: Record<Side, EntryRecord>): string {
  const failed = (['A', 'B'] as const).filter((s) => !entries[s].ok);
  return [
    `**Prompt duel:** ${showPrompt(duel.prompt)}`,
    ...failed.map((s) => `${SIDE_EMOJI[s]} failed: ${showText(entries[s].error ?? 'no drawing came back')}`),
    'No contest: there is nothing to vote on, and this duel does not count for the leaderboard.',
  ].join('\n');
}

/** The duel message after close: who drew which side, the tally, the winner. */
export function revealText(reveal: Reveal, duel: DuelRecord): string {
  const who = (s: Side) => `${SIDE_EMOJI[s]} was **${showText(reveal.sides[s].label)}** (\`${reveal.sides[s].spec}\`)`;
  const lines = [`**Prompt duel:** ${showPrompt(duel.prompt)}`, `${who('A')} · ${who('B')}`];
  if (reveal.status === 'no-contest') {
    for (const s of ['A', 'B'] as const) if (!reveal.sides[s].ok) lines.push(`${SIDE_EMOJI[s]} failed: ${showText(reveal.sides[s].error ?? 'no drawing')}`);
    lines.push('No contest: not rated.');
    return lines.join('\n');
  }
  const t = reveal.tally;
  lines.push(`Votes: 🅰️ ${t.A} · 🅱️ ${t.B} · 🤝 ${t.tie} · 👎 ${t.bad} (${reveal.votes} ${reveal.votes === 1 ? 'vote' : 'votes'})`);
  if (reveal.winner === 'A' || reveal.winner === 'B') lines.push(`Winner: ${SIDE_EMOJI[reveal.winner]} **${showText(reveal.sides[reveal.winner].label)}**`);
  else if (reveal.winner === 'tie') lines.push('Result: a tie.');
  else lines.push('No votes: not rated.');
  if (reveal.flags.includes('unblinded')) lines.push('⚠️ A drawing named its model, so this duel is left out of the leaderboard.');
  lines.push('Voting is closed; later votes change nothing.');
  return clip(lines.join('\n'));
}

export function clip(text: string, max = MAX_CONTENT): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
