/**
 * Every default of prompt-duel, written once. `config` parses the environment onto these values
 * (src/core/config), the engine falls back to them (tests that build an engine without a config
 * run the production settings), and render and the bots read their limits from here.
 * Durations are in ms, sizes in bytes unless a name says otherwise.
 */
import { availableParallelism } from 'node:os';

/** How chat duels are voted on: public reactions (counts visible), or buttons with the tally hidden until the reveal. */
export type VoteStyle = 'reactions' | 'buttons';
export const VOTE_STYLES: readonly VoteStyle[] = ['reactions', 'buttons'];

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Engine settings (the `duel` part of the config). Durations in ms. */
export interface DuelSettings {
  voteWindowMs: number;
  cooldownMs: number;
  /** Duels generating at once per community (guild, workspace). */
  maxOpenPerCommunity: number;
  promptMaxChars: number;
  /** Contains `{prompt}`. */
  promptTemplate: string;
  /** Output box of each drawing in px. */
  box: number;
  /** Extra words that unblind a drawing, beside those derived from the contenders. */
  blindWords: string[];
  bootstrapRounds: number;
  /** A contender with fewer battles is marked provisional on every board (DUEL_PROVISIONAL_BATTLES). */
  provisionalBattles: number;
  /** Longest a side may wait for its turn in a provider's queue. */
  queueTimeoutMs: number;
  /**
   * A duel still 'generating' after this long was left by a process that died (its own
   * deadlines would have ended it): it is given up as no contest. See staleAfterMs(). Only for
   * rows written before leases (migration 8); a leased duel is given up when its lease runs out
   * (PROCESS_DEFAULTS.leaseMs).
   */
  staleAfterMs: number;
  /** Decisive votes a voter needs before the suspicious-voter test looks at them (DUEL_OUTLIER_MIN_VOTES). */
  outlierMinVotes: number;
  /** The test flags a voter whose record is less likely than this p-value (DUEL_OUTLIER_P). */
  outlierPValue: number;
  /** New votes one voter may cast in 24 hours; 0 = no cap (DUEL_VOTER_DAILY_CAP). */
  voterDailyCap: number;
  /**
   * Longest time to make the animated composite GIF of a duel whose drawing animates
   * (DUEL_GIF_TIMEOUT); past it, or over gifMaxBytes, the duel is posted with the PNG. 0: no GIFs.
   */
  gifTimeoutMs: number;
  /** Largest animated composite in bytes (the chat platforms' upload limit). */
  gifMaxBytes: number;
  /** Votes a voter needs before their own board is shown (DUEL_PERSONAL_MIN_VOTES). */
  personalMinVotes: number;
  /** A category is offered as a board filter from this many rated battles in scope (DUEL_CATEGORY_MIN_BATTLES). */
  categoryMinBattles: number;
  /** A configured contender spec that also sorts prompts into categories (DUEL_CATEGORY_MODEL); null: keyword rules only. */
  categoryModel: string | null;
  /**
   * Animated composites made at once. A hostile animation can keep a render worker busy for the
   * whole GIF budget; one at a time leaves the other workers to the stills that open duels.
   */
  gifsAtOnce: number;
}

/** Limits of drawing (every provider) and of rendering, which the stale-duel age derives from. */
export const DRAW_DEFAULTS = {
  /** Longest a whole draw may take (DUEL_TIMEOUT). */
  totalTimeoutMs: 10 * MINUTE,
  /** Longest silence within a streaming reply (DUEL_IDLE_TIMEOUT). */
  idleTimeoutMs: 120 * SECOND,
  /** Output tokens asked of a model (DUEL_MAX_TOKENS). */
  maxTokens: 32_000,
  /** Most bytes of reply text read from a model (DUEL_MAX_REPLY_BYTES). */
  maxReplyBytes: 4 * 1024 * 1024,
} as const;

/** One render worker per core (DUEL_RENDER_WORKERS). */
export function defaultRenderWorkers(): number {
  return availableParallelism();
}

/**
 * Render workers that draw animation frames (DUEL_RENDER_FRAME_WORKERS): their own lane beside
 * the still workers, so a still never waits behind a GIF. Half the still workers (at least one):
 * on 2 cores one GIF at a time, leaving both cores' still workers free.
 */
export function defaultFrameWorkers(stillWorkers = defaultRenderWorkers()): number {
  return Math.max(1, Math.floor(stillWorkers / 2));
}

export const RENDER_DEFAULTS = {
  /** Longest one render may take before its worker is killed (DUEL_RENDER_TIMEOUT). */
  timeoutMs: 10 * SECOND,
  /** Memory limit of one render worker in MB (DUEL_RENDER_MEMORY_MB). */
  memoryMb: 512,
  /** A drawing is fitted into box x box px (DUEL_RENDER_SIZE). */
  box: 768,
  /** Budget of one animated composite GIF (DUEL_GIF_TIMEOUT); 0 turns GIFs off. */
  gifTimeoutMs: 60 * SECOND,
  /** Largest animated GIF in bytes (the chat platforms' upload limit). */
  gifMaxBytes: 8 * 1024 * 1024,
  /**
   * Mean CPU time one frame of one animated drawing may cost, in ms (DUEL_GIF_FRAME_BUDGET_MS),
   * measured in the worker as the frames are drawn: over it, the GIF is given up at once instead
   * of holding a frame worker until gifTimeoutMs. Corpus drawings cost well under 200 ms a frame.
   */
  frameBudgetMs: 1_000,
  /**
   * CPU seconds one render worker process may use in its whole life, enforced by the kernel
   * (RLIMIT_CPU): a last ceiling that holds even when no JavaScript runs. The pool retires a
   * worker past half of it, so no job starts near the ceiling.
   */
  workerCpuSeconds: 600,
} as const;

/**
 * Past every deadline a live duel has (queue, drawing, both renders and the composite, the GIF,
 * and a margin), a duel still 'generating' was left by a process that died.
 */
export function staleAfterMs(limits: { queueTimeoutMs: number; totalTimeoutMs: number; renderTimeoutMs: number; gifTimeoutMs: number }): number {
  return limits.queueTimeoutMs + limits.totalTimeoutMs + 3 * limits.renderTimeoutMs + limits.gifTimeoutMs + 5 * MINUTE;
}

const QUEUE_TIMEOUT_MS = 15 * MINUTE;

export const DEFAULT_SETTINGS: Readonly<DuelSettings> = Object.freeze({
  voteWindowMs: 60 * MINUTE,
  cooldownMs: 60 * SECOND,
  maxOpenPerCommunity: 3,
  promptMaxChars: 500,
  promptTemplate: 'Generate an SVG of {prompt}. Answer with one complete, self-contained SVG document and nothing else.',
  box: RENDER_DEFAULTS.box,
  blindWords: [],
  bootstrapRounds: 200,
  provisionalBattles: 10,
  personalMinVotes: 10,
  categoryMinBattles: 30,
  categoryModel: null,
  queueTimeoutMs: QUEUE_TIMEOUT_MS,
  staleAfterMs: staleAfterMs({
    queueTimeoutMs: QUEUE_TIMEOUT_MS,
    totalTimeoutMs: DRAW_DEFAULTS.totalTimeoutMs,
    renderTimeoutMs: RENDER_DEFAULTS.timeoutMs,
    gifTimeoutMs: RENDER_DEFAULTS.gifTimeoutMs,
  }),
  outlierMinVotes: 20,
  outlierPValue: 0.001,
  voterDailyCap: 0,
  gifTimeoutMs: RENDER_DEFAULTS.gifTimeoutMs,
  gifMaxBytes: RENDER_DEFAULTS.gifMaxBytes,
  gifsAtOnce: 1,
});

/** Several engine processes on one database (issue 20): leases on duels being drawn, claims on reveals. */
export const PROCESS_DEFAULTS = {
  /**
   * How long a process vouches for a duel it is drawing; it renews every third of it. A duel whose
   * lease ran out (its process died or hung that long) is given up as no contest by any process.
   */
  leaseMs: 30 * SECOND,
  /**
   * How long a process holds the delivery of a reveal it claimed. A reveal that takes its platform
   * longer than this may be shown a second time by another process; a claim of a process that died
   * runs out after it, and another process shows the reveal then.
   */
  revealClaimMs: 2 * MINUTE,
} as const;

/** Per client address and hour on the web arena; 0 turns a limit off. */
export interface WebLimitSettings {
  /** New voter ids handed to one address per hour (DUEL_WEB_VOTERS_PER_HOUR). */
  votersPerHour: number;
  /** Votes from one address per hour (DUEL_WEB_VOTES_PER_HOUR). */
  votesPerHour: number;
  /** Duels started from one address per hour (DUEL_WEB_DUELS_PER_HOUR). */
  duelsPerHour: number;
}

/** Live event streams of the web arena (one per open duel page); 0 turns a cap off. */
export interface WebStreamSettings {
  /** Streams open at once from one client address (DUEL_WEB_STREAMS_PER_ADDRESS). */
  perAddress: number;
  /** Streams open at once in total (DUEL_WEB_STREAMS). */
  total: number;
  /** A stream with nothing new to send for this long is closed; the page reconnects (DUEL_WEB_STREAM_IDLE). */
  idleMs: number;
}

export const WEB_DEFAULTS = {
  /** DUEL_WEB_PORT; 0 picks a free one (tests). */
  port: 8787,
  /** DUEL_WEB_HOST: only this machine can reach the arena. */
  host: '127.0.0.1',
  limits: { votersPerHour: 10, votesPerHour: 30, duelsPerHour: 5 } satisfies WebLimitSettings,
  /** Duels per gallery page. */
  pageSize: 24,
  /** DUEL_WEB_SHOW_HOSTS: the public arena names providers, not the internal hosts and URLs they are reached at. */
  showHosts: false,
  streams: { perAddress: 20, total: 1_000, idleMs: 2 * 60 * SECOND } satisfies WebStreamSettings,
  /**
   * An animated drawing plays live in the page (its SVG) only when the server measured its frames
   * at no more than this many CPU ms each (DUEL_WEB_LIVE_FRAME_MS); slower or unmeasured ones show
   * the GIF. Browsers draw SVG on every frame; a costly one stalls the voter's whole page.
   */
  liveFrameMs: 25,
  /** How long a page listing many duels (gallery, arena) is served from memory. */
  listCacheMs: 2 * SECOND,
  /** DUEL_METRICS: the arena serves /metrics (Prometheus text, operational numbers only); off answers 404. */
  metrics: true,
  /** Longest /healthz waits for its database read before answering 503 (a read is well under a millisecond). */
  healthTimeoutMs: 1 * SECOND,
} as const;

export const DISCORD_DEFAULTS = {
  /** Least time between two edits of a duel's progress reply (Discord rate-limits edits per message). */
  progressIntervalMs: 2_500,
} as const;

export const SLACK_DEFAULTS = {
  /** HTTP mode's port (PORT); 0 picks a free one. */
  port: 3000,
  /** Least time between two edits of a duel's progress message (chat.update is rate limited). */
  progressIntervalMs: 2 * SECOND,
  webApiRetries: 3,
  webApiRetryMinMs: 1 * SECOND,
  webApiTimeoutMs: 30 * SECOND,
} as const;

/** Everything else the environment may set, and its default. */
export const APP_DEFAULTS = {
  /** DUEL_CONTENDERS: at least two `provider:model` specs. */
  contenders: 'ollama:qwen3.6:35b-a3b,anthropic:claude-opus-4-7',
  /** DUEL_DB. */
  dbPath: 'data/duels.db',
  /** LOG_LEVEL. */
  logLevel: 'info',
  /** DUEL_VOTE_STYLE. */
  voteStyle: 'reactions' as VoteStyle,
  /** DUEL_KEEP_IMAGES: how long a closed duel keeps its stored PNGs and GIF (null: forever; they are redrawn from the SVG when asked for). */
  keepImagesMs: null as number | null,
} as const;
