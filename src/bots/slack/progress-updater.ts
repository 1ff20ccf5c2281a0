/**
 * Paces edits of one progress message. The engine reports progress about once a second per
 * duel; chat.update is rate limited (Tier 3, ~50/min per workspace), and several duels can run at
 * once. So: at most one edit every `minIntervalMs`, never two in flight, only the latest text is
 * sent, and identical text is skipped.
 */
export class ProgressUpdater {
  private latest: string | null = null;
  private sent: string | null = null;
  private lastAt = 0;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly edit: (text: string) => Promise<void>,
    private readonly minIntervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Note the current text; it is sent when the pace allows. */
  push(text: string): void {
    if (this.closed) return;
    this.latest = text;
    this.schedule();
  }

  /** Stop editing; waits for an edit in flight. Later pushes are ignored. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.timer || this.inFlight || this.closed) return;
    const wait = Math.max(0, this.lastAt + this.minIntervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, wait);
    this.timer.unref?.();
  }

  private async flush(): Promise<void> {
    const text = this.latest;
    if (this.closed || text === null || text === this.sent) return;
    this.lastAt = Date.now();
    this.inFlight = this.edit(text).then(
      () => {
        this.sent = text;
      },
      (err: unknown) => {
        // Don't retry the same text forever (the message may be gone); the next push tries again.
        this.sent = text;
        this.onError(err);
      },
    );
    await this.inFlight;
    this.inFlight = null;
    if (this.latest !== this.sent) this.schedule();
  }
}
