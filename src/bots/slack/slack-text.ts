/**
 * Everything the Slack adapter writes into a channel, as pure functions: mrkdwn text and Block Kit.
 * Text that came from people or models (prompts, error messages, labels) always goes through
 * `escapeSlack`, so `<!channel>`, `<!here>` and `<@U123>` in a prompt are shown, never acted on.
 */
import { CHOICE_TABLE, choiceOfSlackReaction } from '../../core/chat/choices.js';
import { APP_DEFAULTS } from '../../core/model/settings.js';
import type { DuelProgress, DuelRecord, EntryRecord } from '../../core/model/records.js';
import type { Choice, Reveal, Side } from '../../core/model/types.js';
import { VOTE_BUTTONS, voteButtonId, type VoteStyle } from '../../core/chat/vote-buttons.js';

/**
 * Broadcast words typed plainly. Slack notifies only for `<!here>`-style markup (escaped below),
 * but a client or a message posted with `link_names` turns plain `@here` into it too: a word joiner
 * (U+2060, invisible) after the `@` shows the word as typed and notifies nobody.
 */
const BROADCAST_WORD = /@(channel|here|everyone)\b/gi;

/**
 * Text from people or models as Slack shows it, never acted on: Slack's three control characters
 * (https://api.slack.com/reference/surfaces/formatting#escaping) escaped, so every markup Slack acts on
 * (`<!channel>`, `<!here>`, `<!subteam^…>`, `<@U1>`, `<#C1>`, `<!date^…>`, links) shows as typed;
 * and the broadcast words defused.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(BROADCAST_WORD, '@\u2060$1');
}

/**
 * Slack sends user-typed text with those three characters entity-encoded; the engine stores
 * the prompt as the person typed it (it reaches the models and the image caption), so decode.
 * `&amp;` goes last so `&amp;lt;` becomes `&lt;`, not `<`.
 */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Reaction names the bot adds, by choice (from core's one choice table). */
export const VOTE_REACTIONS: Record<Choice, string> = Object.fromEntries(CHOICE_TABLE.map((c) => [c.choice, c.slack.name])) as Record<Choice, string>;

/** A reaction name from an event or reactions.get -> a choice (skin tones and Slack's other names included). */
export const choiceOfReaction = choiceOfSlackReaction;

export const VOTE_INSTRUCTIONS = `React :${VOTE_REACTIONS.A}: or :${VOTE_REACTIONS.B}: (:${VOTE_REACTIONS.tie}: tie, :${VOTE_REACTIONS.bad}: both bad)`;
export const BUTTON_INSTRUCTIONS = 'Press A or B (tie, both bad); only you see your vote, and the tally shows when voting closes';

/** The four vote buttons (an actions block); each action_id carries the duel id and the choice. */
function voteButtons(duelId: string): Record<string, unknown> {
  return {
    type: 'actions',
    block_id: 'duel-vote',
    elements: VOTE_BUTTONS.map((b) => ({
      type: 'button',
      action_id: voteButtonId(duelId, b.choice),
      value: b.choice,
      text: { type: 'plain_text', text: `${b.emoji} ${b.label}`, emoji: true },
    })),
  };
}

/** `<!date^...>` renders in each reader's time zone; the fallback is UTC for clients that can't. */
export function slackDate(epochMs: number): string {
  const sec = Math.floor(epochMs / 1000);
  const fallback = new Date(sec * 1000).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `<!date^${sec}^{date_short_pretty} {time}|${fallback}>`;
}

/** The single progress message, edited as the duel advances: one state for the duel, never per side (blind). */
export function progressText(prompt: string, progress: DuelProgress | null): string {
  const head = `:art: Drawing “${escapeSlack(prompt)}”…`;
  return `${head}\n:hourglass_flowing_sand: ${progress ? escapeSlack(progress.text) : 'starting'}`;
}

/**
 * The progress message once the duel message is posted. No per-side times: it stays visible
 * all through voting, and a drawing time can tell a local model from a hosted one.
 */
export function progressDoneText(prompt: string, entries: Record<Side, EntryRecord>, contest: boolean): string {
  if (contest) return `:art: “${escapeSlack(prompt)}”: both drawings are ready. Vote on the duel below.`;
  const failed = (['A', 'B'] as const).filter((s) => !entries[s].ok).join(' and ');
  return `:art: “${escapeSlack(prompt)}”: ${failed} failed. No contest (see below).`;
}

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

function imageBlock(fileId: string | null, alt: string): Array<Record<string, unknown>> {
  return fileId ? [{ type: 'image', slack_file: { id: fileId }, alt_text: alt }] : [];
}

const IMAGE_ALT = 'Drawing A (left) and drawing B (right)';

/** The duel message people vote on (or the no-contest notice). */
export function duelMessage(duel: DuelRecord, entries: Record<Side, EntryRecord>, contest: boolean, fileId: string | null, style: VoteStyle = APP_DEFAULTS.voteStyle): SlackMessage {
  const prompt = escapeSlack(duel.prompt);
  if (!contest) {
    const failures = (['A', 'B'] as const)
      .filter((s) => !entries[s].ok)
      .map((s) => `*${s}* could not draw: ${escapeSlack(entries[s].error ?? 'unknown error')}`);
    const text = `*No contest* for “${prompt}”: ${failures.join('; ')}. No vote this time.`;
    return { text, blocks: [...imageBlock(fileId, IMAGE_ALT), { type: 'section', text: { type: 'mrkdwn', text } }] };
  }
  const closes = duel.closesAt ? `Voting closes ${slackDate(duel.closesAt)}.` : '';
  const how = style === 'buttons' ? BUTTON_INSTRUCTIONS : VOTE_INSTRUCTIONS;
  const text = `*Prompt duel:* “${prompt}”\n${how}. ${closes}`.trim();
  return {
    text,
    blocks: [
      ...imageBlock(fileId, IMAGE_ALT),
      { type: 'section', text: { type: 'mrkdwn', text: `*Prompt duel:* “${prompt}”` } },
      // Buttons carry no counts: the tally stays hidden until the reveal.
      ...(style === 'buttons' ? [voteButtons(duel.id)] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `${how}. ${closes}`.trim() }] },
    ],
  };
}

function winnerText(reveal: Reveal): string {
  if (reveal.status === 'no-contest') return 'No contest: not rated.';
  if (reveal.votes === 0) return 'Nobody voted: not rated.';
  if (reveal.winner === 'tie' || reveal.winner === null) return '*Result:* a draw.';
  return `*Winner:* ${reveal.winner}, ${escapeSlack(reveal.sides[reveal.winner].label)}`;
}

/** Who drew which side, the tally and the winner. */
export function revealSummary(reveal: Reveal): string {
  const t = reveal.tally;
  const lines = [
    `*A* was ${escapeSlack(reveal.sides.A.label)} · *B* was ${escapeSlack(reveal.sides.B.label)}`,
    `*Votes:* ${reveal.votes} (A ${t.A} · B ${t.B} · tie ${t.tie} · both bad ${t.bad})`,
    winnerText(reveal),
  ];
  if (reveal.flags.includes('unblinded')) lines.push('_A drawing named its model, so this duel is left out of the ratings._');
  return lines.join('\n');
}

/** The duel message after close: same image, the prompt, and the reveal. */
export function revealMessage(duel: DuelRecord, reveal: Reveal, fileId: string | null): SlackMessage {
  const head = `*Prompt duel:* “${escapeSlack(duel.prompt)}” (closed)`;
  const summary = revealSummary(reveal);
  return {
    text: `${head}\n${summary}`,
    blocks: [...imageBlock(fileId, IMAGE_ALT), { type: 'section', text: { type: 'mrkdwn', text: head } }, { type: 'section', text: { type: 'mrkdwn', text: summary } }],
  };
}

/** When to retry, in words ("in 42 s", "in 3 min"). */
export function retryIn(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s < 120 ? ` Try again in ${s} s.` : ` Try again in ${Math.ceil(s / 60)} min.`;
}
