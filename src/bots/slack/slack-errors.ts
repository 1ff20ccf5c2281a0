/**
 * Slack Web API failures -> what the person in the channel should do about them.
 */
import { webApi } from '@slack/bolt';

/** The Slack error code of a Web API platform error (`not_in_channel`, ...), or null. */
export function slackErrorCode(err: unknown): string | null {
  const e = err as { code?: string; data?: { error?: unknown } };
  if (e?.code === webApi.ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  return null;
}

/** The scope Slack said was missing (`needed` in a missing_scope reply). */
function neededScope(err: unknown): string | null {
  const needed = (err as { data?: { needed?: unknown } })?.data?.needed;
  return typeof needed === 'string' ? needed : null;
}

/**
 * A message for people when a Web API call failed, or null when the error is not one a person
 * can act on (then it is logged and a generic message is shown).
 */
export function actionableSlackError(err: unknown, botName: string): string | null {
  const code = slackErrorCode(err);
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return `I can't post in this channel because I'm not a member of it. Add me with \`/invite @${botName}\`, then try again.`;
    case 'missing_scope': {
      const scope = neededScope(err);
      return `This Slack app lacks a permission${scope ? ` (\`${scope}\`)` : ''}. A workspace admin should add it from slack/manifest.yaml (OAuth & Permissions > Bot Token Scopes) and reinstall the app.`;
    }
    case 'is_archived':
      return 'This channel is archived: start the duel in another channel.';
    case 'restricted_action':
    case 'not_allowed_token_type':
      return 'This workspace does not let me post here. Ask an admin to allow the app in this channel.';
    case 'ratelimited':
      return 'Slack is rate-limiting me right now: try again in a minute.';
    default:
      return null;
  }
}

/** The line shown when something failed and there is nothing specific to say. */
export function genericFailure(err: unknown): string {
  const code = slackErrorCode(err);
  return code ? `Slack refused the request (\`${code}\`). The bot's log has details.` : 'Something went wrong on my side. The bot\'s log has details; try again later.';
}
