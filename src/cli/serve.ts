/**
 * `duel serve` (what `npm start` runs): the web arena always, plus the Discord and Slack bots whose
 * tokens are set, all in one process on one engine and one database. SIGTERM/SIGINT stop it cleanly.
 * `duel register`: registers the Discord slash commands.
 */
import { symbols, type Logger } from 'pino';
import type { Config } from '../core/config/config.js';
import { CLI, out, parse, UsageError } from './args.js';
import type { Engine } from './engine.js';
import { backfillBoardData } from '../core/board/backfill.js';
import { keywordCategories } from '../core/categories/index.js';
import { createImageRedraw } from '../core/duel/redraw-images.js';
import { startImageRetention } from './image-retention.js';

interface Running {
  name: string;
  stop(): Promise<void>;
}

export async function serveCommand(engine: Engine, config: Config, logger: Logger): Promise<number> {
  const running: Running[] = [];
  // Listen from the first moment: a SIGTERM while the bots are still starting (a service manager
  // restarting quickly) must stop cleanly with exit 0, not kill the process halfway.
  let signalled = false;
  const stopSignal = new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping');
      signalled = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  const stopAll = async () => {
    for (const r of running.reverse()) {
      await r.stop().catch((err: unknown) => logger.error({ err, component: r.name }, 'stopping failed'));
    }
    await engine.close();
  };
  try {
    // CLI duels have no chat to reveal in; serve still closes them on time.
    await engine.service.armClosing('cli', (reveal) => logger.info({ duelId: reveal.id, tally: reveal.tally, winner: reveal.winner }, 'cli duel closed'));
    // Each platform's SDK is loaded only when that platform is configured (discord.js alone is
    // tens of MB of heap a web-only arena never needs).
    const { startWebServer, createArenaMetrics } = await import('../bots/web/index.js');
    // Pictures pruned by DUEL_KEEP_IMAGES are drawn again when a page asks for them; nothing is drawn once stopping.
    const redrawStop = new AbortController();
    running.push({ name: 'image redraw', stop: async () => redrawStop.abort() });
    const images = createImageRedraw({ store: engine.store, renderer: engine.renderer, logger, settings: config.duel, shutdown: redrawStop.signal, now: () => engine.service.now() });
    // /metrics counts the engine's duels, draws, renders and votes from here on (DUEL_METRICS).
    const metrics = config.web.metrics ? createArenaMetrics({ contenders: engine.service.contenders().map((c) => c.spec), renderQueue: () => engine.renderQueue() }) : undefined;
    if (metrics) engine.observe(metrics.observer);
    const web = await startWebServer({ service: engine.service, store: engine.store, config: config.web, logger, images, metrics, changes: engine.changes });
    running.push({ name: 'web', stop: () => web.stop() });
    running.push(startImageRetention({ store: engine.store, keepMs: config.keepImagesMs, logger }));
    if (config.discord && !signalled) {
      const { startDiscordBot } = await import('../bots/discord/index.js');
      const bot = await startDiscordBot({ service: engine.service, config: config.discord, logger });
      running.push({ name: 'discord', stop: () => bot.stop() });
    }
    if (config.slack && !signalled) {
      const { startSlackApp } = await import('../bots/slack/index.js');
      const app = await startSlackApp({ service: engine.service, config: config.slack, logger });
      running.push({ name: 'slack', stop: () => app.stop() });
    }
    if (signalled) {
      await stopAll();
      return 0;
    }
    // Start-up logs are written before the lines for people, so in a terminal (where stderr's JSON
    // and stdout meet) the lines for people stay together.
    await flushed(logger);
    out(`\nprompt-duel is running: open ${web.url} to duel, vote and browse the gallery.`);
    // A model server that does not answer holds the check; a signal meanwhile still stops at once.
    const status = await Promise.race([engine.service.checkContenders(), stopSignal.then(() => [])]);
    await flushed(logger);
    out(statusLines(status, { chat: Boolean(config.discord || config.slack) }).join('\n'));
    for (const c of status) logger.info({ spec: c.spec, ok: c.ok, message: c.message }, 'contender check');
    // After the lines for people, so its progress logs never land among them.
    if (!signalled) running.push(startBoardBackfill(engine, logger));
  } catch (err) {
    await stopAll();
    throw err;
  }
  await stopSignal;
  await stopAll();
  return 0;
}

/** Drawings and duels stored before the board measured features and categories, done in the background. */
function startBoardBackfill(engine: Engine, logger: Logger): Running {
  const stop = new AbortController();
  const done = backfillBoardData({ store: engine.store, renderer: engine.renderer, categorize: keywordCategories, logger, signal: stop.signal });
  return {
    name: 'board backfill',
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}

/** The contenders' state and what to do next, for people, ending with a blank line before the logs. */
export function statusLines(status: Array<{ ok: boolean; label: string; spec: string; message: string }>, options: { chat: boolean }): string[] {
  const lines = status.map((c) => `  ${c.ok ? 'ready  ' : 'NOT READY'} ${c.label} (${c.spec})${c.ok ? '' : `: ${c.message}`}`);
  if (!options.chat) {
    lines.push('  No chat is configured: set DISCORD_TOKEN for Discord, SLACK_BOT_TOKEN (+ SLACK_APP_TOKEN) for Slack; see README.md.');
    lines.push(`  Or try one duel in the terminal: ${CLI} run "a pelican riding a bicycle"`);
  }
  lines.push('  Logs follow on stderr, one JSON object a line.', '');
  return lines;
}

/** The longest the start waits for a log line in flight before printing the lines for people. */
const LOG_DRAIN_WAIT_MS = 1000;

/**
 * Resolves once the logger has written what it holds (pino writes asynchronously). pino's
 * flush(cb) calls back at once for its asynchronous destination (sonic-boom with no minimum
 * length) even while a line is still being written, so a line in flight is waited for by the
 * destination's 'drain', which follows the end of its write.
 */
function flushed(logger: Logger): Promise<void> {
  const stream = (logger as unknown as Record<symbol, { _writing?: boolean; once?: (event: string, listener: () => void) => void } | undefined>)[symbols.streamSym];
  if (stream?._writing && typeof stream.once === 'function') {
    // A destination that fails emits 'error', not 'drain': the start never waits more than a moment.
    return new Promise((resolve) => {
      stream.once!('drain', () => resolve());
      stream.once!('error', () => resolve());
      setTimeout(resolve, LOG_DRAIN_WAIT_MS).unref();
    });
  }
  return new Promise((resolve) => logger.flush(() => resolve()));
}

export async function registerCommand(argv: string[], config: Config, logger: Logger): Promise<number> {
  const { values } = parse(argv, { guild: { type: 'string' } }, 'duel register [--guild ID]');
  if (!config.discord) throw new UsageError('DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot > Reset Token) into DISCORD_TOKEN', 1);
  const { registerDiscordCommands } = await import('../bots/discord/index.js');
  const result = await registerDiscordCommands({ config: config.discord, guildId: values.guild });
  logger.info({ ...result }, 'commands registered');
  out(
    result.scope === 'guild'
      ? `Registered ${result.names.map((n) => `/${n}`).join(', ')} on server ${result.guildId}: they work there right away.`
      : `Registered ${result.names.map((n) => `/${n}`).join(', ')} globally: Discord may take up to an hour to show them everywhere.`,
  );
  return 0;
}
