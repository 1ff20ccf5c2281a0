/**
 * The records of a duel as the engine stores and hands them out: the duel, each side's entry,
 * its progress while drawn, what starting one takes and what it gives back.
 */
import type { DrawingFeatures } from './drawing-features.js';
import type { DuelFlag, DuelStatus, Platform, Side, Tokens } from './types.js';

export interface DuelRecord {
  id: string;
  platform: Platform;
  /** Guild id, workspace id, `web`, or `local` for the CLI. */
  community: string;
  channel: string;
  /** Platform message reference (Discord message id, Slack ts), set once posted. */
  messageRef: string | null;
  author: string;
  prompt: string;
  aSpec: string;
  bSpec: string;
  /** Epoch ms. */
  createdAt: number;
  /** Epoch ms when voting ends; null while generating. */
  closesAt: number | null;
  closedAt: number | null;
  status: DuelStatus;
  flags: DuelFlag[];
}

export interface EntryRecord {
  duelId: string;
  side: Side;
  spec: string;
  label: string;
  rawText: string | null;
  /** Sanitized SVG, null when the contender failed. */
  svg: string | null;
  ok: boolean;
  /** A message for people when !ok. */
  error: string | null;
  errorKind: string | null;
  /** Generation time in ms (queue time excluded). */
  ms: number | null;
  tokens: Tokens;
  /** Drawing facts known when the entry is stored (the store computes the byte count itself). */
  facts?: Pick<DrawingFacts, 'animated' | 'width' | 'height'> & { features?: DrawingFeatures };
}

/**
 * What a page needs about one side's drawing, computed once when it is stored and kept beside it,
 * so no page reads or scans the SVG text (which may be megabytes) per request.
 */
export interface DrawingFacts {
  side: Side;
  spec: string;
  label: string;
  ok: boolean;
  error: string | null;
  /** The drawing animates (SMIL or CSS keyframes), by the renderer's rule. */
  animated: boolean;
  /** Size of the rendered still in px; null when unknown (no drawing, or stored before facts were kept). */
  width: number | null;
  height: number | null;
  /** Bytes of the sanitized SVG (0 without one). */
  bytes: number;
  /** Mean CPU ms per frame measured while the server drew its animation; null until measured. */
  frameMs: number | null;
}

/** A duel's progress, least advanced over both sides (see duel-progress.ts). */
export type DuelProgressState = 'waiting' | 'drawing' | 'rendering' | 'done';

/**
 * Live state of a duel while it is drawn: ONE state for the duel, never per side (which side
 * finishes first or waits in a queue would unblind it). Per-side times, tokens and errors
 * appear only with the outcome and the reveal.
 */
export interface DuelProgress {
  duelId: string;
  /** Least advanced state over both sides: 'waiting' (a side waits in a provider queue), 'drawing', 'rendering', 'done'. */
  state: DuelProgressState;
  /** ms since the duel started. */
  elapsedMs: number;
  /** The longest queue wait; `where` is the provider's place in words ("the local GPU"), never a side. */
  queue?: { position: number; where: string };
  /** For people: "drawing · 41 s · waiting for the local GPU (2nd in line)". */
  text: string;
}

export interface StartDuelInput {
  platform: Platform;
  community: string;
  channel: string;
  /** Namespaced author id (`discord:123`). Used for the cooldown. */
  author: string;
  prompt: string;
  /**
   * 0, 1 or 2 contenders the person named, by spec or label (case-insensitive; see
   * contender-names.ts). None: the arena picks the pair (pairing.ts); one: it picks the opponent.
   * The order is not the side: sides are random.
   */
  contenders?: string[];
  /** Called on every state change and about once a second while generating. */
  onProgress?: (p: DuelProgress) => void;
}

/** 'animated' is the A | B composite as a GIF, kept only for a duel whose drawing animates. */
export type ImageKind = 'A' | 'B' | 'composite' | 'animated';

export interface DuelImages {
  A: Buffer | null;
  B: Buffer | null;
  /** The A | B composite PNG: always there, and the fallback when there is no GIF. */
  composite: Buffer;
  /**
   * The same composite as an animated GIF (same layout, labels and caption) when either drawing
   * animates and the GIF could be made within the size and time budget (DUEL_GIF_TIMEOUT, 8 MB).
   * Absent for still drawings: post `composite` then.
   */
  animated?: Buffer;
}

export interface DuelOutcome {
  duel: DuelRecord;
  entries: Record<Side, EntryRecord>;
  images: DuelImages;
  /** False when a contender failed: the duel is no contest and no vote is asked. */
  contest: boolean;
  /**
   * The animated composite GIF, still being made when the duel opened (voting never waits for
   * it). Resolves with the GIF once stored, or undefined when none was made (no drawing animates,
   * too slow, too big, broken: the PNG stays). Never rejects.
   */
  animation?: Promise<Buffer | undefined>;
  /** Why the duel is no contest when neither side is to blame (the side-by-side image could not be made), for people. */
  error?: string;
}

/** Whether a duel's sides may be named: it closed (revealed) or ended as no contest. The one rule for every face. */
export function isRevealed(duel: Pick<DuelRecord, 'status'>): boolean {
  return duel.status === 'closed' || duel.status === 'no-contest';
}

/** The contender a voter favoured most beyond what the community predicts. */
export interface TopPick {
  spec: string;
  /** Votes in which the voter picked it. */
  picked: number;
  /** Decisive votes of the voter in duels it was in. */
  appeared: number;
  /** Picks the community fit predicts for those votes. */
  expected: number;
}

export interface VoterEvidence {
  voter: string;
  /** Decisive votes tested. */
  votes: number;
  logLikelihood: number;
  /** Mean and standard deviation of LL under the leave-one-out fit. */
  expected: number;
  sd: number;
  z: number;
  pValue: number;
  flagged: boolean;
  topPick: TopPick | null;
}

/** A voter the suspicious-voter test flagged, and what an admin did about it. */
export interface VoterFlag {
  voter: string;
  state: 'flagged' | 'cleared';
  /** Decisive votes the test saw when it flagged (or when the flag was cleared). */
  votes: number;
  evidence: VoterEvidence;
  flaggedAt: number;
  clearedAt: number | null;
  clearedBy: string | null;
}
