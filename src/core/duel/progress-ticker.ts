/**
 * Emits a duel's blind progress (duel-progress.ts folds both sides into one state) when what it
 * shows changes, and once a second for the clock, so a side finishing or failing early emits
 * nothing a viewer could tell apart.
 */
import type { Logger } from 'pino';
import type { DuelProgress, DuelRecord } from '../model/records.js';
import type { Clock, Contender, Side } from '../model/types.js';
import { foldProgress, sameShown } from './duel-progress.js';
import type { SideState } from './run-side.js';

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
