/**
 * `/duel <prompt>`: core's duel sequence (runChatDuel) with each step said in Slack's words: an
 * ephemeral refusal in the ack, one progress message edited as the duel advances, then a line
 * pointing at the duel message (posted by slack-platform.ts) or saying why it could not be.
 */
import type { App, AckFn, RespondArguments, RespondFn, SlashCommand } from '@slack/bolt';
import { runChatDuel } from '../../core/chat/chat-duel.js';
import type { DuelRequest } from '../../core/chat/chat-platform.js';
import type { DuelRejectedError } from '../../core/model/errors.js';
import { DUEL_USAGE, parseDuelArgs } from './duel-args.js';
import type { SlackContext } from './slack-context.js';
import { actionableSlackError, genericFailure } from './slack-errors.js';
import { escapeSlack, progressDoneText, progressText, retryIn, unescapeSlack } from './slack-text.js';

export function registerDuelCommand(app: App, ctx: SlackContext): void {
  app.command('/duel', async ({ command, ack, respond }) => {
    const request = duelRequest(ctx, command, ack, respond);
    // Acked inside the sequence (refusal or acknowledge) within Slack's 3 s; the rest runs tracked, so stop() waits for it.
    ctx.track('duel', () => runChatDuel({ service: ctx.service, platform: ctx.platform, logger: ctx.logger }, request).then(() => undefined));
  });
}

function rejectionText(rej: DuelRejectedError): string {
  const text = escapeSlack(rej.message);
  // Nothing to draw, or a name that means no contender: show how the command is written.
  if (rej.reason === 'empty-prompt' || rej.reason === 'unknown-contender' || rej.reason === 'same-contender') return `${text}\n${DUEL_USAGE}`;
  return /try again/i.test(text) ? text : `${text}${retryIn(rej.retryAfterMs)}`;
}

function duelRequest(ctx: SlackContext, command: SlashCommand, ack: AckFn<string | RespondArguments>, respond: RespondFn): DuelRequest {
  const { client } = ctx;
  const channel = command.channel_id;
  // `a:<name>` / `b:<name>` in front name the pair (core resolves the names); the rest is the prompt.
  const args = parseDuelArgs(unescapeSlack(command.text ?? ''));
  const prompt = args.prompt;
  let progressTs: string | undefined;
  const editProgress = async (text: string) => {
    if (progressTs) await client.chat.update({ channel, ts: progressTs, text });
  };
  const tellAuthor = async (text: string) => {
    try {
      // response_url works even where the bot is not a channel member (unlike chat.postEphemeral).
      await respond({ response_type: 'ephemeral', text });
    } catch (err) {
      ctx.logger.warn({ err }, 'could not answer through response_url');
    }
  };
  return {
    input: { platform: 'slack', community: command.team_id, channel, author: `slack:${command.user_id}`, prompt, ...(args.names.length > 0 ? { contenders: args.names } : {}) },
    // The ack body is shown only to the person who typed the command.
    refuse: (rejection) => ack({ response_type: 'ephemeral', text: rejectionText(rejection) }),
    async acknowledge() {
      await ack();
      try {
        const res = await client.chat.postMessage({ channel, text: progressText(prompt, null) });
        progressTs = String(res.ts);
      } catch (err) {
        await tellAuthor(actionableSlackError(err, ctx.botName) ?? genericFailure(err));
        throw err;
      }
    },
    showProgress: (p) => editProgress(progressText(prompt, p)),
    async withdraw(rejection) {
      // Lost a race with another command after the precheck: say so privately, drop the progress line.
      await tellAuthor(rejectionText(rejection));
      if (progressTs) await client.chat.delete({ channel, ts: progressTs });
    },
    posted: (outcome) => editProgress(progressDoneText(prompt, outcome.entries, outcome.contest)),
    postFailed: (_outcome, err) => {
      const why = actionableSlackError(err, ctx.botName) ?? genericFailure(err);
      return editProgress(`:x: “${escapeSlack(prompt)}” was drawn but could not be posted. ${why}`);
    },
    // The details (a store or renderer failure) are for the log, not the channel.
    failed: () =>
      editProgress(`:x: The duel for “${escapeSlack(prompt)}” could not be finished because of an error on the bot's side. Try again; if it keeps happening, the bot's operator will find the details in its log.`),
  };
}
