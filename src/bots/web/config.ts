import { WEB_DEFAULTS, type WebLimitSettings, type WebStreamSettings } from '../../core/model/settings.js';

/**
 * Configuration of the web arena, parsed from the environment by src/core/config/config.ts
 * (DUEL_WEB_PORT, DUEL_WEB_HOST, DUEL_WEB_ALLOWED_HOSTS, DUEL_WEB_SECURE_COOKIES,
 * DUEL_WEB_TRUST_PROXY, DUEL_WEB_VOTERS_PER_HOUR, DUEL_WEB_VOTES_PER_HOUR, DUEL_WEB_DUELS_PER_HOUR,
 * DUEL_WEB_STREAMS_PER_ADDRESS, DUEL_WEB_STREAMS, DUEL_WEB_STREAM_IDLE, DUEL_WEB_LIVE_FRAME_MS,
 * DUEL_METRICS).
 */
export interface WebConfig {
  /** TCP port; 0 picks a free one (tests). Default 8787. */
  port: number;
  /** Interface to bind. Default `127.0.0.1`: only this machine can reach the arena. */
  host: string;
  /**
   * Host names (without port) the server answers to. Requests naming another Host are
   * refused, which defeats DNS rebinding against a server on loopback. Default: the
   * loopback names when `host` is loopback, otherwise any host.
   */
  allowedHosts?: string[];
  /** Mark the voter cookie `Secure` (set when the arena is served over HTTPS by a proxy). */
  secureCookies?: boolean;
  /**
   * Reverse proxies in front whose X-Forwarded-For is believed for the client address
   * (DUEL_WEB_TRUST_PROXY). Default 0: the socket's peer address, whatever the header says.
   */
  trustProxy?: number;
  /** Per-address limits per hour (see web-limits.ts). Default DEFAULT_WEB_LIMITS. */
  limits?: WebLimitSettings;
  /** Duels per gallery page. Default 24. */
  pageSize?: number;
  /** Show the providers' hosts and URLs on the arena page (DUEL_WEB_SHOW_HOSTS). Default false: providers only. */
  showHosts?: boolean;
  /** Caps on live event streams and their idle limit (see stream-caps.ts). Default WEB_DEFAULTS.streams. */
  streams?: WebStreamSettings;
  /** Largest measured CPU ms per frame at which a page plays an animated drawing live. Default WEB_DEFAULTS.liveFrameMs. */
  liveFrameMs?: number;
  /** How long the gallery and arena lists are served from memory, in ms. Default WEB_DEFAULTS.listCacheMs. */
  listCacheMs?: number;
  /** Serve /metrics (DUEL_METRICS); false answers 404. Default WEB_DEFAULTS.metrics. */
  metrics?: boolean;
}

export const DEFAULT_WEB_PORT = WEB_DEFAULTS.port;
export const DEFAULT_WEB_HOST = WEB_DEFAULTS.host;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || host.startsWith('127.');
}

/** The Host names accepted by default for a bind address (see WebConfig.allowedHosts). */
export function defaultAllowedHosts(host: string): string[] | undefined {
  return isLoopback(host) ? ['localhost', '127.0.0.1', '[::1]', host] : undefined;
}
