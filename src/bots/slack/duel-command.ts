/**
 * `/duel <prompt>`: admission check and ack within Slack's 3 s, then one progress message edited
 * as the sides advance, then the duel message (composite image, prompt, how to vote, close time)
 * with the four vote reactions added by the bot.
 */
import type { App, RespondFn, SlashCommand } from '@slack/bolt';
import { DuelRejectedError } from '../../core/errors.js';
import { messageRef, type SlackContext } from './slack-context.js';
import { actionableSlackError, genericFailure } from './slack-errors.js';
import { duelMessage, escapeSlack, progressDoneText, progressText, retryIn, unescapeSlack, VOTE_REACTIONS } from './slack-text.js';
import { ProgressUpdater } from './progress-updater.js';
import { postImageMessage } from './slack-upload.js';

export function registerDuelCommand(app: App, ctx: SlackContext): void {
  app.command('/duel', async ({ command, ack, respond }) => {
    const input = { platform: 'slack' as const, community: command.team_id, author: `slack:${command.user_id}`, prompt: unescapeSlack(command.text ?? '') };
    const rejection = ctx.service.precheck(input);
    if (rejection) {
      // The ack body is shown only to the person who typed the command.
      await ack({ response_type: 'ephemeral', text: rejectionText(rejection) });
      return;
    }
    await ack();
    ctx.track('duel', () => runDuel(ctx, command, respond));
  });
}

function rejectionText(rej: DuelRejectedError): string {
  const text = escapeSlack(rej.message);
  return /try again/i.test(text) ? text : `${text}${retryIn(rej.retryAfterMs)}`;
}

async function tellAuthor(ctx: SlackContext, respond: RespondFn, text: string): Promise<void> {
  try {
    // response_url works even where the bot is not a channel member (unlike chat.postEphemeral).
    await respond({ response_type: 'ephemeral', text });
  } catch (err) {
    ctx.logger.warn({ err }, 'could not answer through response_url');
  }
}

async function runDuel(ctx: SlackContext, command: SlashCommand, respond: RespondFn): Promise<void> {
  const { client, service } = ctx;
  const channel = command.channel_id;
  const prompt = unescapeSlack(command.text ?? '').trim();
  let progressTs: string;
  try {
    const res = await client.chat.postMessage({ channel, text: progressText(prompt, null) });
    progressTs = String(res.ts);
  } catch (err) {
    ctx.logger.warn({ err, channel }, 'could not post the progress message');
    await tellAuthor(ctx, respond, actionableSlackError(err, ctx.botName) ?? genericFailure(err));
    return;
  }
  const editProgress = (text: string) => client.chat.update({ channel, ts: progressTs, text }).then(() => undefined);
  const updater = new ProgressUpdater(editProgress, ctx.progressIntervalMs, (err) => ctx.logger.warn({ err }, 'progress update failed'));

  let outcome;
  try {
    outcome = await service.startDuel({
      platform: 'slack',
      community: command.team_id,
      channel,
      author: `slack:${command.user_id}`,
      prompt,
      onProgress: (p) => updater.push(progressText(prompt, p)),
    });
  } catch (err) {
    await updater.close();
    if (err instanceof DuelRejectedError) {
      // Lost a race with another command after the precheck: say so privately, drop the progress line.
      await tellAuthor(ctx, respond, rejectionText(err));
      await client.chat.delete({ channel, ts: progressTs }).catch((e: unknown) => ctx.logger.warn({ err: e }, 'could not delete progress message'));
      return;
    }
    // The details (a store or renderer failure) are for the log, not the channel.
    ctx.logger.error({ err }, 'duel failed');
    await editProgress(`:x: The duel for “${escapeSlack(prompt)}” could not be finished because of an error on the bot's side. Try again; if it keeps happening, the bot's operator will find the details in its log.`).catch(() => {});
    return;
  }
  await updater.close();

  const { duel, entries, images, contest } = outcome;
  const log = ctx.logger.child({ duelId: duel.id });
  let ts: string;
  try {
    const posted = await postImageMessage({
      client,
      channel,
      png: images.composite,
      filename: `duel-${duel.id}.png`,
      title: 'Prompt duel: A (left) vs B (right)',
      build: (fileId) => duelMessage(duel, entries, contest, fileId),
      logger: log,
    });
    ts = posted.ts;
    // Kept for the reveal only; a no-contest duel has none.
    if (contest) ctx.fileIds.set(duel.id, posted.fileId);
  } catch (err) {
    log.error({ err }, 'could not post the duel message');
    const why = actionableSlackError(err, ctx.botName) ?? genericFailure(err);
    await editProgress(`:x: “${escapeSlack(prompt)}” was drawn but could not be posted. ${why}`).catch(() => {});
    return;
  }
  service.attachMessage(duel.id, messageRef(channel, ts));
  log.info({ channel, ts, contest }, 'duel posted');
  await editProgress(progressDoneText(prompt, entries, contest)).catch((err: unknown) => log.warn({ err }, 'progress update failed'));
  if (!contest) return;
  // One at a time, in this order, so they appear A B 🤝 👎 under the image.
  for (const name of Object.values(VOTE_REACTIONS)) {
    try {
      await client.reactions.add({ channel, timestamp: ts, name });
    } catch (err) {
      log.warn({ err, name }, 'could not add vote reaction');
    }
  }
}
