/**
 * At close: edit the duel message to say who drew A and B, the tally and the winner (keeping the
 * image), and post the result in the message's thread.
 */
import type { DuelRecord } from '../../core/duel-api.js';
import type { Reveal } from '../../core/types.js';
import { parseMessageRef, type SlackContext } from './slack-context.js';
import { escapeSlack, revealMessage, revealSummary } from './slack-text.js';
import { updateImageMessage } from './slack-upload.js';

export function revealHandler(ctx: SlackContext): (reveal: Reveal, duel: DuelRecord) => Promise<void> {
  return async (reveal, duel) => {
    const log = ctx.logger.child({ duelId: duel.id });
    const ref = parseMessageRef(duel.messageRef);
    if (!ref) {
      log.info('duel closed before it was posted; nothing to reveal in Slack');
      return;
    }
    if (ctx.stopped()) return;
    try {
      // After a restart the file id is not known: upload the stored composite again.
      const png = ctx.service.image(duel.id, 'composite');
      const known = ctx.fileIds.get(duel.id) ?? null;
      if (known || png) {
        await updateImageMessage({
          client: ctx.client,
          channel: ref.channel,
          ts: ref.ts,
          png: png ?? Buffer.alloc(0),
          fileId: known,
          filename: `duel-${duel.id}.png`,
          title: 'Prompt duel: A (left) vs B (right)',
          build: (fileId) => revealMessage(duel, reveal, fileId),
          logger: log,
        });
      } else {
        await ctx.client.chat.update({ channel: ref.channel, ts: ref.ts, ...revealMessage(duel, reveal, null) });
      }
      await ctx.client.chat.postMessage({
        channel: ref.channel,
        thread_ts: ref.ts,
        text: `:checkered_flag: Voting closed on “${escapeSlack(duel.prompt)}”.\n${revealSummary(reveal)}`,
      });
      ctx.fileIds.delete(duel.id);
      log.info({ winner: reveal.winner, votes: reveal.votes }, 'duel revealed in slack');
    } catch (err) {
      log.error({ err }, 'could not reveal the duel in slack');
    }
  };
}
