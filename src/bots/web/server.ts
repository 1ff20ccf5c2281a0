/**
 * The web arena, leaderboard and gallery. `duel serve` always starts it (loopback by
 * default), so a fresh clone has something to look at before any chat is configured.
 */
import { setMaxListeners } from 'node:events';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import type pino from 'pino';
import { connectChatPlatform } from '../../core/chat/chat-duel.js';
import type { ChatPlatform } from '../../core/chat/chat-platform.js';
import type { DuelChanges } from '../../core/duel/change-feed.js';
import type { DuelApi } from '../../core/duel/duel-api.js';
import type { ImageSource } from '../../core/duel/redraw-images.js';
import { WEB_DEFAULTS } from '../../core/model/settings.js';
import { DEFAULT_WEB_HOST, DEFAULT_WEB_PORT, defaultAllowedHosts, type WebConfig } from './config.js';
import { html } from './html.js';
import { page } from './layout.js';
import { LiveDuels } from './live.js';
import type { ArenaMetrics } from './metrics.js';
import { mountApi } from './routes-api.js';
import { mountOps, type HealthStore } from './routes-ops.js';
import { mountPages, notFoundPage } from './routes-pages.js';
import { hostAllowList, securityHeaders } from './security.js';
import { StreamCaps } from './stream-caps.js';
import { gateStreams } from './stream-gate.js';
import { TtlCache } from './ttl-cache.js';
import type { ContenderStatus } from './views/arena.js';
import { newVoterSecret, VOTER_SECRET_SETTING, VoterIds } from './voter.js';
import { DEFAULT_WEB_LIMITS, WebLimits, type RateStore } from './web-limits.js';
import type { Visitors } from './visitors.js';
import { webChatPlatform } from './web-platform.js';

/** Pending connections the kernel may queue (capped by net.core.somaxconn). */
const ACCEPT_BACKLOG = 4096;

/** What the arena keeps in the database besides duels: its signing secret and the address limits. */
export interface WebStore extends RateStore, HealthStore {
  setting(key: string, create: () => string): Promise<string>;
}

export interface WebServerDeps {
  service: DuelApi;
  /** The engine's store (src/core/store/port.ts). */
  store: WebStore;
  config: WebConfig;
  logger: pino.Logger;
  /** Pictures with pruned ones drawn again (DUEL_KEEP_IMAGES); without it, only stored pictures are served. */
  images?: ImageSource;
  /** The engine's numbers for /metrics (metrics.ts, wired by `duel serve`); absent: the process's own only. */
  metrics?: ArenaMetrics;
  /**
   * Duels opened, closed and revealed by any process on the database (PostgreSQL's feed): a page
   * watching one hears of it at once, not at its stream's next tick.
   */
  changes?: Pick<DuelChanges, 'subscribe'>;
}

export interface WebServer {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  stop(): Promise<void>;
}

/** How long a contender check stays fresh, and how long a page waits for a new one (ms). */
const STATUS_TTL_MS = 30_000;
const STATUS_WAIT_MS = 1500;

const STATIC: Record<string, { file: string; type: string }> = {
  'app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  'style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

function loadStatic(): Map<string, { body: string; type: string }> {
  const out = new Map<string, { body: string; type: string }>();
  for (const [name, { file, type }] of Object.entries(STATIC)) {
    out.set(name, { body: readFileSync(new URL(`./static/${file}`, import.meta.url), 'utf8'), type });
  }
  return out;
}

/**
 * Keeps the last answer of a slow check (contender readiness, the providers' model lists) and
 * refreshes it in the background when stale, so a page never waits more than STATUS_WAIT_MS.
 */
function cachedCheck<T>(load: () => Promise<T>, logger: pino.Logger, what: string): () => Promise<T | null> {
  let value: T | null = null;
  let at = 0;
  let inflight: Promise<T | null> | null = null;
  const refresh = () => {
    inflight ??= load()
      .then((v) => {
        value = v;
        at = Date.now();
        return v;
      })
      .catch((err: unknown) => {
        logger.warn({ err }, `${what} failed`);
        return value;
      })
      .finally(() => (inflight = null));
    return inflight;
  };
  return async (): Promise<T | null> => {
    if (value && Date.now() - at < STATUS_TTL_MS) return value;
    const fresh = refresh();
    if (value) return value; // stale but instant; the refresh lands for the next visitor
    return Promise.race([fresh, new Promise<null>((r) => setTimeout(() => r(null), STATUS_WAIT_MS).unref())]);
  };
}

/**
 * Build the Hono app (exported for tests that want to call `app.request`). `platform` is the web
 * as core's ChatPlatform, made over `live` when not given.
 */
export async function createWebApp(deps: WebServerDeps & { live: LiveDuels; stopping: AbortSignal; platform?: ChatPlatform; streams?: StreamCaps }) {
  const { service, config, logger } = deps;
  const app = new Hono();
  const assets = loadStatic();
  const contenderStatus = cachedCheck<ContenderStatus[]>(() => service.checkContenders(), logger, 'contender check');
  const offeredModels = cachedCheck(() => service.listModels(), logger, 'model list');
  void contenderStatus();
  void offeredModels();
  const secret = await deps.store.setting(VOTER_SECRET_SETTING, newVoterSecret);
  const visitors: Visitors = {
    ids: new VoterIds(secret),
    limits: new WebLimits(deps.store, config.limits ?? DEFAULT_WEB_LIMITS, secret),
    trustProxy: config.trustProxy ?? 0,
    secureCookies: config.secureCookies ?? false,
  };

  app.use('*', securityHeaders());
  app.use('*', hostAllowList(config.allowedHosts ?? defaultAllowedHosts(config.host)));

  app.get('/static/:name', (c) => {
    const asset = assets.get(c.req.param('name'));
    if (!asset) return c.text('Not found.', 404);
    c.header('Content-Type', asset.type);
    c.header('Cache-Control', 'no-cache');
    return c.body(asset.body);
  });
  app.get('/favicon.ico', (c) => c.body(null, 204));
  mountOps(app, {
    ...{ store: deps.store, metrics: deps.metrics, logger },
    healthTimeoutMs: WEB_DEFAULTS.healthTimeoutMs,
    metricsOn: config.metrics ?? WEB_DEFAULTS.metrics,
  });

  const platform = deps.platform ?? webChatPlatform(deps.live);
  const streamSettings = config.streams ?? WEB_DEFAULTS.streams;
  const streams = deps.streams ?? streamCaps(config, logger);
  mountApi(app, { service, platform, live: deps.live, logger, stopping: deps.stopping, visitors, streams, streamIdleMs: streamSettings.idleMs });
  mountPages(app, {
    service,
    live: deps.live,
    visitors,
    pageSize: config.pageSize ?? WEB_DEFAULTS.pageSize,
    trustProxy: config.trustProxy ?? 0,
    showHosts: config.showHosts ?? WEB_DEFAULTS.showHosts,
    liveFrameMs: config.liveFrameMs ?? WEB_DEFAULTS.liveFrameMs,
    lists: new TtlCache(config.listCacheMs ?? WEB_DEFAULTS.listCacheMs),
    contenderStatus,
    offeredModels,
    onBoardError: (err) => logger.error({ err }, 'a visitor’s own board failed; the leaderboard page showed without it'),
    images: deps.images,
  });

  app.notFound((c) => (c.req.path.startsWith('/api/') ? c.json({ error: 'Not found.' }, 404) : c.html(notFoundPage(), 404)));
  app.onError((err, c) => {
    logger.error({ err, path: c.req.path }, 'web request failed');
    if (c.req.path.startsWith('/api/')) return c.json({ error: 'Something went wrong on the server; the log has the details.' }, 500);
    return c.html(page({ title: 'Error', nav: 'none', body: html`<h1>Something went wrong</h1><p>The server log has the details. <a href="/">Back to the arena</a></p>` }), 500);
  });
  return app;
}

/** The stream caps of `config`, logging refusals (at most one line per interval, with the count). */
function streamCaps(config: WebConfig, logger: pino.Logger): StreamCaps {
  return new StreamCaps(config.streams ?? WEB_DEFAULTS.streams, (info) => logger.warn(info, 'event streams refused: stream cap'));
}

/**
 * Start the arena on `config.host:config.port` and take over closing web duels (core's
 * connectChatPlatform, as the chats do). Resolves once listening.
 */
export async function startWebServer(deps: WebServerDeps): Promise<WebServer> {
  const { service, logger: parent } = deps;
  const config: WebConfig = { ...deps.config, host: deps.config.host || DEFAULT_WEB_HOST, port: deps.config.port ?? DEFAULT_WEB_PORT };
  const logger = parent.child({ component: 'web' });
  const live = new LiveDuels();
  const stopping = new AbortController();
  // Every open live stream listens for the stop (up to DUEL_WEB_STREAMS of them): many listeners are normal, not a leak.
  setMaxListeners(0, stopping.signal);
  const platform = webChatPlatform(live);
  const streams = streamCaps(config, logger);
  const app = await createWebApp({ service, store: deps.store, config, logger, live, stopping: stopping.signal, platform, streams, images: deps.images, metrics: deps.metrics });

  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer(gateStreams(streams, config.trustProxy ?? 0, getRequestListener(app.fetch)));
    s.once('listening', () => resolve(s));
    s.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Port ${config.port} on ${config.host} is already in use: stop the other server or set DUEL_WEB_PORT to a free port.`)
          : err,
      ),
    );
    // A long accept queue: a burst of connections (thousands of event streams at once) must not
    // push `/healthz` or a voter's page out of the kernel's queue into SYN retries (1 s, 3 s, …).
    s.listen({ port: config.port, host: config.host, backlog: ACCEPT_BACKLOG });
  });
  const { port } = server.address() as AddressInfo;
  const hostForUrl = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  const url = `http://${hostForUrl}:${port}`;

  // Web votes are stored the moment they are cast (the platform has no currentVotes), so this
  // reconciles nothing: it arms the close timers and hands each reveal to the live pages.
  const connected = await connectChatPlatform({ service, platform, logger });
  const unsubscribe = deps.changes?.subscribe((e) => live.poke(e.duelId));
  logger.info({ url }, 'web arena listening');

  let stopped: Promise<void> | undefined;
  return {
    url,
    stop: () =>
      (stopped ??= (async () => {
        // No more reveals handed to the web; those in flight finish first (they only wake pages).
        await connected.stop();
        unsubscribe?.();
        stopping.abort();
        live.wakeAll();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Event streams are long-lived: cut them so close() can finish.
          server.closeAllConnections?.();
        });
      })()),
  };
}
