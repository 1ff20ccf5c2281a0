/**
 * Deadlines for one draw: a total deadline, an idle deadline (no stream chunk for `idleMs`), and the
 * caller's signal. Whichever fires first aborts one AbortController whose signal is handed to the
 * HTTP client, so the request is really torn down, and remembers why, so the error says so.
 */
import { ContenderError, type ContenderErrorKind } from '../model/errors.js';

/** `failed`: the provider stopped the draw itself with its own error (a reply past its cap). */
export type StopReason = 'timeout' | 'idle-timeout' | 'aborted' | 'failed';

export interface DeadlineOptions {
  spec: string;
  label: string;
  /** Whole-draw deadline in ms. */
  totalMs: number;
  /** Longest gap between chunks in ms; the first gap starts at `start()`. */
  idleMs: number;
  /** The caller's signal (a cancelled duel, a shutting-down bot). */
  signal?: AbortSignal;
}

export interface Deadlines {
  /** Abort signal for the HTTP request: fires on total timeout, idle timeout or caller abort. */
  readonly signal: AbortSignal;
  /** Call on every received chunk: re-arms the idle timer. */
  touch(): void;
  /** Why the draw was stopped, or null while it runs. */
  readonly reason: StopReason | null;
  /** The ContenderError for the stop reason, or null if not stopped. */
  error(): ContenderError | null;
  /** Stop the draw now with `err` (tears the request down like a deadline does). */
  fail(err: ContenderError): void;
  /**
   * Race `work` against the stop: rejects with the stop error as soon as a deadline fires, even
   * if the client library is slow to notice the abort. Clears the timers when settled.
   */
  run<T>(work: Promise<T>): Promise<T>;
  dispose(): void;
}

/** `300000` -> `300 s`, `300` -> `0.3 s`. */
export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  if (s >= 10) return `${Math.round(s)} s`;
  return `${Number(s.toFixed(1))} s`;
}

export function stopError(reason: Exclude<StopReason, 'failed'>, o: Pick<DeadlineOptions, 'spec' | 'label' | 'totalMs' | 'idleMs'>): ContenderError {
  const messages: Record<Exclude<StopReason, 'failed'>, [string, ContenderErrorKind]> = {
    timeout: [`${o.label} took longer than ${formatSeconds(o.totalMs)} and was stopped`, 'timeout'],
    'idle-timeout': [`${o.label} sent nothing for ${formatSeconds(o.idleMs)} and was stopped`, 'idle-timeout'],
    aborted: [`${o.label} was cancelled before it finished drawing`, 'aborted'],
  };
  const [message, kind] = messages[reason];
  return new ContenderError(message, o.spec, kind);
}

export function startDeadlines(o: DeadlineOptions): Deadlines {
  const controller = new AbortController();
  let reason: StopReason | null = null;
  let failure: ContenderError | null = null;
  let rejectStop: ((e: ContenderError) => void) | null = null;
  const stopped = new Promise<never>((_, reject) => {
    rejectStop = reject;
  });
  // Nobody may be racing yet when a deadline fires; avoid an unhandled rejection.
  stopped.catch(() => undefined);

  const stop = (why: StopReason, err?: ContenderError) => {
    if (reason) return;
    reason = why;
    failure = err ?? null;
    clearTimeout(total);
    clearTimeout(idle);
    o.signal?.removeEventListener('abort', onCallerAbort);
    const e = failure ?? stopError(why as Exclude<StopReason, 'failed'>, o);
    controller.abort(e);
    rejectStop?.(e);
  };
  const onCallerAbort = () => stop('aborted');

  const total = setTimeout(() => stop('timeout'), o.totalMs);
  let idle = setTimeout(() => stop('idle-timeout'), o.idleMs);
  if (o.signal?.aborted) stop('aborted');
  else o.signal?.addEventListener('abort', onCallerAbort, { once: true });

  const dispose = () => {
    clearTimeout(total);
    clearTimeout(idle);
    o.signal?.removeEventListener('abort', onCallerAbort);
  };

  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    touch() {
      if (reason) return;
      clearTimeout(idle);
      idle = setTimeout(() => stop('idle-timeout'), o.idleMs);
    },
    error() {
      if (!reason) return null;
      return failure ?? stopError(reason as Exclude<StopReason, 'failed'>, o);
    },
    fail(err: ContenderError) {
      stop('failed', err);
    },
    async run<T>(work: Promise<T>): Promise<T> {
      // The losing side of the race must not surface as an unhandled rejection.
      work.catch(() => undefined);
      try {
        return await Promise.race([work, stopped]);
      } finally {
        dispose();
      }
    },
    dispose,
  };
}
