/**
 * Configuration, parsed once at the edge (src/cli.ts passes process.env in) into one frozen,
 * typed object. Every error names the variable and says what a valid value looks like.
 */
import { z } from 'zod';
import { parseDuration } from '../model/duration.js';
import { ConfigError } from '../model/errors.js';
import { categoryModelProblem } from '../categories/model-categories.js';
import { APP_DEFAULTS, DEFAULT_SETTINGS, defaultFrameWorkers, defaultRenderWorkers, DRAW_DEFAULTS, RENDER_DEFAULTS, SLACK_DEFAULTS, VOTE_STYLES, WEB_DEFAULTS, staleAfterMs, type DuelSettings, type VoteStyle, type WebStreamSettings } from '../model/settings.js';
import { readConcurrency, readProviderSettings } from '../contenders/provider-config.js';
import type { ProviderSettings } from '../contenders/registry.js';
import { parseContenderEntry } from '../contenders/spec.js';

export const DEFAULT_CONTENDERS = APP_DEFAULTS.contenders;

export interface ContenderConfig {
  spec: string;
  /** Label override from `spec=Label`; undefined means the provider's default label. */
  label?: string;
  thinking: boolean;
}

export interface Config {
  contenders: ContenderConfig[];
  /**
   * Each provider's settings by prefix, read by its module from the environment (OLLAMA_HOST,
   * ANTHROPIC_API_KEY, OPENAI_<NAME>_BASE_URL, ...): `providers.ollama.hosts`, `providers.openai.servers`.
   */
  providers: ProviderSettings;
  maxTokens: number;
  /** Most bytes of reply text read from a model (DUEL_MAX_REPLY_BYTES, default 4 MB). */
  maxReplyBytes: number;
  totalTimeoutMs: number;
  idleTimeoutMs: number;
  /** Draws at once per queue: a provider (`ollama` 1: one local GPU; `anthropic` 4) or a named server (`openai@box`). */
  concurrency: Record<string, number>;
  dbPath: string;
  /** DUEL_DATABASE_URL: a PostgreSQL database shared by several processes; when set, DUEL_DB is not used. */
  databaseUrl?: string;
  /** DUEL_KEEP_IMAGES: closed duels' stored images are pruned after this long (null: kept forever). */
  keepImagesMs: number | null;
  render: {
    workers: number;
    /** Workers of the animation-frame lane (DUEL_RENDER_FRAME_WORKERS). */
    frameWorkers: number;
    timeoutMs: number;
    memoryMb: number;
    box: number;
    /** Mean CPU ms one animation frame may cost (DUEL_GIF_FRAME_BUDGET_MS). */
    frameBudgetMs: number;
  };
  duel: DuelSettings;
  logLevel: string;
  web: {
    port: number;
    host: string;
    allowedHosts?: string[];
    secureCookies: boolean;
    /** Reverse proxies in front of the arena whose X-Forwarded-For is believed (0: none). */
    trustProxy: number;
    /** Per client address and hour; 0 turns a limit off. */
    limits: { votersPerHour: number; votesPerHour: number; duelsPerHour: number };
    /** DUEL_WEB_SHOW_HOSTS: whether the public arena shows the providers' hosts and URLs (never their user info). */
    showHosts: boolean;
    /** Caps on live event streams (per address, in total) and their idle limit. */
    streams: WebStreamSettings;
    /** Largest measured CPU ms per frame at which a page plays an animated drawing live. */
    liveFrameMs: number;
    /** DUEL_METRICS: whether the arena serves /metrics. */
    metrics: boolean;
  };
  /** How chat duels are voted on (DUEL_VOTE_STYLE): public reactions, or buttons with the tally hidden until the reveal. */
  voteStyle: VoteStyle;
  /** `shards`: 'auto' (DISCORD_SHARDS), or this process's part of the shards (DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT). */
  discord?: { token: string; appId?: string; apiUrl?: string; shards?: 'auto' | { ids: number[]; count: number }; voteStyle: VoteStyle };
  slack?: { botToken: string; appToken?: string; signingSecret?: string; apiUrl?: string; port: number; voteStyle: VoteStyle };
}

type Env = Record<string, string | undefined>;

function fail(variable: string, message: string): never {
  throw new ConfigError(`${variable} ${message}`, variable);
}

function str(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/** A default duration as people write it: `1h`, `15m`, `120s`. */
function asWritten(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms >= 5 * 60_000) return `${ms / 60_000}m`;
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/**
 * A duration setting. `zeroMeans` says what zero (0, 0s, 0ms...) means for it, e.g. "no cooldown";
 * a setting without one refuses zero, and its message asks for what it accepts.
 */
function duration(env: Env, name: string, fallbackMs: number, zeroMeans?: string): number {
  const fallback = asWritten(fallbackMs);
  const raw = str(env, name) ?? fallback;
  const ms = parseDuration(raw);
  const examples = [...new Set([fallback, '90s', '30m', '24h'])];
  const suchAs = `${examples.slice(0, -1).join(', ')} or ${examples.at(-1)}`;
  const zero = zeroMeans ? `, or 0 for ${zeroMeans}` : '';
  if (ms === null) fail(name, `is "${raw}": write a duration such as ${suchAs}${zero}.`);
  if (ms === 0 && !zeroMeans) fail(name, `is "${raw}": it must be longer than zero; write a duration such as ${suchAs}.`);
  return ms;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const r = z.coerce.number().int().min(min).max(max).safeParse(raw);
  if (!r.success) fail(name, `is "${raw}": use a whole number from ${min} to ${max}.`);
  return r.data;
}

function probability(env: Env, name: string, fallback: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const r = z.coerce.number().gt(0).lte(0.5).safeParse(raw);
  if (!r.success) fail(name, `is "${raw}": use a probability above 0 and at most 0.5, e.g. 0.001.`);
  return r.data;
}

/**
 * DUEL_DB: a file. `:memory:` (SQLite's in-memory database) would lose every duel and vote at
 * exit, so it is refused. A leading `~` or `~/` is the home directory (HOME), as a shell would
 * expand it; quoted in a .env file it would otherwise create a folder named `~`. Device files are
 * refused where the file is opened (src/cli/open-store.ts), which can look at the file.
 */
function databasePath(env: Env): string {
  const raw = str(env, 'DUEL_DB') ?? APP_DEFAULTS.dbPath;
  if (raw === ':memory:' || /^file::memory:/i.test(raw)) {
    fail('DUEL_DB', `is "${raw}": an in-memory database loses every duel and vote when the process exits. Name a file, such as ${APP_DEFAULTS.dbPath}.`);
  }
  if (raw !== '~' && !raw.startsWith('~/')) {
    if (raw.startsWith('~')) fail('DUEL_DB', `is "${raw}": only ~ and ~/ (your home folder) are expanded. Write the full path.`);
    return raw;
  }
  const home = str(env, 'HOME');
  if (!home) fail('DUEL_DB', `is "${raw}", but HOME is not set, so ~ cannot be expanded. Write the full path.`);
  const base = home.replace(/\/+$/, '') || '/';
  return raw === '~' ? base : `${base.replace(/\/$/, '')}/${raw.slice(2)}`;
}

/** DUEL_DATABASE_URL: a postgres:// URL (checked for its form here; the connection is tried at open). */
function databaseUrl(env: Env): string | undefined {
  const raw = str(env, 'DUEL_DATABASE_URL');
  if (raw === undefined) return undefined;
  const example = 'e.g. postgres://duel:secret@localhost:5432/duel (or unset it to keep SQLite in DUEL_DB)';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    fail('DUEL_DATABASE_URL', `is not a URL: write it as ${example}.`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') fail('DUEL_DATABASE_URL', `starts with "${url.protocol}": only PostgreSQL is supported, ${example}.`);
  if (!url.hostname && !url.searchParams.get('host')) fail('DUEL_DATABASE_URL', `names no host: ${example}.`);
  return raw;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = str(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  fail(name, `is "${raw}": use true or false.`);
}

function url(env: Env, name: string, fallback?: string): string | undefined {
  const raw = str(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  const r = z.url({ protocol: /^https?$/ }).safeParse(raw);
  if (!r.success) fail(name, `is "${raw}": use an http(s) URL such as http://127.0.0.1:11434.`);
  return raw.replace(/\/+$/, '');
}

/** `4194304`, `4MB`, `512KB` (K and M are 1024 and 1024²) -> bytes, within [min, max]. */
function bytes(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = str(env, name);
  if (raw === undefined) return fallback;
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|kib|mb?|mib)?$/i.exec(raw);
  const unit = (m?.[2] ?? 'b').toLowerCase()[0];
  const n = m ? Math.round(Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1)) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) {
    fail(name, `is "${raw}": use a size from ${min / 1024} KB to ${max / (1024 * 1024)} MB, such as 4MB or 512KB.`);
  }
  return n;
}

function parseContenders(env: Env): ContenderConfig[] {
  const raw = str(env, 'DUEL_CONTENDERS') ?? DEFAULT_CONTENDERS;
  const thinking = new Map<string, boolean>();
  let thinkingAll: boolean | undefined;
  for (const part of (str(env, 'DUEL_THINKING') ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [spec, value] = part.includes('=') ? [part.slice(0, part.lastIndexOf('=')), part.slice(part.lastIndexOf('=') + 1)] : [undefined, part];
    if (!['on', 'off'].includes(value)) fail('DUEL_THINKING', `has "${part}": use on, off, or spec=on|off (e.g. ollama:qwen3.6:35b-a3b=on).`);
    if (spec === undefined) thinkingAll = value === 'on';
    else thinking.set(spec, value === 'on');
  }
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean).map((part) => {
    const entry = parseContenderEntry(part);
    if (!entry) fail('DUEL_CONTENDERS', `has "${part}": write provider:model, e.g. ollama:qwen3.6:35b-a3b, anthropic:claude-opus-4-7 or openai@openrouter:openai/gpt-5.1 (optionally =Label).`);
    return { spec: entry.spec, label: entry.label, thinking: thinking.get(entry.spec) ?? thinkingAll ?? false };
  });
  if (list.length < 2) fail('DUEL_CONTENDERS', `names ${list.length} contender(s): a duel needs at least two.`);
  const seen = new Set<string>();
  for (const c of list) {
    if (seen.has(c.spec)) fail('DUEL_CONTENDERS', `names ${c.spec} twice.`);
    seen.add(c.spec);
  }
  return list;
}

/** DUEL_WEB_TRUST_PROXY: false (default), true (one proxy), or the number of proxies in the chain. */
function proxyHops(env: Env): number {
  const raw = str(env, 'DUEL_WEB_TRUST_PROXY')?.toLowerCase();
  if (raw === undefined || ['0', 'false', 'no', 'off'].includes(raw)) return 0;
  if (['true', 'yes', 'on'].includes(raw)) return 1;
  if (/^[1-9]$/.test(raw)) return Number(raw);
  fail('DUEL_WEB_TRUST_PROXY', `is "${raw}": use false, true (one reverse proxy in front), or the number of proxies (1 to 9).`);
}

/**
 * DUEL_KEEP_IMAGES: a duration such as 90d, or forever (also when empty). Zero is refused: it
 * could mean "none" as well as "no limit".
 */
function keepImages(env: Env): number | null {
  const raw = str(env, 'DUEL_KEEP_IMAGES');
  if (raw === undefined || raw.toLowerCase() === 'forever') return APP_DEFAULTS.keepImagesMs;
  const ms = parseDuration(raw);
  if (ms === null || ms === 0) fail('DUEL_KEEP_IMAGES', `is "${raw}": write how long closed duels keep their pictures, such as 90d or 720h, or forever (the default) to keep them.`);
  return ms;
}

function voteStyle(env: Env): VoteStyle {
  const raw = str(env, 'DUEL_VOTE_STYLE')?.toLowerCase();
  if (raw === undefined) return APP_DEFAULTS.voteStyle;
  if ((VOTE_STYLES as readonly string[]).includes(raw)) return raw as VoteStyle;
  fail('DUEL_VOTE_STYLE', `is "${raw}": use reactions (public reactions, the default) or buttons (private presses, tally hidden until the reveal).`);
}

/**
 * DISCORD_SHARDS=auto (every shard Discord recommends, in this process), or DISCORD_SHARD_IDS of
 * DISCORD_SHARD_COUNT: only those shards here, the others in other processes on the same database.
 */
function discordShards(env: Env): 'auto' | { ids: number[]; count: number } | undefined {
  const auto = str(env, 'DISCORD_SHARDS');
  const rawIds = str(env, 'DISCORD_SHARD_IDS');
  const rawCount = str(env, 'DISCORD_SHARD_COUNT');
  if (auto !== undefined && auto !== 'auto') fail('DISCORD_SHARDS', `is "${auto}": the only value is auto.`);
  if (auto && (rawIds || rawCount)) {
    fail('DISCORD_SHARDS', 'is auto, and DISCORD_SHARD_IDS/DISCORD_SHARD_COUNT are set too: keep DISCORD_SHARDS=auto to run every shard in this process, or remove it to run only DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT.');
  }
  if (auto) return 'auto';
  if (!rawIds && !rawCount) return undefined;
  if (!rawCount) fail('DISCORD_SHARD_COUNT', `is not set: with DISCORD_SHARD_IDS=${rawIds}, set DISCORD_SHARD_COUNT to the number of shards across all processes (e.g. 2).`);
  if (!rawIds) fail('DISCORD_SHARD_IDS', `is not set: with DISCORD_SHARD_COUNT=${rawCount}, list the shards this process runs, e.g. DISCORD_SHARD_IDS=0,1.`);
  const count = int(env, 'DISCORD_SHARD_COUNT', 1, 1, 100_000);
  const ids = rawIds.split(',').map((part) => {
    const id = part.trim();
    if (!/^\d+$/.test(id) || Number(id) >= count) fail('DISCORD_SHARD_IDS', `has "${id}": shard ids are whole numbers from 0 to ${count - 1} (DISCORD_SHARD_COUNT is ${count}), separated by commas, e.g. 0,1.`);
    return Number(id);
  });
  const twice = ids.find((id, i) => ids.indexOf(id) !== i);
  if (twice !== undefined) fail('DISCORD_SHARD_IDS', `names shard ${twice} twice: list each shard this process runs once.`);
  return { ids, count };
}

export function loadConfig(env: Env): Readonly<Config> {
  const template = str(env, 'DUEL_PROMPT_TEMPLATE') ?? DEFAULT_SETTINGS.promptTemplate;
  if (!template.includes('{prompt}')) fail('DUEL_PROMPT_TEMPLATE', 'must contain {prompt}, where the user\'s prompt goes.');
  const box = int(env, 'DUEL_RENDER_SIZE', RENDER_DEFAULTS.box, 64, 4096);
  const totalTimeoutMs = duration(env, 'DUEL_TIMEOUT', DRAW_DEFAULTS.totalTimeoutMs);
  const queueTimeoutMs = duration(env, 'DUEL_QUEUE_TIMEOUT', DEFAULT_SETTINGS.queueTimeoutMs);
  const renderTimeoutMs = duration(env, 'DUEL_RENDER_TIMEOUT', RENDER_DEFAULTS.timeoutMs);
  const renderWorkers = int(env, 'DUEL_RENDER_WORKERS', defaultRenderWorkers(), 1, 64);
  // Animated composites: a budget for making the GIF; "0s" turns GIFs off (every duel posts its PNG).
  const gifTimeoutMs = /^\s*0+(\.0*)?\s*[a-z]*\s*$/i.test(str(env, 'DUEL_GIF_TIMEOUT') ?? '') ? 0 : duration(env, 'DUEL_GIF_TIMEOUT', RENDER_DEFAULTS.gifTimeoutMs);
  const discordToken = str(env, 'DISCORD_TOKEN');
  const slackBotToken = str(env, 'SLACK_BOT_TOKEN');
  const slackAppToken = str(env, 'SLACK_APP_TOKEN');
  const slackSecret = str(env, 'SLACK_SIGNING_SECRET');
  if (slackBotToken && !slackAppToken && !slackSecret) {
    fail('SLACK_SIGNING_SECRET', 'is not set: with SLACK_BOT_TOKEN, set SLACK_APP_TOKEN (Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).');
  }
  if (slackAppToken && !slackAppToken.startsWith('xapp-')) fail('SLACK_APP_TOKEN', 'must be an app-level token starting with xapp- (Basic Information > App-Level Tokens, scope connections:write).');
  const shards = discordShards(env);
  const contenders = parseContenders(env);
  const votes = voteStyle(env);
  const categoryProblem = categoryModelProblem(str(env, 'DUEL_CATEGORY_MODEL'), contenders.map((c) => c.spec));
  // The rule's words start with the variable's name; fail() names it again.
  if (categoryProblem) fail('DUEL_CATEGORY_MODEL', categoryProblem.replace(/^DUEL_CATEGORY_MODEL /, ''));
  const config: Config = {
    contenders,
    providers: readProviderSettings(env, contenders.map((c) => c.spec)),
    maxTokens: int(env, 'DUEL_MAX_TOKENS', DRAW_DEFAULTS.maxTokens, 1024, 128_000),
    maxReplyBytes: bytes(env, 'DUEL_MAX_REPLY_BYTES', DRAW_DEFAULTS.maxReplyBytes, 64 * 1024, 256 * 1024 * 1024),
    totalTimeoutMs,
    idleTimeoutMs: duration(env, 'DUEL_IDLE_TIMEOUT', DRAW_DEFAULTS.idleTimeoutMs),
    concurrency: readConcurrency(env),
    dbPath: databasePath(env),
    databaseUrl: databaseUrl(env),
    keepImagesMs: keepImages(env),
    render: {
      workers: renderWorkers,
      frameWorkers: int(env, 'DUEL_RENDER_FRAME_WORKERS', defaultFrameWorkers(renderWorkers), 1, 64),
      timeoutMs: renderTimeoutMs,
      memoryMb: int(env, 'DUEL_RENDER_MEMORY_MB', RENDER_DEFAULTS.memoryMb, 64, 16_384),
      box,
      frameBudgetMs: int(env, 'DUEL_GIF_FRAME_BUDGET_MS', RENDER_DEFAULTS.frameBudgetMs, 10, 600_000),
    },
    duel: {
      voteWindowMs: duration(env, 'DUEL_VOTE_WINDOW', DEFAULT_SETTINGS.voteWindowMs),
      cooldownMs: duration(env, 'DUEL_COOLDOWN', DEFAULT_SETTINGS.cooldownMs, 'no cooldown'),
      maxOpenPerCommunity: int(env, 'DUEL_MAX_GENERATING', DEFAULT_SETTINGS.maxOpenPerCommunity, 1, 100),
      promptMaxChars: DEFAULT_SETTINGS.promptMaxChars,
      promptTemplate: template,
      box,
      blindWords: (str(env, 'DUEL_BLIND_WORDS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      bootstrapRounds: int(env, 'DUEL_BOOTSTRAP_ROUNDS', DEFAULT_SETTINGS.bootstrapRounds, 200, 10_000),
      provisionalBattles: int(env, 'DUEL_PROVISIONAL_BATTLES', DEFAULT_SETTINGS.provisionalBattles, 0, 1_000_000),
      queueTimeoutMs,
      outlierMinVotes: int(env, 'DUEL_OUTLIER_MIN_VOTES', DEFAULT_SETTINGS.outlierMinVotes, 5, 1_000_000),
      outlierPValue: probability(env, 'DUEL_OUTLIER_P', DEFAULT_SETTINGS.outlierPValue),
      voterDailyCap: int(env, 'DUEL_VOTER_DAILY_CAP', DEFAULT_SETTINGS.voterDailyCap, 0, 1_000_000),
      staleAfterMs: staleAfterMs({ queueTimeoutMs, totalTimeoutMs, renderTimeoutMs, gifTimeoutMs }),
      gifTimeoutMs,
      gifMaxBytes: DEFAULT_SETTINGS.gifMaxBytes,
      gifsAtOnce: DEFAULT_SETTINGS.gifsAtOnce,
      personalMinVotes: int(env, 'DUEL_PERSONAL_MIN_VOTES', DEFAULT_SETTINGS.personalMinVotes, 1, 1_000_000),
      categoryMinBattles: int(env, 'DUEL_CATEGORY_MIN_BATTLES', DEFAULT_SETTINGS.categoryMinBattles, 1, 1_000_000),
      categoryModel: str(env, 'DUEL_CATEGORY_MODEL')?.trim() || DEFAULT_SETTINGS.categoryModel,
    },
    logLevel: str(env, 'LOG_LEVEL') ?? APP_DEFAULTS.logLevel,
    voteStyle: votes,
    web: {
      port: int(env, 'DUEL_WEB_PORT', WEB_DEFAULTS.port, 0, 65535),
      host: str(env, 'DUEL_WEB_HOST') ?? WEB_DEFAULTS.host,
      allowedHosts: str(env, 'DUEL_WEB_ALLOWED_HOSTS')?.split(',').map((s) => s.trim()).filter(Boolean),
      secureCookies: bool(env, 'DUEL_WEB_SECURE_COOKIES', false),
      trustProxy: proxyHops(env),
      showHosts: bool(env, 'DUEL_WEB_SHOW_HOSTS', WEB_DEFAULTS.showHosts),
      limits: {
        votersPerHour: int(env, 'DUEL_WEB_VOTERS_PER_HOUR', WEB_DEFAULTS.limits.votersPerHour, 0, 1_000_000),
        votesPerHour: int(env, 'DUEL_WEB_VOTES_PER_HOUR', WEB_DEFAULTS.limits.votesPerHour, 0, 1_000_000),
        duelsPerHour: int(env, 'DUEL_WEB_DUELS_PER_HOUR', WEB_DEFAULTS.limits.duelsPerHour, 0, 1_000_000),
      },
      streams: {
        perAddress: int(env, 'DUEL_WEB_STREAMS_PER_ADDRESS', WEB_DEFAULTS.streams.perAddress, 0, 1_000_000),
        total: int(env, 'DUEL_WEB_STREAMS', WEB_DEFAULTS.streams.total, 0, 1_000_000),
        idleMs: duration(env, 'DUEL_WEB_STREAM_IDLE', WEB_DEFAULTS.streams.idleMs),
      },
      liveFrameMs: int(env, 'DUEL_WEB_LIVE_FRAME_MS', WEB_DEFAULTS.liveFrameMs, 0, 60_000),
      metrics: bool(env, 'DUEL_METRICS', WEB_DEFAULTS.metrics),
    },
    discord: discordToken ? { token: discordToken, appId: str(env, 'DISCORD_APP_ID'), apiUrl: url(env, 'DISCORD_API_URL'), shards, voteStyle: votes } : undefined,
    slack: slackBotToken
      ? { botToken: slackBotToken, appToken: slackAppToken, signingSecret: slackSecret, apiUrl: url(env, 'SLACK_API_URL'), port: int(env, 'PORT', SLACK_DEFAULTS.port, 0, 65535), voteStyle: votes }
      : undefined,
  };
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(config.logLevel)) fail('LOG_LEVEL', `is "${config.logLevel}": use error, warn, info or debug.`);
  return Object.freeze(config);
}
