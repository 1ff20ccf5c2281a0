/**
 * Vote buttons (DUEL_VOTE_STYLE=buttons): a block_actions press becomes a core vote, acked at once
 * (Slack's 3 s), and answered privately through the press's response_url (an ephemeral message
 * only the voter sees). Core stores the vote, applies the rules and words the receipt.
 */
import type { App, BlockButtonAction } from '@slack/bolt';
import { processAction } from '../../core/chat/incoming.js';
import { VOTE_BUTTON_PATTERN } from '../../core/chat/vote-buttons.js';
import type { SlackContext } from './slack-context.js';
import { escapeSlack } from './slack-text.js';

export function registerVoteButtons(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>({ type: 'block_actions', action_id: VOTE_BUTTON_PATTERN }, async ({ action, body, ack, respond }) => {
    await ack();
    const { receipt } = await processAction(ctx.service, ctx.logger, {
      buttonId: action.action_id,
      voter: `slack:${body.user.id}`,
      // trigger_id is unique per press: a press delivered twice is no second toggle.
      eventId: `slack-action:${body.trigger_id}`,
    });
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text: escapeSlack(receipt) });
    } catch (err) {
      ctx.logger.warn({ err }, 'could not send the vote receipt through response_url');
    }
  });
}
