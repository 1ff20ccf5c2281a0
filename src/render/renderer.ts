/**
 * The Renderer port (src/core/types.ts): extract -> sanitize -> rasterize in the sandboxed pool,
 * plus the A | B composite and rasterizing the project's own SVG (charts).
 */
import { RENDER_DEFAULTS } from '../core/model/settings.js';
import type { Logger } from 'pino';
import { RenderError } from '../core/model/errors.js';
import type { AnimatedCompositeInput, AnimatedImage, AnimationOptions, CompositeInput, RenderedSvg, Renderer } from '../core/model/types.js';
import type { AnimationJob } from './animate/animation-job.js';
import { isAnimated } from './animate/frame.js';
import { MAX_REPLY_CHARS, TOO_LONG_MESSAGE } from './extract.js';
import { RenderPool } from './pool.js';

/** Largest untrusted SVG accepted, in bytes (UTF-8); checked before it is sent to a worker. */
export const MAX_SVG_BYTES = 2 * 1024 * 1024;

export interface RendererOptions {
  /** Child processes in the pool. Default: os.availableParallelism(). */
  poolSize?: number;
  /** Wall-time limit of one render in ms. Default 10 000. */
  timeoutMs?: number;
  /** Memory limit of one render worker in MB. Default 512. */
  memoryMb?: number;
  /** Default output box in px: a drawing is fitted into box x box. Default 768. */
  box?: number;
  /** An idle worker exits after this many ms. Default 10 000. */
  idleMs?: number;
  logger?: Logger;
}

/** Largest box a caller may ask for, in px (bounds the bitmap whatever the caller passes). */
export const MAX_BOX = 4096;

function asRenderError(err: unknown, what = 'the drawing'): RenderError {
  if (err instanceof RenderError) return err;
  return new RenderError(`${what} could not be rendered (${err instanceof Error ? err.message : String(err)})`, 'invalid');
}

const COMPOSITE = 'the side-by-side image';

export interface PoolRenderer extends Renderer {
  isAnimated(svg: string): boolean;
  animation(svg: string, options?: AnimationOptions & { box?: number }): Promise<AnimatedImage>;
  animatedComposite(input: AnimatedCompositeInput, options?: AnimationOptions): Promise<AnimatedImage>;
  /** The pool underneath (for diagnostics and tests). */
  readonly pool: RenderPool;
}

/** Largest animated GIF by default, in bytes: Discord's and Slack's upload limit. */
export const MAX_GIF_BYTES = RENDER_DEFAULTS.gifMaxBytes;
/** Default wall-time limit of making one GIF, in ms. */
export const GIF_TIMEOUT_MS = RENDER_DEFAULTS.gifTimeoutMs;
/**
 * The animated composite is the still one's layout at 2/3 scale (848 px wide): chat apps show it
 * about that wide, and each frame costs resvg time in proportion to its pixels. Side frames are
 * drawn at the size the composite shows them (its 592 px panel, scaled).
 */
export const ANIMATED_COMPOSITE_WIDTH = 848;
const COMPOSITE_WIDTH = 1272;
const COMPOSITE_PANEL = 592;

function loopOf(o: AnimationOptions): AnimationJob['loop'] {
  return { maxSeconds: o.maxSeconds, maxFrames: o.maxFrames };
}

export function createRenderer(options: RendererOptions = {}): PoolRenderer {
  const pool = new RenderPool({
    size: options.poolSize,
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    idleMs: options.idleMs,
    logger: options.logger,
  });
  const defaultBox = options.box ?? RENDER_DEFAULTS.box;
  const log = options.logger;

  async function animate(job: AnimationJob, opts: AnimationOptions): Promise<AnimatedImage> {
    const timeoutMs = opts.timeoutMs ?? GIF_TIMEOUT_MS;
    try {
      const out = await pool.run({ svg: '', animation: job, timeoutMs });
      if (!out.gif) throw new RenderError('the animation could not be made: the renderer returned no GIF', 'crashed');
      return { gif: out.gif, frames: out.frames ?? 0, seconds: out.seconds ?? 0, width: out.width, height: out.height };
    } catch (err) {
      const e = asRenderError(err);
      if (e.reason === 'timeout') throw new RenderError(`the animation took too long to make (over ${timeoutMs / 1000} s) and was stopped`, 'timeout');
      throw e;
    }
  }

  return {
    pool,

    async extract(replyText: string): Promise<string> {
      // Refused unread past the cap, before it is copied to a worker.
      if (replyText.length > MAX_REPLY_CHARS) throw new RenderError(TOO_LONG_MESSAGE, 'too-large');
      try {
        return await pool.extract(replyText);
      } catch (err) {
        throw asRenderError(err, 'the reply');
      }
    },

    async render(svg: string, opts?: { box?: number; at?: number }): Promise<RenderedSvg> {
      const box = Math.min(MAX_BOX, Math.max(16, Math.round(opts?.box ?? defaultBox)));
      try {
        if (typeof svg !== 'string' || svg.length === 0) throw new RenderError('no SVG to render', 'no-svg');
        // Cheap length bound first (UTF-16 units <= UTF-8 bytes), then the exact byte count.
        if (svg.length > MAX_SVG_BYTES || Buffer.byteLength(svg, 'utf8') > MAX_SVG_BYTES) {
          throw new RenderError(`the drawing is too large: over ${MAX_SVG_BYTES / 1024} KB of SVG`, 'too-large');
        }
        // Sanitized in the worker (see render-worker.mjs). White underneath: drawings assume a
        // page, and a transparent PNG looks broken on a dark chat theme.
        const at = opts?.at;
        if (at !== undefined && !(Number.isFinite(at) && at >= 0 && at <= 86_400)) throw new RenderError(`the frame time must be from 0 to 86400 seconds, not ${at}`, 'invalid');
        const out = await pool.run({ svg, box, background: '#ffffff', at });
        if (out.removed && out.removed.length > 0) {
          log?.info({ removed: [...new Set(out.removed)].slice(0, 20) }, 'sanitizer removed unsafe parts of a drawing');
        }
        return { png: out.png, svg: out.svg ?? '', width: out.width, height: out.height };
      } catch (err) {
        throw asRenderError(err);
      }
    },

    async composite(input: CompositeInput): Promise<Buffer> {
      try {
        return await pool.composite(input);
      } catch (err) {
        throw asRenderError(err, COMPOSITE);
      }
    },

    isAnimated(svg: string): boolean {
      return isAnimated(svg);
    },

    async animation(svg: string, opts: AnimationOptions & { box?: number } = {}): Promise<AnimatedImage> {
      const box = Math.min(MAX_BOX, Math.max(16, Math.round(opts.box ?? defaultBox)));
      if (typeof svg !== 'string' || svg.length === 0) throw new RenderError('no SVG to render', 'no-svg');
      if (svg.length > MAX_SVG_BYTES || Buffer.byteLength(svg, 'utf8') > MAX_SVG_BYTES) {
        throw new RenderError(`the drawing is too large: over ${MAX_SVG_BYTES / 1024} KB of SVG`, 'too-large');
      }
      return animate({ kind: 'drawing', svg, box, loop: loopOf(opts), maxBytes: opts.maxBytes ?? MAX_GIF_BYTES }, opts);
    },

    async animatedComposite(input: AnimatedCompositeInput, opts: AnimationOptions = {}): Promise<AnimatedImage> {
      const side = (svg: string | null, png: Buffer | null, error?: string) => ({ svg: svg && svg.length <= MAX_SVG_BYTES ? svg : null, png, error });
      return animate(
        {
          kind: 'composite',
          a: side(input.aSvg, input.a, input.aError),
          b: side(input.bSvg, input.b, input.bError),
          caption: input.caption,
          box: Math.round((COMPOSITE_PANEL * ANIMATED_COMPOSITE_WIDTH) / COMPOSITE_WIDTH),
          width: ANIMATED_COMPOSITE_WIDTH,
          loop: loopOf(opts),
          maxBytes: opts.maxBytes ?? MAX_GIF_BYTES,
        },
        opts,
      );
    },

    async renderTrusted(svg: string): Promise<Buffer> {
      try {
        return (await pool.run({ svg, trusted: true, subject: 'the image' })).png;
      } catch (err) {
        throw asRenderError(err, 'the image');
      }
    },

    close(): Promise<void> {
      return pool.close();
    },
  };
}
