/**
 * The shared vocabulary of prompt-duel. Everything here is plain data or a port
 * (an interface that an outer layer implements). No I/O, no SDKs.
 */

export type Side = 'A' | 'B';
export const SIDES: readonly Side[] = ['A', 'B'];

/** A vote: A, B, a tie, or "both bad". */
export type Choice = 'A' | 'B' | 'tie' | 'bad';
export const CHOICES: readonly Choice[] = ['A', 'B', 'tie', 'bad'];

/** Where a duel was started. `web` is the local arena, `cli` the `duel run` command. */
export type Platform = 'cli' | 'discord' | 'slack' | 'web';

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

/** One closed, rated duel: A's share of the votes, ties and "both bad" counted half. */
export interface Battle {
  a: string;
  b: string;
  /** In [0, 1]. */
  outcome: number;
  /**
   * How much this battle counts in the rating fit (e.g. below 1 for a prompt repeated many
   * times); default 1. Counts, win rates and the pair matrix count battles as they happened.
   */
  weight?: number;
  /**
   * Each side's drawing features (style control): name -> number, the same names on both sides.
   * Absent when unknown; a battle without them is left out of the style-controlled fit only.
   */
  features?: { a: Readonly<Record<string, number>>; b: Readonly<Record<string, number>> };
}

/**
 * Features of one drawing, taken from its blind form when it is stored (render/features/):
 * what style control tests ("does this win votes regardless of the model?") and what the board's
 * metrics summarise. The names are an interface: `duel export` writes them as `a_<name>`/`b_<name>`.
 */
export interface DrawingFeatures {
  /** UTF-8 bytes of the stored (sanitized, blind) SVG. */
  bytes: number;
  /** Elements in the stored SVG, the root included. */
  elements: number;
  /** Distinct paint colours (fill, stroke, stop-color, in attributes, style and CSS). */
  colors: number;
  /** 1 when the drawing animates (SMIL or CSS keyframes), else 0. */
  animated: number;
  /** Characters (code points) of the text the drawing draws. */
  text: number;
}

/** The feature names, in the order they are exported and shown. */
export const DRAWING_FEATURE_NAMES = ['bytes', 'elements', 'colors', 'animated', 'text'] as const satisfies ReadonlyArray<keyof DrawingFeatures>;

/** Which board: the plain Bradley–Terry fit, or also the style-controlled one. */
export type LeaderboardControl = 'none' | 'style';

export type LeaderboardScope = 'community' | 'channel' | 'global';
export type LeaderboardWindow = 'all' | '30d' | '7d';

export interface LeaderboardQuery {
  scope: LeaderboardScope;
  since: LeaderboardWindow;
  platform?: Platform;
  community?: string;
  channel?: string;
  /** Only duels whose prompt has this category (core/categories/); absent for all. */
  category?: string;
  /** 'style' also fits the style-controlled board (`Leaderboard.control`); default 'none'. */
  control?: LeaderboardControl;
}

/** What a model's drawings look like, over its draws in scope (revealed duels only). */
export interface ModelMetrics {
  /** Draws attempted in scope. */
  draws: number;
  /** Share of draws that produced a drawing, in [0, 1]; null without draws. */
  drawnShare: number | null;
  /** Medians over its drawings; null without any. */
  medianBytes: number | null;
  medianElements: number | null;
  /** Shares of its drawings, in [0, 1]; null without any. */
  animatedShare: number | null;
  textShare: number | null;
  /** Median generation time (ms) and token counts over its drawings; null when none is known. */
  medianMs: number | null;
  medianTokensIn: number | null;
  medianTokensOut: number | null;
}

/** One style feature's effect in the controlled fit. */
export interface StyleCoefficient {
  name: string;
  /**
   * Elo points for one standard deviation of the feature's normalized difference between the
   * sides ((a - b) / (a + b), standardized over the battles); for `animated` that is close to
   * "animated against still". Positive: the feature wins votes regardless of the model.
   */
  coef: number;
  /** 95 % bootstrap interval; null while it cannot be measured. */
  ci: [number, number] | null;
}

/** A contender's rating with the style features held equal. */
export interface ControlledRow {
  spec: string;
  label: string;
  rating: number;
  ci: [number, number] | null;
  rank: number;
}

/** The style-controlled board (LMArena's contextual Bradley–Terry), beside the raw one. */
export interface StyleControl {
  features: StyleCoefficient[];
  /** Same contenders as the raw rows, best first, on the same Elo scale (mean 1000). */
  rows: ControlledRow[];
  /** Battles with both sides' features known (the fit's data). */
  battles: number;
}

export interface LeaderboardRow {
  spec: string;
  label: string;
  /** Bradley–Terry rating on the Elo scale, mean 1000. */
  rating: number;
  /**
   * 95 % bootstrap interval, or null while it is not yet known: when every resample gives the
   * same rating (one battle, or only identical outcomes), the bootstrap cannot measure the
   * uncertainty, and a zero-width interval would claim a certainty the data do not have.
   */
  ci: [number, number] | null;
  /** Fewer battles than `Leaderboard.provisionalBelow`: shown with a provisional mark. */
  provisional: boolean;
  /** 1 + number of contenders whose interval lies wholly above this one's. */
  rank: number;
  battles: number;
  wins: number;
  losses: number;
  ties: number;
  /** Battles whose votes were mostly "both bad", counted apart from ties. */
  bothBad: number;
  /** wins + ties/2 over battles, in [0, 1]. */
  winRate: number;
  /** Online Elo (K=32) over the battles in time order. */
  elo: number;
  /** Median generation time in ms over its duels in scope, null if none. */
  medianMs: number | null;
  /** Share of its duels in scope in which it failed, in [0, 1]. */
  failureRate: number | null;
  /** What its drawings look like; absent where the caller did not ask (a CSV of battles). */
  metrics?: ModelMetrics;
}

export interface Leaderboard {
  rows: LeaderboardRow[];
  battles: number;
  /** Share of decisive battles won by side A, null without any (the position-bias check). */
  sideAWinShare: number | null;
  /** 95 % Wilson interval of `sideAWinShare`, null with it. */
  sideAWinCi: [number, number] | null;
  /** Decisive battles (outcome not exactly 0.5) behind `sideAWinShare`. */
  decisiveBattles: number;
  /** A contender with fewer battles than this is provisional (DUEL_PROVISIONAL_BATTLES). */
  provisionalBelow: number;
  /** Head-to-head records of every pair, ties excluded (LMArena's pairwise matrices). */
  matrix: PairMatrix;
  /** Votes left out because their voters are flagged as suspicious; shown when above 0. */
  leftOutVotes?: number;
  /** Authors' own votes in duels closed before their time, left out; shown when above 0. */
  authorEarlyVotes?: number;
  /** Duels counted with a weight below 1 because their prompt repeats; shown when above 0. */
  downWeightedDuels?: number;
  /** Where the battles came from when not the database, e.g. a CSV file name (`duel leaderboard --battles`). */
  source?: string;
  /** The style-controlled board, when the query asked for it (`control: 'style'`). */
  control?: StyleControl;
  /**
   * Categories with at least DUEL_CATEGORY_MIN_BATTLES rated battles in this scope, most first:
   * the ones a board may be filtered by.
   */
  categories?: Array<{ name: string; battles: number }>;
  /** Rated battles a category needs before it is offered (DUEL_CATEGORY_MIN_BATTLES), with `categories`. */
  categoryMinBattles?: number;
  query: LeaderboardQuery;
}

/**
 * One voter's own board: their votes fitted with the community's ratings as the prior, so a few
 * votes give a sensible order. Shows only what this voter voted and the community's ratings,
 * never another person's vote.
 */
export interface PersonalBoard {
  voter: string;
  /** This voter's votes on rated duels in scope. */
  votes: number;
  /** Votes needed before the board is shown (DUEL_PERSONAL_MIN_VOTES). */
  minVotes: number;
  /** Best first; empty until `votes >= minVotes`. */
  rows: Array<{ spec: string; label: string; rating: number; rank: number; communityRating: number; communityRank: number }>;
  /**
   * How often this voter picked the side the rest of the crowd picked: over their decisive votes
   * (A or B) in duels where the others' votes were decisive too.
   */
  agreement: { agreed: number; compared: number; share: number | null };
  query: LeaderboardQuery;
}

/**
 * Pairwise records in the board's row order: `wins[i][j]` battles that `specs[i]` won against
 * `specs[j]`, `decisive[i][j]` (= `decisive[j][i]`) their battles that were not a tie. A battle
 * is won by the side whose vote share is above one half, on either side of the image.
 */
export interface PairMatrix {
  specs: string[];
  wins: number[][];
  decisive: number[][];
}
