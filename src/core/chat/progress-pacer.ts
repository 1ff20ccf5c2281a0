/**
 * Paces edits of one progress message. The engine reports progress on every change and about once
 * a second; chat platforms rate-limit edits (Discord webhook edits, Slack chat.update Tier 3) and
 * several duels run at once. So: at most one edit every `intervalMs`, never two in flight, only
 * the latest value is sent, and a value equal to the last one sent is skipped.
 */
export class ProgressPacer<T> {
  private latest: T | undefined;
  private latestKey: string | undefined;
  private sentKey: string | undefined;
  private lastAt = -Infinity;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private closed = false;

  constructor(
    private readonly edit: (value: T) => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
    /** What makes two values the same edit (default: their JSON). */
    private readonly keyOf: (value: T) => string = (v) => JSON.stringify(v),
  ) {}

  /** Note the current value; it is sent when the pace allows. */
  push(value: T): void {
    if (this.closed) return;
    this.latest = value;
    this.latestKey = this.keyOf(value);
    this.schedule();
  }

  /** Stop editing; waits for an edit in flight, so a final edit lands after it. Later pushes are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.timer || this.inFlight || this.closed) return;
    const wait = Math.max(0, this.lastAt + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
    this.timer.unref?.();
  }

  private async flush(): Promise<void> {
    const value = this.latest;
    const key = this.latestKey;
    if (this.closed || value === undefined || key === this.sentKey) return;
    this.lastAt = Date.now();
    // Sent or not, this value is done: a message that is gone must not be retried forever; the next push tries again.
    this.sentKey = key;
    this.inFlight = this.edit(value).catch((err: unknown) => this.onError(err));
    await this.inFlight;
    this.inFlight = undefined;
    if (this.latestKey !== this.sentKey) this.schedule();
  }
}
