/**
 * Closes duels on time and delivers their reveals, at least once. Close times live in the
 * database; timers are only a cache of them, re-armed at start-up, so a restart loses nothing and
 * closes nothing twice. A reveal is marked delivered only after its platform showed it; one that
 * failed is retried at the platform's next start. Duels closed by another process (`duel close`)
 * are found by a short poll of the store while the platform runs.
 */
import type { Logger } from 'pino';
import type { DuelRecord } from '../model/records.js';
import type { Clock, Platform, Reveal } from '../model/types.js';
import type { DuelRows } from '../store/port.js';
import type { DuelClosing } from './closing.js';

/** Called when a duel closes (by timer, command, or at start-up for overdue duels). */
export type RevealHandler = (reveal: Reveal, duel: DuelRecord) => void | Promise<void>;

/** setTimeout takes at most 2^31-1 ms (~24.8 days); longer windows re-arm in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** How often the store is asked for duels closed elsewhere and not yet revealed, in ms. */
export const REVEAL_POLL_MS = 2_000;
/** How long stop() waits for reveals in flight before it gives up on them (they are retried at the next start). */
export const REVEAL_GRACE_MS = 10_000;

export interface CloseSchedulerDeps {
  clock: Clock;
  logger: Logger;
  /** The rows the scheduler reads (open and unrevealed duels) and marks (revealed). */
  duels: Pick<DuelRows, 'getDuel' | 'openDuels' | 'unrevealed' | 'markRevealed'>;
  /** Closes a duel and tells its reveal. */
  closing: Pick<DuelClosing, 'close' | 'reveal'>;
  pollMs?: number;
  graceMs?: number;
}

export class CloseScheduler {
  private readonly timers = new Map<string, unknown>();
  private readonly handlers = new Map<Platform, RevealHandler>();
  /** Duels whose reveal was tried in this run (delivered or failed): the poll leaves them alone. */
  private readonly attempted = new Set<string>();
  private readonly inflight = new Map<string, Promise<void>>();
  private poll: unknown;
  private stopped = false;
  /** True while stop() waits for reveals in flight (they may still record themselves). */
  private waiting = false;

  constructor(private readonly deps: CloseSchedulerDeps) {}

  /**
   * Registers a platform's handler, delivers reveals it missed, closes its overdue duels now
   * and arms the rest.
   */
  async armPlatform(platform: Platform, handler: RevealHandler): Promise<void> {
    this.stopped = false;
    this.handlers.set(platform, handler);
    await this.deliverMissed(platform, true);
    for (const duel of await this.deps.duels.openDuels(platform)) this.arm(duel);
    this.schedulePoll();
  }

  /** Stops revealing on a platform (its adapter is going away) and waits for its reveals in flight. */
  async releasePlatform(platform: Platform): Promise<void> {
    this.handlers.delete(platform);
    const runs = [...this.inflight.entries()];
    const platforms = await Promise.all(runs.map(async ([id]) => (await this.deps.duels.getDuel(id))?.platform));
    await this.settle(runs.filter((_, i) => platforms[i] === platform).map(([, p]) => p));
  }

  /** Arms one open duel, if its platform has a handler (otherwise it closes on `duel close` or the next start). */
  arm(duel: DuelRecord): void {
    if (this.stopped || duel.status !== 'open' || duel.closesAt === null || !this.handlers.has(duel.platform)) return;
    this.disarm(duel.id);
    const wait = duel.closesAt - this.deps.clock.now();
    if (wait <= 0) {
      void this.fire(duel.id);
      return;
    }
    const step = Math.min(wait, MAX_TIMER_MS);
    this.timers.set(
      duel.id,
      this.deps.clock.setTimeout(() => {
        this.timers.delete(duel.id);
        this.deps.duels.getDuel(duel.id).then(
          (fresh) => {
            if (!fresh) return;
            if (step < wait) this.arm(fresh);
            else void this.fire(duel.id);
          },
          (err: unknown) => this.deps.logger.error({ err, duelId: duel.id }, 'reading a duel to close it failed'),
        );
      }, step),
    );
  }

  disarm(duelId: string): void {
    const t = this.timers.get(duelId);
    if (t !== undefined) this.deps.clock.clearTimeout(t);
    this.timers.delete(duelId);
  }

  /**
   * Close now (idempotent: a second call returns the same reveal with alreadyClosed). When the duel
   * closes here, its platform's reveal handler is called too, whoever closed it (timer, command, CLI).
   */
  async close(duelId: string): Promise<Reveal> {
    const { reveal, duel, closedNow } = await this.deps.closing.close(duelId);
    this.disarm(duelId);
    if (closedNow) {
      this.deps.logger.info({ duelId, tally: reveal.tally, winner: reveal.winner }, 'duel closed');
      this.notify(reveal, duel);
    }
    return reveal;
  }

  private async fire(duelId: string): Promise<void> {
    try {
      await this.close(duelId);
    } catch (err) {
      this.deps.logger.error({ err, duelId }, 'closing a duel failed');
    }
  }

  /** Hands a fresh reveal to the duel's platform. Never throws; a failure is logged and retried at the next start. */
  notify(reveal: Reveal, duel: DuelRecord): void {
    if (this.stopped || this.inflight.has(duel.id)) return;
    const handler = this.handlers.get(duel.platform);
    if (!handler) return; // its platform runs elsewhere or later: the duel stays unrevealed until then
    this.attempted.add(duel.id);
    const log = this.deps.logger.child({ duelId: duel.id, platform: duel.platform });
    const run = Promise.resolve()
      .then(() => handler(reveal, duel))
      .then(
        async () => {
          // The store may be gone if stop() gave up waiting; the duel then stays unrevealed and is shown again.
          if (this.stopped && !this.waiting) return;
          try {
            await this.deps.duels.markRevealed(duel.id, this.deps.clock.now());
          } catch (err) {
            log.error({ err }, 'the reveal was shown but could not be recorded; it may be shown again at the next start');
          }
        },
        (err: unknown) => log.error({ err }, 'showing the reveal failed; it is retried at the next start'),
      )
      .finally(() => this.inflight.delete(duel.id));
    this.inflight.set(duel.id, run);
  }

  /** Reveals of closed duels not yet shown: all of them at start, only those not tried in this run when polling. */
  private async deliverMissed(platform: Platform, retryFailed: boolean): Promise<void> {
    try {
      for (const duel of await this.deps.duels.unrevealed(platform)) {
        if (!retryFailed && this.attempted.has(duel.id)) continue;
        const reveal = await this.deps.closing.reveal(duel.id);
        if (reveal) this.notify(reveal, duel);
      }
    } catch (err) {
      this.deps.logger.error({ err, platform }, 'looking for unrevealed duels failed');
    }
  }

  private schedulePoll(): void {
    if (this.poll !== undefined || this.stopped) return;
    this.poll = this.deps.clock.setTimeout(() => {
      this.poll = undefined;
      if (this.stopped) return;
      for (const platform of this.handlers.keys()) void this.deliverMissed(platform, false);
      this.schedulePoll();
    }, this.deps.pollMs ?? REVEAL_POLL_MS);
  }

  private async settle(runs: Array<Promise<void>>): Promise<void> {
    if (runs.length === 0) return;
    let timer: unknown;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.deps.graceMs ?? REVEAL_GRACE_MS);
      (timer as NodeJS.Timeout).unref?.();
    });
    await Promise.race([Promise.allSettled(runs), grace]);
    clearTimeout(timer as NodeJS.Timeout);
  }

  /** Stops timers and the poll, and waits (a bounded time) for reveals in flight, so none runs after the store closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of [...this.timers.keys()]) this.disarm(id);
    if (this.poll !== undefined) this.deps.clock.clearTimeout(this.poll);
    this.poll = undefined;
    this.waiting = true;
    await this.settle([...this.inflight.values()]);
    this.waiting = false;
  }
}
