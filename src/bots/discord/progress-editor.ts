/**
 * Edits a deferred reply with the latest progress, at most once per interval, one edit
 * in flight at a time: Discord rate-limits webhook edits, and a reply that lags by a
 * couple of seconds is better than a queue of stale edits.
 */
import type { Logger } from 'pino';

export class ProgressEditor<T> {
  private latest: T | undefined;
  private version = 0;
  private sentVersion = 0;
  private lastSentAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly edit: (value: T) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  push(value: T): void {
    if (this.stopped) return;
    this.latest = value;
    this.version++;
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    const wait = Math.max(0, this.lastSentAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.stopped || this.version === this.sentVersion || this.latest === undefined) return;
    const value = this.latest;
    this.sentVersion = this.version;
    this.lastSentAt = Date.now();
    this.inflight = this.inflight
      .then(() => this.edit(value))
      .then(
        () => undefined,
        (err: unknown) => this.logger.warn({ err }, 'progress edit failed'),
      )
      .finally(() => {
        // Something newer arrived while this edit was in flight.
        if (this.version !== this.sentVersion) this.schedule();
      });
  }

  /** Stop editing and wait for the edit in flight, so the final edit lands after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inflight;
  }
}
