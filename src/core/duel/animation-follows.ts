/**
 * The animated composite follows the vote: a duel opens on its still composite, and its GIF is
 * made afterwards, stored when ready and handed to whoever shows the duel (the chat sequence edits
 * the posted image, the web swaps it in). A slow or hostile animation therefore delays nothing but
 * its own GIF; a GIF that fails or runs out of time leaves the PNG, with a log line.
 */
import type { Logger } from 'pino';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import type { AnimatedCompositeInput, Renderer } from '../model/types.js';
import type { Store } from '../store/port.js';

/** A turn for one animated composite at a time (or `size` at once); the rest wait in order. */
export class AnimationTurns {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= Math.max(1, this.size)) await new Promise<void>((r) => this.waiting.push(r));
    else this.running++;
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

export interface AnimationFollowDeps {
  store: Pick<Store, 'putImage' | 'setFrameMs'>;
  /** Animated composites wait their turn here, so GIFs never take every render worker. */
  animationTurns: AnimationTurns;
  renderer: Renderer;
  settings: { gifTimeoutMs?: number; gifMaxBytes?: number };
  /** Aborted when the engine stops: the GIF is given up (never stored into a closing store). */
  shutdown: AbortSignal;
}

/** Whether a duel's drawings call for an animated composite at all (the renderer's cheap rule, no rendering). */
export function wantsAnimation(renderer: Renderer, settings: { gifTimeoutMs?: number }, input: Pick<AnimatedCompositeInput, 'aSvg' | 'bSvg'>): boolean {
  const timeoutMs = settings.gifTimeoutMs ?? DEFAULT_SETTINGS.gifTimeoutMs;
  if (timeoutMs <= 0 || !renderer.animatedComposite || !renderer.isAnimated) return false;
  return [input.aSvg, input.bSvg].some((svg) => svg !== null && renderer.isAnimated!(svg));
}

/**
 * Make the animated composite of an opened duel and store it (with its measured frame cost).
 * Resolves with the stored GIF, or undefined when none was made; never rejects.
 */
export async function followWithAnimation(deps: AnimationFollowDeps, duelId: string, input: AnimatedCompositeInput, log: Logger): Promise<Buffer | undefined> {
  const timeoutMs = deps.settings.gifTimeoutMs ?? DEFAULT_SETTINGS.gifTimeoutMs;
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    // Given up at shutdown while it waits for its turn too; its turn then passes on at once.
    const made = deps.animationTurns.run(() => (deps.shutdown.aborted ? Promise.reject(new Error('the engine stopped')) : deps.renderer.animatedComposite!(input, { timeoutMs, maxBytes: deps.settings.gifMaxBytes })));
    const gif = await untilShutdown(made, deps.shutdown);
    if (!gif) {
      log.info({ ms: ms() }, 'the engine stopped before the animated composite was made; the duel keeps its still image');
      return undefined;
    }
    await deps.store.putImage(duelId, 'animated', gif.gif);
    if (gif.frameMs !== undefined) await deps.store.setFrameMs(duelId, gif.frameMs);
    log.info({ bytes: gif.gif.length, frames: gif.frames, seconds: gif.seconds, frameMs: gif.frameMs, ms: ms() }, 'animated composite made');
    return gif.gif;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), ms: ms() }, 'no animated composite: the duel keeps its still image');
    return undefined;
  }
}

/** The promise's value, or undefined as soon as `signal` aborts (the promise's own outcome is then ignored). */
function untilShutdown<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
