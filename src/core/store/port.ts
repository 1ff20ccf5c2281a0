/**
 * The Store port: everything the engine keeps, as the engine asks for it. The engine depends on
 * this interface only; `sqlite-store.ts` is its adapter (every SQL statement of the project lives
 * in this folder). Ratings are never stored: they are recomputed from the votes.
 *
 * The port is grouped by what is kept (duels, votes, voter flags, server state), so a part of the
 * engine can ask for only the group it uses. Every method answers with a promise, so an adapter
 * over a database that answers asynchronously (PostgreSQL) fits behind the same port.
 */
import type { DrawingFacts, DuelRecord, EntryRecord, ImageKind, VoterEvidence, VoterFlag } from '../model/records.js';
import type { Choice, DuelFlag, DuelStatus, Platform, Side } from '../model/types.js';
import type { DrawingFeatures } from '../model/drawing-features.js';

/** A closed, rated-or-not duel with its vote counts, as the ratings need it. */
export interface ClosedDuelRow {
  id: string;
  aSpec: string;
  bSpec: string;
  closedAt: number;
  flags: DuelFlag[];
  status: DuelStatus;
  A: number;
  B: number;
  tie: number;
  bad: number;
  /**
   * The author's own vote when the duel was closed before its time (by its author, or a
   * moderator), else null: left out of the ratings, so nobody can vote for the side they
   * recognise and close at once. Null for a flagged author, whose votes are left out already.
   */
  authorEarlyVote: Choice | null;
  /** Both sides' drawing features when both are measured, else null (left out of style control). */
  features: Record<Side, DrawingFeatures> | null;
  /** The prompt's categories (empty when none, or not sorted yet). */
  categories: string[];
}

/** A contender's draw in scope, with what its drawing measured (nulls when unknown or failed). */
export interface DrawActivity {
  spec: string;
  ok: boolean;
  ms: number | null;
  tokensIn: number | null;
  tokensOut: number | null;
  features: DrawingFeatures | null;
}

export interface DuelFilter {
  platform?: Platform;
  community?: string;
  channel?: string;
  /** Epoch ms lower bound on created_at. */
  since?: number;
  contender?: string;
  statuses?: DuelStatus[];
  /** Only duels whose prompt has this category. */
  category?: string;
}

/** Duels, their entries (one per side) and their images. */
export interface DuelRows {
  insertDuel(d: DuelRecord): Promise<void>;
  getDuel(id: string): Promise<DuelRecord | undefined>;
  findByMessage(platform: Platform, ref: string): Promise<DuelRecord | undefined>;
  setMessageRef(id: string, ref: string): Promise<void>;
  /**
   * Moves a generating duel to open (with its close time) or no-contest. False when the duel was
   * no longer generating (given up as interrupted meanwhile): then nothing changes.
   */
  finishGeneration(id: string, status: 'open' | 'no-contest', closesAt: number | null, flags: DuelFlag[], closedAt: number | null): Promise<boolean>;
  markRevealed(id: string, at: number): Promise<void>;
  /** Closed duels of a platform whose reveal was never shown (closed elsewhere, or a crash in between). */
  unrevealed(platform: Platform): Promise<DuelRecord[]>;
  /** Marks a duel closed; false when it was not open (so nothing closes twice). */
  markClosed(id: string, at: number): Promise<boolean>;
  countGenerating(platform: Platform, community: string): Promise<number>;
  lastDuelBy(author: string): Promise<DuelRecord | undefined>;
  openDuels(platform?: Platform): Promise<DuelRecord[]>;
  listDuels(f: DuelFilter, limit: number, offset: number): Promise<{ duels: DuelRecord[]; total: number }>;
  /** Closed duels in scope with their vote counts, oldest first (the battle order for online Elo). */
  closedDuels(f: DuelFilter): Promise<ClosedDuelRow[]>;
  /** Platform, community and prompt of the given closed duels (for the repeated-prompt weights). */
  closedDuelPrompts(ids: readonly string[]): Promise<Array<{ id: string; platform: string; community: string; prompt: string }>>;
  /** Meetings per ordered pair of specs: duels generating, open or closed (no contest excluded). */
  pairCounts(): Promise<Array<{ a: string; b: string; n: number }>>;
  putEntry(e: EntryRecord): Promise<void>;
  entries(duelId: string): Promise<Record<Side, EntryRecord> | undefined>;
  /**
   * Per-contender generation activity in scope: attempts, failures, latencies. Revealed duels
   * only: an open duel's latencies would hint at who drew which side.
   */
  activity(f: DuelFilter): Promise<DrawActivity[]>;
  /**
   * A contender's latest draws, newest first: whether each succeeded and when its duel started.
   * Draws stopped by a shutdown ('aborted') say nothing about the provider and are left out.
   */
  recentDraws(spec: string, limit: number): Promise<Array<{ ok: boolean; at: number }>>;
  /**
   * What pages need about each side's drawing (DrawingFacts), for many duels in one read, without
   * reading the SVG text. Duels without both entries are absent from the map.
   */
  drawingFacts(duelIds: readonly string[]): Promise<Map<string, Record<Side, DrawingFacts>>>;
  /** The measured mean CPU ms per frame of a duel's animation, kept on its animated sides. */
  setFrameMs(duelId: string, ms: number): Promise<void>;
  /** Store an image of a duel: the sides' PNGs, the composite PNG, or the animated composite GIF ('animated'). */
  putImage(duelId: string, kind: ImageKind, data: Buffer): Promise<void>;
  image(duelId: string, kind: ImageKind): Promise<Buffer | undefined>;
  /** Which images a duel has stored, without reading them. */
  imageKinds(duelId: string): Promise<ImageKind[]>;
}

/**
 * Several engine processes on one database (issue 20): who is drawing a duel (an owner id and a
 * lease it renews while it lives) and who delivers a closed duel's reveal (a claim that expires).
 * Owner ids are opaque strings, unique per process start. Times are epoch ms.
 */
export interface LeaseRows {
  /** Marks a generating duel as drawn by `owner` until `until` (called in the insert's transaction). */
  takeLease(id: string, owner: string, until: number): Promise<void>;
  /** Extends to `until` the lease of every duel `owner` is still drawing, in one statement; how many. */
  renewLeases(owner: string, until: number): Promise<number>;
  /**
   * Duels left 'generating' by a process that died become no contest (closed and revealed at `at`):
   * those with a lease that ran out before `at`, and rows without a lease (written before leases
   * existed) created before `createdBefore`; only of `platform` when given. A live lease is never touched.
   */
  abandonExpired(at: number, filter: { createdBefore: number; platform?: Platform }): Promise<number>;
  /**
   * Claims the delivery of a closed, unrevealed duel's reveal for `owner` until `until`: true when
   * the duel was unclaimed, its claim had expired before `at`, or `owner` held it already. One
   * conditional UPDATE, so of two processes claiming at once exactly one gets true.
   */
  claimReveal(id: string, owner: string, at: number, until: number): Promise<boolean>;
  /** Gives a claim back (the reveal could not be shown): another process, or a restart, may try at once. */
  releaseReveal(id: string, owner: string): Promise<void>;
}

/** A duel changed: ids only on the wire (never a prompt, a drawing or a vote). */
export interface DuelChange {
  kind: 'opened' | 'closed' | 'revealed';
  duelId: string;
  platform: Platform;
}

/**
 * A feed of duel changes between the processes on one database, so they react at once instead of
 * at their next poll (the poll stays as the safety net: a feed may drop events). Optional for an
 * adapter: the engine's in-process feed (core/duel/change-feed.ts) reaches only its own process;
 * a PostgreSQL adapter can publish through NOTIFY and subscribe with LISTEN. `publish` resolves
 * once the event is sent (not received); subscribers must not throw and are called in no set order.
 */
export interface DuelChanges {
  publish(e: DuelChange): Promise<void>;
  /** Returns the way to unsubscribe. */
  subscribe(fn: (e: DuelChange) => void): () => void;
}

/** Votes, and the platform event ids already processed. */
export interface VoteRows {
  getVote(duelId: string, voter: string): Promise<Choice | null>;
  setVote(duelId: string, voter: string, choice: Choice, at: number): Promise<void>;
  deleteVote(duelId: string, voter: string): Promise<void>;
  votes(duelId: string): Promise<Map<string, Choice>>;
  /** When each voter's stored vote was last set. */
  voteTimes(duelId: string): Promise<Map<string, number>>;
  /** Votes the voter holds that were set after `since` (epoch ms). */
  votesSince(voter: string, since: number): Promise<number>;
  /** A cheap fingerprint of everything a leaderboard depends on; changes whenever a vote or a close does. */
  ratingsVersion(): Promise<string>;
  /** Records an event id; false when it was seen before (a redelivery). */
  recordEvent(eventId: string, at: number): Promise<boolean>;
  /** Forgets processed event ids older than `before`. */
  pruneEvents(before: number): Promise<number>;
}

/** Flags on suspicious voters (the outlier test's verdicts, and admins' clearings). */
export interface VoterFlagRows {
  /** Every vote on a closed duel the board could rate (not unblinded), by voter, oldest first. */
  ratedVotes(): Promise<Array<{ voter: string; a: string; b: string; choice: Choice }>>;
  voterFlags(state?: 'flagged' | 'cleared'): Promise<VoterFlag[]>;
  /** Sets a voter flagged with this evidence (keeping the first flag time while it stays flagged). */
  flagVoter(evidence: VoterEvidence, at: number): Promise<void>;
  /** Removes a flag the test no longer raises (a cleared one stays). */
  unflagVoter(voter: string): Promise<void>;
  /** An admin clears a flag; false when the voter is not flagged. */
  clearVoterFlag(voter: string, by: string, at: number): Promise<boolean>;
  /** Votes of flagged voters, summed per duel (what the board leaves out). */
  flaggedVotesByDuel(): Promise<Map<string, Record<Choice, number>>>;
  /** Changes whenever a flag is set or cleared: part of the board cache's key. */
  voterFlagsVersion(): Promise<string>;
}

/** What the server keeps for itself: settings made once (secrets) and per-address rate tokens. */
export interface ServerRows {
  /**
   * A server setting made once and kept (e.g. a signing secret): the stored value, or `create()`
   * stored now. Safe when two processes race: the first insert wins and both read it.
   */
  setting(key: string, create: () => string): Promise<string>;
  /**
   * Rate limiting: records `token` for (kind, subject) unless `limit` distinct tokens already
   * exist since `since`. A token already recorded is free. True when the action may go ahead.
   */
  takeRateToken(kind: string, subject: string, token: string, limit: number, since: number, at: number): Promise<boolean>;
  /** Gives a token back (the action it paid for did not happen after all). */
  releaseRateToken(kind: string, subject: string, token: string): Promise<void>;
  /** Forgets rate tokens older than `before`. */
  pruneRateTokens(before: number): Promise<number>;
}

/** What the board needs beyond votes: drawing features, prompt categories, one voter's own choices. */
export interface BoardRows {
  /** Drawings stored before their features were measured (a drawing, features unknown), at most `limit`. */
  unmeasuredDrawings(limit: number): Promise<Array<{ duelId: string; side: Side; svg: string }>>;
  setDrawingFeatures(duelId: string, side: Side, features: DrawingFeatures): Promise<void>;
  /** Adds categories to a duel's (a union: the keyword rules' first, a model's later); [] marks it sorted. */
  addCategories(duelId: string, categories: readonly string[]): Promise<void>;
  /** Duels whose prompt was never sorted into categories, at most `limit`. */
  uncategorizedDuels(limit: number): Promise<Array<{ id: string; prompt: string }>>;
  /** A model's categories for a prompt, asked before; undefined when never asked. */
  cachedPromptCategories(model: string, prompt: string): Promise<string[] | undefined>;
  cachePromptCategories(model: string, prompt: string, categories: readonly string[], at: number): Promise<void>;
  /** This voter's stored choices on closed duels in scope, by duel id. */
  voterChoices(voter: string, f: DuelFilter): Promise<Map<string, Choice>>;
}

/** What an image prune freed: duels whose images went, images removed, and their bytes. */
export interface ImagePrune {
  duels: number;
  images: number;
  bytes: number;
}

/** Upkeep of what is kept: image retention (DUEL_KEEP_IMAGES). */
export interface UpkeepRows {
  /**
   * Removes the stored images (PNGs, GIF) of at most `limit` duels closed (or no contest) before
   * `closedBefore` (epoch ms), keeping their drawings (SVG), votes and ratings: the pictures can be
   * drawn again from the SVG. Small batches, so one prune never holds the write lock for long;
   * `duels` below `limit` means nothing older is left.
   */
  pruneImages(closedBefore: number, limit: number): Promise<ImagePrune>;
}

/** How far a backup is, in database pages. */
export interface BackupProgress {
  totalPages: number;
  remainingPages: number;
}

export interface Store extends DuelRows, LeaseRows, VoteRows, VoterFlagRows, ServerRows, BoardRows, UpkeepRows {
  /** Where the data lives (a file path for SQLite), for messages. */
  readonly path: string;
  /**
   * Runs `fn` as one transaction: all of its writes land, or none. A transaction is a function the
   * store runs, so an adapter decides how (SQLite: one immediate transaction holding the write lock;
   * PostgreSQL: one transaction holding an advisory lock every process takes). `fn` gets the store
   * as seen inside the transaction (`tx`); calls on the store itself made from within `fn` run
   * inside it too. Calls made elsewhere meanwhile never run inside it and never see its writes
   * before it commits; another transaction, in this process or any other on the database, waits
   * until it has committed or rolled back. (SQLite also makes a single call wait, having one
   * connection; PostgreSQL runs it at once on another connection, where it sees only committed
   * data.) A transaction started inside another one is nested (it rolls back alone). Times are
   * whole epoch milliseconds throughout the port.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * A consistent copy of the whole database written to `dest` (a new file) while others keep
   * writing. An adapter that cannot (a server database) rejects with an error saying which tool
   * copies it instead (pg_dump). Resolves with the copy's size in bytes.
   */
  backup(dest: string, onProgress?: (p: BackupProgress) => void): Promise<{ bytes: number }>;
  /** Closes the store once the work queued on it is done. */
  close(): Promise<void>;
}
