/**
 * Closes duels on time and delivers their reveals, at least once. Close times live in the
 * database; timers are only a cache of them, re-armed at start-up, so a restart loses nothing and
 * closes nothing twice. A reveal is marked delivered only after its platform showed it; one that
 * failed is retried at the platform's next start. Duels closed by another process (`duel close`)
 * are found by a short poll of the store while the platform runs.
 *
 * Several processes may serve one platform on one database (issue 20). A reveal is shown by the
 * process that claims it in the store (claimReveal), so it is shown once while they live; a
 * claim of a process that died runs out and another process shows it. The poll also arms open
 * duels another process opened, so a duel closes on time even if its opener stopped (closing is
 * a claim too: markClosed). A change feed, when given, makes both happen at once instead of at
 * the next poll.
 */
import type { Logger } from 'pino';
import type { DuelRecord } from '../model/records.js';
import type { Clock, Platform, Reveal } from '../model/types.js';
import type { DuelChange, DuelChanges, DuelRows, LeaseRows } from '../store/port.js';
import { announce } from './change-feed.js';
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
  /** The rows the scheduler reads (open and unrevealed duels), claims and marks (revealed). */
  duels: Pick<DuelRows, 'getDuel' | 'openDuels' | 'unrevealed' | 'markRevealed'> & Pick<LeaseRows, 'claimReveal' | 'releaseReveal'>;
  /** Closes a duel and tells its reveal. */
  closing: Pick<DuelClosing, 'close' | 'reveal'>;
  /** This process's owner id (drawing-leases.ts newOwnerId), for reveal claims. */
  owner: string;
  /** How long a reveal claim holds (PROCESS_DEFAULTS.revealClaimMs). */
  claimMs: number;
  /** Told of closes and reveals; heard for duels opened or closed elsewhere. */
  changes?: DuelChanges;
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
  private unsubscribe: (() => void) | undefined;
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
    this.unsubscribe ??= this.deps.changes?.subscribe((e) => this.heard(e));
    await this.deliverMissed(platform, true);
    for (const duel of await this.deps.duels.openDuels(platform)) this.arm(duel);
    this.schedulePoll();
  }

  /** Another process (or this one) opened or closed a duel: arm it, or show its reveal, now rather than at the next poll. */
  private heard(e: DuelChange): void {
    if (this.stopped || !this.handlers.has(e.platform)) return;
    if (e.kind === 'opened' && !this.timers.has(e.duelId)) {
      this.deps.duels.getDuel(e.duelId).then(
        (duel) => duel && this.arm(duel),
        (err: unknown) => this.deps.logger.error({ err, duelId: e.duelId }, 'reading a duel opened elsewhere failed; the poll arms it'),
      );
    } else if (e.kind === 'closed' && !this.inflight.has(e.duelId) && !this.attempted.has(e.duelId)) {
      void this.deliverOne(e.duelId);
    }
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
      announce(this.deps.changes, { kind: 'closed', duelId, platform: duel.platform }, this.deps.logger);
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

  /**
   * Hands a fresh reveal to the duel's platform, if this process wins its claim (otherwise another
   * live process is showing it, and this one tries again at a later poll once the claim ran out).
   * Never throws; a failure is logged, the claim given back, and the reveal retried at the next start.
   */
  notify(reveal: Reveal, duel: DuelRecord): void {
    if (this.stopped || this.inflight.has(duel.id)) return;
    const handler = this.handlers.get(duel.platform);
    if (!handler) return; // its platform runs elsewhere or later: the duel stays unrevealed until then
    const log = this.deps.logger.child({ duelId: duel.id, platform: duel.platform });
    const run = this.claim(duel.id, log)
      .then(async (claimed) => {
        if (!claimed) return;
        // Past stop() (the store may be closed): nothing starts; the claim runs out, and a restart shows it then.
        if (this.stopped && !this.waiting) return;
        this.attempted.add(duel.id);
        try {
          await handler(reveal, duel);
        } catch (err) {
          log.error({ err }, 'showing the reveal failed; it is retried at the next start');
          await this.release(duel.id, log);
          return;
        }
        // The store may be gone if stop() gave up waiting; the duel then stays unrevealed and is shown again.
        if (this.stopped && !this.waiting) return;
        try {
          await this.deps.duels.markRevealed(duel.id, this.deps.clock.now());
          // Once per duel across processes (the claim): a line to count reveals by.
          log.info('reveal shown');
          announce(this.deps.changes, { kind: 'revealed', duelId: duel.id, platform: duel.platform }, this.deps.logger);
        } catch (err) {
          log.error({ err }, 'the reveal was shown but could not be recorded; it may be shown again at the next start');
        }
      })
      .finally(() => this.inflight.delete(duel.id));
    this.inflight.set(duel.id, run);
  }

  /** This process's claim on showing a reveal; false when another holds it, or the store failed (the poll tries again). */
  private async claim(duelId: string, log: Logger): Promise<boolean> {
    const now = this.deps.clock.now();
    try {
      return await this.deps.duels.claimReveal(duelId, this.deps.owner, now, now + this.deps.claimMs);
    } catch (err) {
      log.error({ err }, 'claiming a reveal failed; it is tried again at the next poll');
      return false;
    }
  }

  private async release(duelId: string, log: Logger): Promise<void> {
    try {
      await this.deps.duels.releaseReveal(duelId, this.deps.owner);
    } catch (err) {
      log.warn({ err }, 'a failed reveal could not be given back; it is tried again once its claim runs out');
    }
  }

  /** Shows the reveal of one duel closed elsewhere (heard from the change feed). */
  private async deliverOne(duelId: string): Promise<void> {
    try {
      const duel = await this.deps.duels.getDuel(duelId);
      const reveal = duel?.status === 'closed' ? await this.deps.closing.reveal(duelId) : undefined;
      if (duel && reveal) this.notify(reveal, duel);
    } catch (err) {
      this.deps.logger.error({ err, duelId }, 'showing the reveal of a duel closed elsewhere failed; the poll tries again');
    }
  }

  /** Open duels of a platform this process has no timer for (opened by another process): armed now. */
  private async armOpenedElsewhere(platform: Platform): Promise<void> {
    try {
      for (const duel of await this.deps.duels.openDuels(platform)) if (!this.timers.has(duel.id)) this.arm(duel);
    } catch (err) {
      this.deps.logger.error({ err, platform }, 'looking for duels opened elsewhere failed');
    }
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
      for (const platform of this.handlers.keys()) {
        void this.deliverMissed(platform, false);
        void this.armOpenedElsewhere(platform);
      }
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
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const id of [...this.timers.keys()]) this.disarm(id);
    if (this.poll !== undefined) this.deps.clock.clearTimeout(this.poll);
    this.poll = undefined;
    this.waiting = true;
    await this.settle([...this.inflight.values()]);
    this.waiting = false;
    // Reveals still in flight are given up (not marked when they end): their claims go back while the
    // store is open, so a restart shows them at once instead of after the claim runs out.
    await Promise.all([...this.inflight.keys()].map((id) => this.release(id, this.deps.logger.child({ duelId: id }))));
  }
}
