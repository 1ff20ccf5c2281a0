/**
 * The images a duel is voted on: the A | B composite PNG, and the same composite as a GIF when a
 * drawing animates. Neither ever fails the process: a failure is the duel's error or a log line.
 */
import type { Logger } from 'pino';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import type { AnimatedCompositeInput, CompositeInput, Renderer } from '../model/types.js';

/**
 * The A | B composite as a GIF when a drawing animates. Never fails the duel: too big, too slow
 * or broken, it is logged and the duel is posted with its PNG (which every platform shows).
 */
export async function makeAnimated(
  renderer: Renderer,
  settings: { gifTimeoutMs?: number; gifMaxBytes?: number },
  input: AnimatedCompositeInput,
  log: Logger,
): Promise<Buffer | undefined> {
  const timeoutMs = settings.gifTimeoutMs ?? DEFAULT_SETTINGS.gifTimeoutMs;
  if (timeoutMs <= 0 || !renderer.animatedComposite || !renderer.isAnimated) return undefined;
  const moving = [input.aSvg, input.bSvg].some((svg) => svg !== null && renderer.isAnimated!(svg));
  if (!moving) return undefined;
  const started = performance.now();
  try {
    const gif = await renderer.animatedComposite(input, { timeoutMs, maxBytes: settings.gifMaxBytes });
    log.info({ bytes: gif.gif.length, frames: gif.frames, seconds: gif.seconds, ms: Math.round(performance.now() - started) }, 'animated composite made');
    return gif.gif;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), ms: Math.round(performance.now() - started) }, 'no animated composite: the duel is posted with its still image');
    return undefined;
  }
}

/**
 * The A | B image. Its failure (a timeout on a busy machine, a crashed worker) is this duel's
 * error, never a crash: people cannot vote without the image, so the duel becomes no contest,
 * and a plain image that says why stands in for it (the platforms and the gallery need one).
 */
export async function makeComposite(renderer: Renderer, input: CompositeInput, log: Logger): Promise<{ png: Buffer; error?: string }> {
  try {
    return { png: await renderer.composite(input) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const error = `${/side-by-side image/.test(why) ? why : `the side-by-side image could not be made (${why})`}; the duel is not open for votes: try again`;
    log.warn({ err: why }, 'the side-by-side image failed; the duel is no contest');
    try {
      return { png: await renderer.composite({ ...input, a: null, b: null, notice: error }), error };
    } catch (again) {
      log.error({ err: again instanceof Error ? again.message : String(again) }, 'even the plain side-by-side image failed');
      return { png: Buffer.alloc(0), error };
    }
  }
}
