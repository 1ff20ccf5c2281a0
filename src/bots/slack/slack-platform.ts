/**
 * Slack as a ChatPlatform: translate core's calls into Web API calls. The duel message is our own
 * chat.postMessage with the uploaded composite (see slack-upload.ts), the vote markers are the
 * bot's reactions, the reveal edits the message (keeping the image) and posts the result in its thread.
 * The animated GIF, made after the vote opened, replaces the PNG by the same kind of edit.
 */
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { DuelRecord } from '../../core/model/records.js';
import type { Choice } from '../../core/model/types.js';
import { messageRef, parseMessageRef, type SlackContext } from './slack-context.js';
import { choiceOfReaction, duelMessage, escapeSlack, revealMessage, revealSummary, VOTE_REACTIONS } from './slack-text.js';
import { postImageMessage, updateImageMessage, uploadPrivatePng } from './slack-upload.js';

interface ReactionsGetResult {
  message?: { reactions?: Array<{ name: string; users?: string[] }> };
}

const IMAGE_TITLE = 'Prompt duel: A (left) vs B (right)';

function refOf(ref: string | null): { channel: string; ts: string } {
  const parsed = parseMessageRef(ref);
  if (!parsed) throw new Error(`not a Slack message ref: ${String(ref)}`);
  return parsed;
}

export function slackPlatform(ctx: SlackContext): ChatPlatform {
  const seedVote = async (duel: DuelRecord, choice: Choice) => {
    const { channel, ts } = refOf(duel.messageRef);
    await ctx.client.reactions.add({ channel, timestamp: ts, name: VOTE_REACTIONS[choice] });
  };
  const currentVotes = async (duel: DuelRecord) => {
    const { channel, ts } = refOf(duel.messageRef);
    const res = (await ctx.client.reactions.get({ channel, timestamp: ts, full: true })) as ReactionsGetResult;
    const shown: Array<{ voter: string; choice: Choice }> = [];
    for (const r of res.message?.reactions ?? []) {
      const choice = choiceOfReaction(r.name);
      if (!choice) continue;
      for (const user of r.users ?? []) if (!(await ctx.botUsers.isBot(user))) shown.push({ voter: `slack:${user}`, choice });
    }
    return shown;
  };
  return {
    platform: 'slack',
    progressIntervalMs: ctx.progressIntervalMs,
    async postDuel({ duel, entries, contest }, image) {
      const posted = await postImageMessage({
        client: ctx.client,
        channel: duel.channel,
        png: image.data,
        filename: image.filename,
        title: IMAGE_TITLE,
        build: (fileId) => duelMessage(duel, entries, contest, fileId, ctx.voteStyle),
        logger: ctx.logger.child({ duelId: duel.id }),
      });
      // Kept for the reveal only; a no-contest duel has none.
      if (contest) ctx.fileIds.set(duel.id, posted.fileId);
      return messageRef(duel.channel, posted.ts);
    },
    async showAnimation({ duel, entries, contest }, image) {
      const { channel, ts } = refOf(duel.messageRef);
      // A new upload of the GIF, and the same message rebuilt around its file id (chat.update).
      const fileId = await uploadPrivatePng(ctx.client, image.data, image.filename, IMAGE_TITLE);
      // Known before the message shows it, so a reveal from then on keeps the GIF.
      if (contest) ctx.fileIds.set(duel.id, fileId);
      await updateImageMessage({
        client: ctx.client,
        channel,
        ts,
        png: image.data,
        fileId,
        filename: image.filename,
        title: IMAGE_TITLE,
        build: (id) => duelMessage(duel, entries, contest, id, ctx.voteStyle),
        logger: ctx.logger.child({ duelId: duel.id }),
      });
    },
    // With buttons nothing is seeded, and votes are stored as pressed: nothing to reconcile.
    ...(ctx.voteStyle === 'buttons' ? {} : { seedVote, currentVotes }),
    async showReveal(reveal, duel, storedImage) {
      const { channel, ts } = refOf(duel.messageRef);
      // After a restart the file id is not known: upload the stored image (GIF or PNG) again.
      const known = ctx.fileIds.get(duel.id) ?? null;
      const image = known ? undefined : await storedImage();
      if (known || image) {
        await updateImageMessage({
          client: ctx.client,
          channel,
          ts,
          png: image?.data ?? Buffer.alloc(0),
          fileId: known,
          filename: image?.filename ?? `duel-${duel.id}.png`,
          title: IMAGE_TITLE,
          build: (fileId) => revealMessage(duel, reveal, fileId),
          logger: ctx.logger.child({ duelId: duel.id }),
        });
      } else {
        await ctx.client.chat.update({ channel, ts, ...revealMessage(duel, reveal, null) });
      }
      await ctx.client.chat.postMessage({ channel, thread_ts: ts, text: `:checkered_flag: Voting closed on “${escapeSlack(duel.prompt)}”.\n${revealSummary(reveal)}` });
      ctx.fileIds.delete(duel.id);
    },
  };
}
