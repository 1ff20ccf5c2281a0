/**
 * The shared vocabulary of prompt-duel. Everything here is plain data or a port
 * (an interface that an outer layer implements). No I/O, no SDKs.
 */
import type { DrawingFeatures } from './drawing-features.js';

export type Side = 'A' | 'B';
export const SIDES: readonly Side[] = ['A', 'B'];

/** A vote: A, B, a tie, or "both bad". */
export type Choice = 'A' | 'B' | 'tie' | 'bad';
export const CHOICES: readonly Choice[] = ['A', 'B', 'tie', 'bad'];

/** Where a duel was started. `web` is the local arena, `cli` the `duel run` command. */
export type Platform = 'cli' | 'discord' | 'slack' | 'web';
export const PLATFORMS: readonly Platform[] = ['cli', 'discord', 'slack', 'web'];

/**
 * generating: contenders are drawing; open: voting; closed: revealed and (if it had votes) rated;
 * no-contest: a contender failed (or the duel was interrupted), shown but never rated.
 */
export type DuelStatus = 'generating' | 'open' | 'closed' | 'no-contest';

/** Flags on a duel. `unblinded`: a drawing names a contender, so the duel is left out of ratings. */
export type DuelFlag = 'unblinded';

export interface Tokens {
  input: number | null;
  output: number | null;
}

/** What a contender's model replied, before any SVG handling. */
export interface DrawResult {
  /** The answer text (never the thinking). */
  text: string;
  /** Separate thinking text if the provider returns it; never searched for the SVG. */
  thinking?: string;
  /** Wall time of the generation in milliseconds (excluding time spent queued). */
  ms: number;
  tokens: Tokens;
  /** True when the provider says the reply stopped at its token limit. */
  truncated?: boolean;
}

export type ContenderState = 'queued' | 'thinking' | 'drawing' | 'rendering' | 'done' | 'failed';

export interface DrawProgress {
  state: ContenderState;
  /** 1-based place in the provider's queue while state is `queued`. */
  queuePosition?: number;
  /** Characters of answer received so far. */
  chars?: number;
}

export interface DrawOptions {
  signal?: AbortSignal;
  onProgress?: (p: DrawProgress) => void;
}

/**
 * A model that draws. `spec` is `provider:model` (e.g. `ollama:qwen3.6:35b-a3b`).
 * `draw` rejects with a ContenderError whose message is meant for people.
 */
export interface Contender {
  readonly spec: string;
  readonly label: string;
  readonly provider: string;
  draw(prompt: string, options?: DrawOptions): Promise<DrawResult>;
  /** Cheap reachability check (server up, model present, key set); message says what to fix. */
  check?(): Promise<{ ok: boolean; message: string }>;
  /**
   * One short question that draws nothing (sorting a prompt into categories): the answer text,
   * without thinking. Not streamed; rejects with a ContenderError. Absent from contenders that
   * cannot answer (test doubles).
   */
  ask?(system: string, prompt: string, options: AskOptions): Promise<string>;
}

export interface AskOptions {
  /** Output token limit of the answer. */
  maxTokens: number;
  /** The caller's signal (shutdown, its own deadline); also ends a wait in the provider's queue. */
  signal?: AbortSignal;
  /** Longest the call may take once it has its turn in the queue, in ms. Default: the contender's draw deadline. */
  timeoutMs?: number;
}

/** Result of rasterizing one untrusted SVG. */
export interface RenderedSvg {
  png: Buffer;
  /**
   * The drawing's blind form, sanitized, that was actually rendered: only what draws, with
   * neutral ids and classes (src/render/blind/). It is what is stored and served everywhere.
   */
  svg: string;
  /**
   * The text the blind form draws, runs joined in reading order, lines joined with "\n"; raw
   * (not normalized): core reads it through model/readable-text.ts.
   */
  text: string;
  width: number;
  height: number;
  /** Its features (DrawingFeatures), measured on `svg` in the worker; absent from renderers that do not measure. */
  features?: DrawingFeatures;
}

/**
 * untrusted SVG -> safe PNG. Implemented in src/render. Every method rejects with a
 * RenderError (never crashes the caller).
 */
export interface Renderer {
  /** Pull the one SVG out of a model's reply (off the caller's thread). Rejects with RenderError 'no-svg' | 'truncated' | 'too-large'. */
  extract(replyText: string): Promise<string>;
  /**
   * Sanitize and rasterize untrusted SVG, fitted into a `box` x `box` square (px). With `at`
   * (seconds), an animated drawing is drawn as its frame at that time (SMIL and CSS keyframes).
   */
  render(svg: string, options?: { box?: number; at?: number }): Promise<RenderedSvg>;
  /*
   * Animation is optional in the port: a renderer without it (a test double) simply makes no
   * GIFs, and every duel stays a PNG.
   */
  /** The features of an SVG already stored (sanitized, blind form), for drawings kept before features were. */
  features?(svg: string): Promise<DrawingFeatures>;
  /** Whether a (sanitized or untrusted) SVG animates, with SMIL or CSS keyframes. Cheap: no rendering. */
  isAnimated?(svg: string): boolean;
  /** An animated GIF of one untrusted drawing (a loop of a few seconds). Rejects with RenderError. */
  animation?(svg: string, options?: AnimationOptions & { box?: number }): Promise<AnimatedImage>;
  /**
   * The A | B composite as an animated GIF: the same layout, labels and caption as `composite`,
   * each animated side moving, a still side as its PNG. Rejects with RenderError: 'too-large'
   * over `maxBytes`, 'timeout' over `timeoutMs`, 'invalid' when neither side animates.
   */
  animatedComposite?(input: AnimatedCompositeInput, options?: AnimationOptions): Promise<AnimatedImage>;
  /** Side-by-side A|B image with big labels and the prompt as a caption. A null side shows its error. */
  composite(input: CompositeInput): Promise<Buffer>;
  /** Rasterize an SVG the project made itself (charts). Still sandboxed. */
  renderTrusted(svg: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface CompositeInput {
  a: Buffer | null;
  b: Buffer | null;
  aError?: string;
  bError?: string;
  caption: string;
  /** Set when the drawings cannot be shown at all: both panels say this instead (a and b are ignored). */
  notice?: string;
}

/** The sides' sanitized SVGs (null for a side that failed) beside the still composite's input. */
export interface AnimatedCompositeInput extends CompositeInput {
  aSvg: string | null;
  bSvg: string | null;
}

export interface AnimationOptions {
  /** Largest GIF in bytes. Default 8 MB (the chat platforms' upload limit). */
  maxBytes?: number;
  /** Wall-time limit of making the GIF, in ms. Default 60 000. */
  timeoutMs?: number;
  /** Longest loop in seconds (default 4) and most frames (default 24). */
  maxSeconds?: number;
  maxFrames?: number;
}

export interface AnimatedImage {
  gif: Buffer;
  frames: number;
  /** Length of the loop in seconds. */
  seconds: number;
  width: number;
  height: number;
  /**
   * Mean CPU time in ms one frame cost the server, of the costliest animated side (measured as
   * the frames were drawn): what playing the live SVG may cost a browser. Omitted by renderers
   * that do not measure it.
   */
  frameMs?: number;
}

/** Injected time, so tests and restarts can control it. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Injected randomness (sides A/B, ids). Returns a float in [0, 1). */
export type Random = () => number;

/** A vote as platforms deliver it. */
export interface VoteEvent {
  duelId: string;
  /** Namespaced voter id: `discord:123`, `slack:U1`, `web:abc`, `cli:alice`. */
  voter: string;
  choice: Choice;
  /**
   * add / remove: a reaction put on or taken off. press: a vote button pressed, which sets the vote,
   * or takes it back when it is already the voter's vote (press again to retract).
   */
  op: 'add' | 'remove' | 'press';
  /** Platform event id; a redelivered id is a no-op. */
  eventId?: string;
  /** True when the reaction is the bot's own: never counted. */
  fromBot?: boolean;
}

export type VoteRejection = 'unknown-duel' | 'closed' | 'not-open' | 'from-bot' | 'duplicate-event' | 'stale-remove' | 'daily-cap' | 'other-platform';

export interface VoteResult {
  accepted: boolean;
  reason?: VoteRejection;
  /** The voter's current vote after this event. */
  current: Choice | null;
}

export interface Tally {
  A: number;
  B: number;
  tie: number;
  bad: number;
}

/** What a platform shows when a duel closes. */
export interface Reveal {
  id: string;
  status: 'closed' | 'no-contest';
  sides: Record<Side, { spec: string; label: string; ok: boolean; error: string | null }>;
  tally: Tally;
  votes: number;
  /** A or B, 'tie' for a level result, null when nobody voted or no contest. */
  winner: Side | 'tie' | null;
  flags: DuelFlag[];
  /** True when the duel had already been closed before this call. */
  alreadyClosed?: boolean;
}
