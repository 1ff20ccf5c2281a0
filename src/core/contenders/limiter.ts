/**
 * Per-provider concurrency limit with a FIFO queue. One local GPU serves one generation well
 * (Ollama default 1); the Anthropic API takes a few at once (default 4). Waiters see their
 * 1-based place in the queue, updated as it moves; an aborted waiter leaves the queue.
 */
import { ContenderError } from '../model/errors.js';
import type { AskOptions, Contender, DrawOptions, DrawResult } from '../model/types.js';

export interface AcquireOptions {
  signal?: AbortSignal;
  /** Called with the 1-based queue position when queued, and again whenever it changes. */
  onQueued?: (position: number) => void;
}

export interface Limiter {
  /** Maximum generations at once. */
  readonly concurrency: number;
  /** Generations holding a slot now. */
  readonly active: number;
  /** Waiters in the queue now. */
  readonly pending: number;
  /**
   * Wait for a slot (FIFO). Resolves with a `release` function (idempotent) to call when done.
   * Rejects with the signal's reason (or an AbortError) if aborted while queued; the waiter is removed.
   */
  acquire(options?: AcquireOptions): Promise<() => void>;
}

interface Waiter {
  grant: (release: () => void) => void;
  onQueued?: (position: number) => void;
  lastPosition: number;
}

export function createLimiter(concurrency: number): Limiter {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a whole number >= 1, got ${concurrency}`);
  }
  let active = 0;
  const queue: Waiter[] = [];

  const notifyPositions = () => {
    queue.forEach((w, i) => {
      if (w.lastPosition !== i + 1) {
        w.lastPosition = i + 1;
        try {
          w.onQueued?.(i + 1);
        } catch {
          // A progress callback must not stall the queue.
        }
      }
    });
  };

  const makeRelease = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      active--;
      const next = queue.shift();
      if (next) {
        active++;
        next.grant(makeRelease());
        notifyPositions();
      }
    };
  };

  return {
    concurrency,
    get active() {
      return active;
    },
    get pending() {
      return queue.length;
    },
    acquire(options: AcquireOptions = {}) {
      const { signal } = options;
      if (signal?.aborted) return Promise.reject(signal.reason ?? abortError());
      if (active < concurrency && queue.length === 0) {
        active++;
        return Promise.resolve(makeRelease());
      }
      return new Promise<() => void>((resolve, reject) => {
        const onAbort = () => {
          const i = queue.indexOf(waiter);
          if (i >= 0) {
            queue.splice(i, 1);
            notifyPositions();
          }
          reject(signal?.reason ?? abortError());
        };
        const waiter: Waiter = {
          grant: (release) => {
            signal?.removeEventListener('abort', onAbort);
            resolve(release);
          },
          onQueued: options.onQueued,
          lastPosition: 0,
        };
        queue.push(waiter);
        signal?.addEventListener('abort', onAbort, { once: true });
        notifyPositions();
      });
    },
  };
}

function abortError(): Error {
  const e = new Error('aborted while queued');
  e.name = 'AbortError';
  return e;
}

/**
 * Wrap a contender so its draws go through `limiter`. While waiting it reports
 * `{ state: 'queued', queuePosition }`; queue time is not in the result's `ms` (the inner draw
 * measures only itself). The inner draw's deadlines start once it has a slot: bound the whole
 * wait with the caller's `signal`.
 */
export function withLimit(contender: Contender, limiter: Limiter): Contender {
  const limited: Contender = {
    spec: contender.spec,
    label: contender.label,
    provider: contender.provider,
    async draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
      let release: () => void;
      try {
        release = await limiter.acquire({
          signal: options.signal,
          onQueued: (queuePosition) => options.onProgress?.({ state: 'queued', queuePosition }),
        });
      } catch {
        throw new ContenderError(
          `${contender.label} was cancelled while waiting for its turn`,
          contender.spec,
          'aborted',
        );
      }
      try {
        return await contender.draw(prompt, options);
      } finally {
        release();
      }
    },
  };
  if (contender.check) limited.check = () => contender.check!();
  // A question takes a slot like a draw (one local GPU serves one at a time); its deadline starts with the slot.
  const ask = contender.ask?.bind(contender);
  if (ask) {
    limited.ask = async (system: string, prompt: string, options: AskOptions): Promise<string> => {
      let release: () => void;
      try {
        release = await limiter.acquire({ signal: options.signal });
      } catch {
        throw new ContenderError(`${contender.label} was cancelled while waiting for its turn`, contender.spec, 'aborted');
      }
      try {
        return await ask(system, prompt, options);
      } finally {
        release();
      }
    };
  }
  return limited;
}
