/**
 * Leases on the duels this process draws (issue 20). Every duel is inserted with this process's
 * owner id and a lease; the process renews all of its leases at once every third of the lease,
 * and every lease period gives up the duels whose lease ran out (their process died or hung), so
 * a duel another live process is drawing is never touched. Rows from before leases keep the age
 * rule (created more than staleAfterMs ago).
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Clock, Platform } from '../model/types.js';
import type { LeaseRows } from '../store/port.js';

/**
 * This process's owner id, for leases and reveal claims: host and pid for people reading the
 * table, and random, so a restart (or a second engine in one process) is another owner.
 */
export function newOwnerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export interface DrawingLeasesDeps {
  leases: LeaseRows;
  clock: Clock;
  logger: Logger;
  owner: string;
  leaseMs: number;
  /** Rows without a lease are given up when older than this (settings.staleAfterMs). */
  staleAfterMs: number;
  /** Whether this process is drawing anything: an idle process skips the renewal (no write every few seconds). */
  drawing: () => boolean;
}

export class DrawingLeases {
  private renewal: unknown;
  private sweep: unknown;
  private stopped = false;
  /** Store calls started by the timers; stop() waits for them so none runs on a closed store. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly deps: DrawingLeasesDeps) {}

  /** The lease a duel inserted now gets: its end. */
  until(): number {
    return this.deps.clock.now() + this.deps.leaseMs;
  }

  /** Starts renewing and sweeping (the first sweep is the caller's, at start). */
  start(): void {
    this.stopped = false;
    this.scheduleRenewal();
    this.scheduleSweep();
  }

  /**
   * Gives up duels whose drawing process is gone: expired leases, and lease-less rows created
   * before `createdBefore` (default: older than staleAfterMs). Resolves with how many.
   */
  async giveUpExpired(filter: { createdBefore?: number; platform?: Platform } = {}): Promise<number> {
    const at = this.deps.clock.now();
    const n = await this.deps.leases.abandonExpired(at, { createdBefore: filter.createdBefore ?? at - this.deps.staleAfterMs, platform: filter.platform });
    if (n > 0) this.deps.logger.warn({ abandoned: n, platform: filter.platform }, 'duels whose drawing process stopped were marked no contest');
    return n;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of [this.renewal, this.sweep]) if (t !== undefined) this.deps.clock.clearTimeout(t);
    this.renewal = this.sweep = undefined;
    await Promise.allSettled([...this.pending]);
  }

  /** The next timer is set before the store is asked, so a slow store never stops the renewals. */
  private scheduleRenewal(): void {
    if (this.stopped) return;
    this.renewal = this.deps.clock.setTimeout(() => {
      this.renewal = undefined;
      if (this.stopped) return;
      this.scheduleRenewal();
      if (this.deps.drawing()) this.track(this.deps.leases.renewLeases(this.deps.owner, this.until()), 'renewing the leases of duels being drawn failed; they are given up if this lasts');
    }, Math.max(1, Math.floor(this.deps.leaseMs / 3)));
  }

  private scheduleSweep(): void {
    if (this.stopped) return;
    this.sweep = this.deps.clock.setTimeout(() => {
      this.sweep = undefined;
      if (this.stopped) return;
      this.scheduleSweep();
      this.track(this.giveUpExpired(), 'giving up duels whose drawing process stopped failed');
    }, this.deps.leaseMs);
  }

  private track(p: Promise<unknown>, message: string): void {
    const run = p.catch((err: unknown) => this.deps.logger.error({ err }, message));
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }
}
