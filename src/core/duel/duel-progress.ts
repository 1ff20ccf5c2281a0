/**
 * Blind progress: the two sides' states folded into ONE state for the whole duel. Which side
 * finishes first, fails, or waits in a provider's queue would tell the sides apart, so nothing
 * here is per side: the duel shows its least advanced state, the time since it started, and the
 * longest queue wait, worded by the provider's place ("the local GPU"), never by side.
 */
import type { Logger } from 'pino';
import type { DuelProgress, DuelProgressState, DuelRecord } from '../model/records.js';
import type { Clock, Contender, ContenderState, Side } from '../model/types.js';
import type { SideState } from './run-side.js';

/** What the fold needs to know about one side (internal: never shown). */
export interface SideSnapshot {
  state: ContenderState;
  /** 1-based place in the provider's queue while `state` is `queued` (unset: not in a queue yet). */
  queuePosition?: number;
  /** The contender's provider prefix (`ollama`, `anthropic`, ...). */
  provider: string;
}

const RANK: Record<DuelProgressState, number> = { waiting: 0, drawing: 1, rendering: 2, done: 3 };

/** A failed side counts as finished: its error is shown only with the reveal. */
function levelOf(s: SideSnapshot): DuelProgressState {
  switch (s.state) {
    case 'queued':
      // 'queued' with no place is the instant before the draw starts (no queue was joined).
      return s.queuePosition ? 'waiting' : 'drawing';
    case 'thinking':
    case 'drawing':
      return 'drawing';
    case 'rendering':
      return 'rendering';
    default:
      return 'done';
  }
}

/** Where a provider's queue is, in words for people. */
export function queuePlace(provider: string): string {
  if (provider === 'ollama') return 'the local GPU';
  if (provider === 'anthropic') return 'the Anthropic API';
  if (provider === 'openai') return 'the OpenAI-compatible server';
  return `the ${provider} server`;
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** The words for a state ('waiting' reads "drawing": the duel is being drawn, one side is in line). */
const STATE_WORDS: Record<DuelProgressState, string> = { waiting: 'drawing', drawing: 'drawing', rendering: 'rendering', done: 'done' };

/** Fold both sides into the duel's progress. `elapsedMs` is since the duel started. */
export function foldProgress(duelId: string, elapsedMs: number, sides: readonly SideSnapshot[]): DuelProgress {
  const state = sides.map(levelOf).reduce<DuelProgressState>((least, s) => (RANK[s] < RANK[least] ? s : least), 'done');
  let queue: DuelProgress['queue'];
  for (const s of sides) {
    if (levelOf(s) !== 'waiting' || !s.queuePosition) continue;
    if (!queue || s.queuePosition > queue.position) queue = { position: s.queuePosition, where: queuePlace(s.provider) };
  }
  const secs = Math.max(0, Math.floor(elapsedMs / 1000));
  const wait = queue ? ` · waiting for ${queue.where} (${ordinal(queue.position)} in line)` : '';
  return { duelId, state, elapsedMs: Math.max(0, elapsedMs), ...(queue ? { queue } : {}), text: `${STATE_WORDS[state]} · ${secs} s${wait}` };
}

/** Two progress values show the same thing apart from the clock (used to emit only on change). */
export function sameShown(a: DuelProgress | undefined, b: DuelProgress): boolean {
  return !!a && a.state === b.state && a.queue?.position === b.queue?.position && a.queue?.where === b.queue?.where;
}

/**
 * Emits a duel's blind progress when what it shows changes, and once a second for the clock, so a
 * side finishing or failing early emits nothing a viewer could tell apart.
 */
const PROGRESS_TICK_MS = 1000;

export class ProgressTicker {
  private readonly states: Record<Side, SideState>;
  private shown: DuelProgress | undefined;
  private ticking = true;
  private tick: unknown;

  constructor(
    private readonly duel: DuelRecord,
    private readonly sides: Record<Side, Contender>,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly onProgress?: (p: DuelProgress) => void,
  ) {
    const now = clock.now();
    this.states = { A: { state: 'queued', startedAt: now }, B: { state: 'queued', startedAt: now } };
  }

  /** Starts the clock tick and emits the first state. */
  start(): void {
    const schedule = () => {
      this.tick = this.clock.setTimeout(() => {
        if (!this.ticking) return;
        this.emit(true);
        schedule();
      }, PROGRESS_TICK_MS);
    };
    schedule();
    this.emit(true);
  }

  update(side: Side, change: Partial<SideState>): void {
    this.states[side] = { ...this.states[side], ...change };
    this.emit();
  }

  stop(): void {
    this.ticking = false;
    this.clock.clearTimeout(this.tick);
  }

  private emit(force = false): void {
    if (!this.onProgress) return;
    const progress = foldProgress(
      this.duel.id,
      this.clock.now() - this.duel.createdAt,
      (['A', 'B'] as const).map((side) => ({ state: this.states[side].state, queuePosition: this.states[side].queuePosition, provider: this.sides[side].provider })),
    );
    if (!force && sameShown(this.shown, progress)) return;
    this.shown = progress;
    try {
      this.onProgress(progress);
    } catch (err) {
      this.log.warn({ err }, 'progress callback failed');
    }
  }
}
