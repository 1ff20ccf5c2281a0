/**
 * Closes duels on time. Close times live in the database; timers are only a cache of them,
 * re-armed at start-up, so a restart loses nothing and closes nothing twice.
 */
import type { Logger } from 'pino';
import type { DuelRecord, RevealHandler } from './duel-api.js';
import type { Clock, Platform, Reveal } from './types.js';

/** setTimeout takes at most 2^31-1 ms (~24.8 days); longer windows re-arm in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class CloseScheduler {
  private readonly timers = new Map<string, unknown>();
  private readonly handlers = new Map<Platform, RevealHandler>();
  private stopped = false;

  constructor(
    private readonly deps: {
      clock: Clock;
      logger: Logger;
      close: (duelId: string) => Reveal;
      getDuel: (duelId: string) => DuelRecord | undefined;
      openDuels: (platform: Platform) => DuelRecord[];
      /** Closed duels of a platform whose reveal was never delivered. */
      unrevealed: (platform: Platform) => DuelRecord[];
      reveal: (duelId: string) => Reveal | undefined;
      markRevealed: (duelId: string) => void;
    },
  ) {}

  /**
   * Registers a platform's handler, delivers reveals it missed, closes its overdue duels now
   * and arms the rest.
   */
  armPlatform(platform: Platform, handler: RevealHandler): void {
    this.stopped = false;
    this.handlers.set(platform, handler);
    for (const duel of this.deps.unrevealed(platform)) {
      const reveal = this.deps.reveal(duel.id);
      if (reveal) this.notify(reveal, duel);
    }
    for (const duel of this.deps.openDuels(platform)) this.arm(duel);
  }

  /** Arms one open duel, if its platform has a handler (otherwise it closes on `duel close` or the next start). */
  arm(duel: DuelRecord): void {
    if (this.stopped || duel.status !== 'open' || duel.closesAt === null || !this.handlers.has(duel.platform)) return;
    this.disarm(duel.id);
    const wait = duel.closesAt - this.deps.clock.now();
    if (wait <= 0) {
      this.fire(duel.id);
      return;
    }
    const step = Math.min(wait, MAX_TIMER_MS);
    this.timers.set(
      duel.id,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(duel.id);
        const fresh = this.deps.getDuel(duel.id);
        if (!fresh) return;
        if (step < wait) this.arm(fresh);
        else this.fire(duel.id);
      }, step),
    );
  }

  disarm(duelId: string): void {
    const t = this.timers.get(duelId);
    if (t !== undefined) this.deps.clock.clearTimeout(t);
    this.timers.delete(duelId);
  }

  private fire(duelId: string): void {
    try {
      this.deps.close(duelId);
    } catch (err) {
      this.deps.logger.error({ err, duelId }, 'closing a duel failed');
    }
  }

  /** Hands a fresh reveal to the duel's platform; a platform that fails is logged, never thrown. */
  notify(reveal: Reveal, duel: DuelRecord): void {
    const handler = this.handlers.get(duel.platform);
    if (!handler) return;
    Promise.resolve()
      .then(() => handler(reveal, duel))
      .then(
        () => this.deps.markRevealed(duel.id),
        // Left unrevealed: the platform tries again at its next start.
        (err: unknown) => this.deps.logger.error({ err, duelId: duel.id }, 'showing the reveal failed; it is retried at the next start'),
      );
  }

  stop(): void {
    this.stopped = true;
    for (const id of [...this.timers.keys()]) this.disarm(id);
  }
}
