/**
 * The frame budget of an animated drawing: the mean CPU time one of its frames may cost, measured
 * as the frames are drawn. A drawing whose still is cheap can still have frames that cost seconds
 * each (a `<set>` that raises a filter radius, a huge CSS cascade, a long motion path); the budget
 * gives up on its GIF after the first costly frames instead of holding a frame worker until the
 * GIF's wall-time limit. CPU time, not wall time: a busy machine does not make a drawing fail.
 */

/** Thrown when a side's frames cost over the budget; the worker answers with reason 'timeout'. */
export class FrameBudgetError extends Error {
  readonly reason = 'timeout';
}

export class FrameMeter {
  private frames = 0;
  private totalMs = 0;

  /** `what` names the side in the message ("drawing A"). */
  constructor(
    private readonly budgetMs: number,
    private readonly what: string,
  ) {}

  /** Mean CPU ms per frame so far (0 before any frame). */
  get meanMs(): number {
    return this.frames === 0 ? 0 : this.totalMs / this.frames;
  }

  /** The CPU ms the next frame may cost before the mean goes over the budget (the pool enforces it during the frame). */
  get allowanceMs(): number {
    return this.budgetMs * (this.frames + 1) - this.totalMs;
  }

  get budget(): number {
    return this.budgetMs;
  }

  /** Count one frame that cost `ms` of CPU; throws FrameBudgetError once the mean is over the budget. */
  add(ms: number): void {
    this.frames++;
    this.totalMs += ms;
    if (this.meanMs > this.budgetMs) {
      throw new FrameBudgetError(
        `each frame of ${this.what} costs about ${Math.round(this.meanMs)} ms of CPU, over the frame budget of ${this.budgetMs} ms (DUEL_GIF_FRAME_BUDGET_MS), so no GIF was made; the still image stands`,
      );
    }
  }
}

/** CPU time this process has used, in ms (user + system). */
export function processCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
