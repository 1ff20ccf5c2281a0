/**
 * Starts the Slack bot (Bolt 5): Socket Mode when an app token is configured, otherwise an HTTP
 * endpoint at /slack/events whose requests Bolt verifies by signature before anything runs
 * (a bad signature, or a timestamp more than 5 minutes off either way, gets 401). Wires /duel, /leaderboard and the vote reactions to the
 * engine, and connects to core as a ChatPlatform (reconcile, closing, reveals).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { ConfigError } from '../../core/model/errors.js';
import { registerDuelCommand } from './duel-command.js';
import { registerLeaderboardCommand } from './leaderboard-command.js';
import { connectChatPlatform } from '../../core/chat/chat-duel.js';
import { registerReactionHandlers } from './reactions.js';
import { registerVoteButtons } from './vote-buttons.js';
import { slackPlatform } from './slack-platform.js';
import { SlackBotUsers } from './slack-bot-users.js';
import { refuseFutureRequests } from './request-window.js';
import { APP_DEFAULTS, SLACK_DEFAULTS } from '../../core/model/settings.js';
import type { SlackConfig } from './slack-config.js';
import type { SlackContext } from './slack-context.js';
import { slackErrorCode } from './slack-errors.js';
import { boltLogger } from './slack-logger.js';

export interface SlackAppHandle {
  mode: 'socket' | 'http';
  /** HTTP mode: the port actually listened on (useful with port 0); null in Socket Mode. */
  port: number | null;
  /** The bot's user id from auth.test. */
  botUserId: string;
  /** Stop receiving, then wait (up to `graceMs`, default 10 000 ms) for duels being posted. */
  stop(graceMs?: number): Promise<void>;
}

export interface SlackDeps {
  service: SlackContext['service'];
  config: SlackConfig;
  logger: Logger;
}

const REJECTED_TOKEN = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'team_disabled', 'user_removed_from_team']);

function clientOptions(config: SlackConfig, logger: Logger): webApi.WebClientOptions {
  return {
    ...(config.apiUrl ? { slackApiUrl: config.apiUrl } : {}),
    logger: boltLogger(logger),
    timeout: config.webApiTimeoutMs ?? SLACK_DEFAULTS.webApiTimeoutMs,
    // Bounded: after an HTTP 429 the client waits Retry-After, then retries at most this many times.
    retryConfig: {
      retries: config.webApiRetries ?? SLACK_DEFAULTS.webApiRetries,
      factor: 2,
      minTimeout: config.webApiRetryMinMs ?? SLACK_DEFAULTS.webApiRetryMinMs,
      maxTimeout: 30_000,
      randomize: true,
    },
  };
}

/** auth.test: who the bot is, or a one-line reason the token cannot be used. */
async function checkBotToken(config: SlackConfig, logger: Logger): Promise<{ userId: string; botId: string; name: string }> {
  const client = new webApi.WebClient(config.botToken, { ...clientOptions(config, logger), retryConfig: { retries: 1, minTimeout: 500 } });
  try {
    const res = await client.auth.test();
    return { userId: String(res.user_id), botId: String(res.bot_id ?? ''), name: String(res.user ?? 'prompt-duel') };
  } catch (err) {
    const code = slackErrorCode(err);
    if (code && REJECTED_TOKEN.has(code)) {
      throw new Error(`Slack rejected SLACK_BOT_TOKEN (${code}): copy the Bot User OAuth Token (xoxb-...) from your app's OAuth & Permissions page, reinstalling the app if it was revoked.`);
    }
    const where = config.apiUrl ?? 'https://slack.com/api/';
    throw new Error(`Could not check SLACK_BOT_TOKEN with Slack (${where}): ${code ?? (err as Error).message}. Check the network and SLACK_API_URL.`);
  }
}

/** Connects (Socket Mode) or listens (HTTP mode); the HTTP port, or null in Socket Mode. Throws a one-line reason. */
async function listen(app: App, config: SlackConfig): Promise<number | null> {
  const socketMode = Boolean(config.appToken);
  try {
    if (socketMode) {
      await app.start();
      return null;
    }
    const where = config.host ? { port: config.port ?? SLACK_DEFAULTS.port, host: config.host } : (config.port ?? SLACK_DEFAULTS.port);
    const server = (await app.start(where as number)) as Server;
    refuseFutureRequests(server);
    return (server.address() as AddressInfo).port;
  } catch (err) {
    const code = slackErrorCode(err);
    if (socketMode && code && REJECTED_TOKEN.has(code)) {
      throw new Error(`Slack rejected SLACK_APP_TOKEN (${code}): create an app-level token with the connections:write scope (Basic Information > App-Level Tokens).`);
    }
    throw new Error(`Could not start the Slack app: ${code ?? (err as Error).message}`);
  }
}

export async function startSlackApp(deps: SlackDeps): Promise<SlackAppHandle> {
  const { service, config } = deps;
  const logger = deps.logger.child({ platform: 'slack' });
  const socketMode = Boolean(config.appToken);
  if (!socketMode && !config.signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is not set: HTTP mode needs it to verify requests (Basic Information > App Credentials), or set SLACK_APP_TOKEN to use Socket Mode.', 'SLACK_SIGNING_SECRET');
  }
  const me = await checkBotToken(config, logger);

  const app = new App({
    token: config.botToken,
    botUserId: me.userId,
    botId: me.botId,
    // We just ran auth.test ourselves, with a clear error on failure.
    tokenVerificationEnabled: false,
    logger: boltLogger(logger),
    clientOptions: clientOptions(config, logger),
    ...(socketMode
      ? { socketMode: true, appToken: config.appToken }
      : { signingSecret: config.signingSecret, endpoints: '/slack/events', port: config.port ?? SLACK_DEFAULTS.port }),
  });

  const inflight = new Set<Promise<void>>();
  let stopped = false;
  const ctx = {
    service,
    client: app.client,
    logger,
    botUserId: me.userId,
    botUsers: new SlackBotUsers(app.client, me.userId, logger),
    botName: me.name,
    progressIntervalMs: config.progressIntervalMs ?? SLACK_DEFAULTS.progressIntervalMs,
    voteStyle: config.voteStyle ?? APP_DEFAULTS.voteStyle,
    fileIds: new Map(),
    stopped: () => stopped,
    track(name, work) {
      const p = work()
        .catch((err: unknown) => logger.error({ err, task: name }, 'slack background task failed'))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    },
  } as SlackContext;
  ctx.platform = slackPlatform(ctx);

  // A listener that throws is logged; Bolt then answers Slack without crashing the process.
  app.error(async (err) => {
    logger.error({ err, code: (err as { code?: string }).code }, 'slack handler error');
  });
  registerDuelCommand(app, ctx);
  registerLeaderboardCommand(app, ctx);
  // With buttons, reactions are no votes (they would show a public tally).
  if (ctx.voteStyle === 'buttons') registerVoteButtons(app, ctx);
  else registerReactionHandlers(app, ctx);

  // Core reconciles duels still open by the clock, then arms closing and reveals.
  const connected = await connectChatPlatform({ service, platform: ctx.platform, logger });

  let port: number | null;
  try {
    port = await listen(app, config);
  } catch (err) {
    stopped = true;
    await connected.stop();
    throw err;
  }
  logger.info({ mode: socketMode ? 'socket' : 'http', port, bot: me.name }, 'slack app started');

  return {
    mode: socketMode ? 'socket' : 'http',
    port,
    botUserId: me.userId,
    async stop(graceMs = 10_000) {
      if (stopped) return;
      stopped = true;
      try {
        await app.stop();
      } catch (err) {
        logger.warn({ err }, 'stopping the slack receiver failed');
      }
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      });
      await Promise.race([Promise.allSettled([...inflight]), grace]);
      clearTimeout(timer);
      // Reveals in flight finish on a live client; later ones wait for the next start.
      await connected.stop();
      logger.info('slack app stopped');
    },
  };
}
