/**
 * What the Slack adapter needs, parsed once by src/core/config/config.ts (from SLACK_* env vars) and
 * passed in. Nothing in src/bots/slack reads process.env.
 */
import type { VoteStyle } from '../../core/model/settings.js';

export interface SlackConfig {
  /** Bot token (`xoxb-...`, SLACK_BOT_TOKEN). Checked with auth.test at start. */
  botToken: string;
  /** App-level token (`xapp-...`, SLACK_APP_TOKEN, scope connections:write). When set: Socket Mode. */
  appToken?: string;
  /** Signing secret (SLACK_SIGNING_SECRET). Required in HTTP mode, where every request is verified with it. */
  signingSecret?: string;
  /** Web API base URL (SLACK_API_URL), e.g. `https://slack-gov.com/api/` for GovSlack, or a local fake in tests. */
  apiUrl?: string;
  /** HTTP mode: port to listen on (PORT, default 3000; 0 picks a free port). Ignored in Socket Mode. */
  port?: number;
  /** HTTP mode: address to listen on (default: all interfaces, so Slack can reach a public URL / tunnel). */
  host?: string;
  /** DUEL_VOTE_STYLE: reactions (default) or buttons (Block Kit buttons, private receipts, tally hidden until the reveal). */
  voteStyle?: VoteStyle;
  /** Minimum time between two edits of a duel's progress message, in ms (default 2000: chat.update is rate limited). */
  progressIntervalMs?: number;
  /** Web API retries after a network error or an HTTP 429 (the client waits Retry-After). Default 3. */
  webApiRetries?: number;
  /** First retry delay in ms (doubling, capped at 30 s). Default 1000. */
  webApiRetryMinMs?: number;
  /** Timeout of one Web API request in ms (default 30 000). */
  webApiTimeoutMs?: number;
}

/** Defaults of the optional knobs, kept with every other default. */
export { SLACK_DEFAULTS } from '../../core/model/settings.js';
