/**
 * The engine's faces: what the CLI and every bot adapter (discord, slack, web) call, split by what
 * a caller does with a duel, so an adapter takes only the faces it needs. Adapters only translate
 * platform events into these calls and results into messages. Whatever touches the store answers
 * with a promise (the Store port is asynchronous).
 */
import type { DrawingFacts, DuelOutcome, DuelRecord, EntryRecord, ImageKind, StartDuelInput } from '../model/records.js';
import type { Choice, Platform, Reveal, Side, VoteEvent, VoteResult } from '../model/types.js';
import type { Leaderboard, LeaderboardQuery, PersonalBoard } from '../model/board-types.js';
import type { RevealHandler } from './close-scheduler.js';

export type { RevealHandler };

/** Starting duels: what a command or the web arena needs. */
export interface DuelStarting {
  /** The configured contenders, in order. */
  contenders(): Array<{ spec: string; label: string }>;
  /** The engine's clock (epoch ms), e.g. to mark when a reconcile snapshot was taken. */
  now(): number;
  /** The longest prompt admitted, in characters (code points), as admission counts them. */
  promptMaxChars(): number;
  /**
   * Fast admission check (prompt, cooldown, open-generation cap) without starting anything,
   * so platforms can answer a rejection ephemerally before deferring. Returns the rejection or null.
   */
  precheck(input: Pick<StartDuelInput, 'platform' | 'community' | 'author' | 'prompt' | 'contenders'>): Promise<import('../model/errors.js').DuelRejectedError | null>;
  /**
   * Run a duel: draw in parallel, render, composite, record. Rejects with DuelRejectedError only
   * before work starts. Starts are admitted one at a time (admission, then the insert).
   */
  startDuel(input: StartDuelInput): Promise<DuelOutcome>;
  /** Remember where the duel was posted, so reactions on that message map to it. */
  attachMessage(duelId: string, messageRef: string): Promise<void>;
}

/** Votes: one rule for every platform (core decides, adapters translate). */
export interface DuelVoting {
  /** The engine's clock (epoch ms), e.g. to mark when a reconcile snapshot was taken. */
  now(): number;
  /** Apply one vote event. Committed to the store before it resolves. */
  vote(event: VoteEvent): Promise<VoteResult>;
  /** Current votes of an open duel, by voter. */
  votes(duelId: string): Promise<Map<string, Choice>>;
  /**
   * Make the stored votes of an open duel equal to what the platform shows now
   * (after a restart): votes missing are retracted, new ones added. Returns how many changed.
   * `current` may hold several choices for one voter; core decides which counts. With
   * `snapshotStartedAt` (from `now()` before reading the platform), votes stored live since then
   * are newer than the snapshot and left alone. A duel whose close time has passed is left as it
   * is (a reaction carries no time: it may have been added after the close).
   */
  reconcile(duelId: string, current: Array<{ voter: string; choice: Choice }>, options?: { snapshotStartedAt?: number }): Promise<number>;
}

/** Reading duels, their drawings and reveals (blind while open). */
export interface DuelReading {
  getDuel(duelId: string): Promise<DuelRecord | undefined>;
  getEntries(duelId: string): Promise<Record<Side, EntryRecord> | undefined>;
  findByMessage(platform: Platform, messageRef: string): Promise<DuelRecord | undefined>;
  /** Open duels of a platform (voting not yet closed). */
  openDuels(platform: Platform): Promise<DuelRecord[]>;
  /**
   * Whether this side's sanitized drawing animates (SMIL or CSS keyframes), by the renderer's rule
   * as stored with the drawing; without a side, whether either does. False when unknown.
   */
  isAnimated(duelId: string, side?: Side): Promise<boolean>;
  /**
   * What pages need about each side's drawing of many duels in one read (animated, size, bytes,
   * measured frame cost), never the SVG text. Blind like the entries: sides are letters; labels and
   * specs are for revealed duels only, so a page must not show them while a duel is open.
   */
  drawingFacts(duelIds: readonly string[]): Promise<Map<string, Record<Side, DrawingFacts>>>;
  /** Stored images of a duel: PNGs 'A', 'B' or 'composite', or the GIF 'animated' (only when a drawing animates). */
  image(duelId: string, kind: ImageKind): Promise<Buffer | undefined>;
  /** Which images a duel has stored (e.g. whether its GIF is made yet), without reading them. */
  imageKinds(duelId: string): Promise<ImageKind[]>;
  /** The reveal of a closed duel; undefined while open (blind). */
  getReveal(duelId: string): Promise<Reveal | undefined>;
  /** Duels newest first, for the gallery. Open duels are listed but never revealed. */
  listDuels(filter: {
    platform?: Platform;
    community?: string;
    contender?: string;
    /** Only closed and no-contest duels (e.g. when filtering by contender, which would unblind open ones). */
    revealedOnly?: boolean;
    limit: number;
    offset: number;
  }): Promise<{ duels: DuelRecord[]; total: number }>;
}

/** Boards: ratings with intervals, and the chart. */
export interface DuelBoards {
  leaderboard(query: LeaderboardQuery): Promise<Leaderboard>;
  /** One voter's own board (their votes, the community's ratings as the prior); only ever shown to that voter. */
  personalBoard(voter: string, query: LeaderboardQuery): Promise<PersonalBoard>;
  /** The leaderboard as a chart PNG (ratings with interval whiskers). */
  leaderboardChart(board: Leaderboard): Promise<Buffer>;
}

/** Closing, reveal delivery and the engine's own stop. */
export interface DuelLifecycle {
  /**
   * Close now (idempotent: a second call returns the same reveal with alreadyClosed). When the duel closes
   * here, its platform's reveal handler (see armClosing) is called too: adapters need not edit the message themselves.
   */
  close(duelId: string): Promise<Reveal>;
  /**
   * Whether `actor` (namespaced, e.g. `discord:123`) may close this open duel before its time:
   * its author may, and so may a moderator (the platform says who is one, e.g. Manage Messages).
   */
  canCloseEarly(duelId: string, actor: string, options?: { moderator?: boolean }): Promise<boolean>;
  /**
   * Register the platform's reveal handler, deliver reveals it missed, close overdue open duels of
   * that platform (calling the handler) and arm timers for the rest. Call after reconciling. The
   * handler must throw when the platform could not show the reveal: the duel is marked revealed
   * only after it resolves, and retried at the platform's next start otherwise. While the platform
   * is armed, duels closed by another process (`duel close`) are revealed within seconds.
   * Several processes may arm one platform on one database: each reveal is shown by one of them
   * (the one that claims it), and duels another process opened are armed here too, so they close
   * on time even if their opener stopped.
   */
  armClosing(platform: Platform, onReveal: RevealHandler): Promise<void>;
  /**
   * The platform's adapter is stopping: no more reveals are handed to it, and this resolves once
   * its reveals in flight are done (or a grace period passed). Reveals not shown are retried at its next start.
   */
  releaseClosing(platform: Platform): Promise<void>;
  /**
   * Stop timers and the reveal poll, cancel draws in progress (their duels end as no contest), and
   * wait for reveals in flight, so nothing touches the store after this resolves. Does not close the store.
   */
  stop(): Promise<void>;
}

/** The contenders and their providers, as they are right now. */
export interface ContenderStatus {
  /** The configured contenders, in order. */
  contenders(): Array<{ spec: string; label: string }>;
  /** Which contenders answer right now, with a hint for those that don't. */
  checkContenders(): Promise<Array<{ spec: string; label: string; ok: boolean; message: string }>>;
  /**
   * What each configured provider offers right now, contenders marked (`duel models`, the web model
   * card). Never rejects: a provider that is down has `ok: false` and an `error` for people.
   */
  listModels(): Promise<import('../contenders/model-list.js').ProviderModels[]>;
}

/** Every face: the engine as `createDuelService` builds it (the CLI wires it into each adapter). */
export interface DuelApi extends DuelStarting, DuelVoting, DuelReading, DuelBoards, DuelLifecycle, ContenderStatus {}
