/**
 * The Renderer port (src/core/model/types.ts): extract -> sanitize -> blind form (and its features) -> rasterize in
 * the sandboxed pool, the features of stored drawings, plus the A | B composite and rasterizing the project's own SVG (charts).
 */
import { RENDER_DEFAULTS } from '../core/model/settings.js';
import type { Logger } from 'pino';
import { RenderError } from '../core/model/errors.js';
import type { AnimatedCompositeInput, AnimatedImage, AnimationOptions, CompositeInput, RenderedSvg, Renderer } from '../core/model/types.js';
import type { DrawingFeatures } from '../core/model/drawing-features.js';
import type { AnimationJob } from './animate/animation-job.js';
import { isAnimated } from './animate/frame.js';
import { COMPOSITE_DRAWING_SIZE, COMPOSITE_WIDTH } from './composite.js';
import { MAX_REPLY_CHARS, TOO_LONG_MESSAGE } from './extract.js';
import { DRAWING_BACKGROUND, MAX_BOX, MAX_FRAME_SECONDS, MIN_BOX } from './limits.js';
import { RenderPool, type JobTiming, type Lane } from './pool.js';
import { checkSvgSize, DEFAULT_MAX_INPUT_BYTES } from './sanitize.js';

export interface RendererOptions {
  /** Child processes of the still lane. Default: os.availableParallelism(). */
  poolSize?: number;
  /** Child processes of the animation-frame lane. Default: half the still ones, at least 1. */
  frameWorkers?: number;
  /** Mean CPU ms one frame of one animated drawing may cost before its GIF is given up. Default RENDER_DEFAULTS.frameBudgetMs. */
  frameBudgetMs?: number;
  /** Wall-time limit of one render in ms. Default 10 000. */
  timeoutMs?: number;
  /** Memory limit of one render worker in MB. Default 512. */
  memoryMb?: number;
  /** Default output box in px: a drawing is fitted into box x box. Default 768. */
  box?: number;
  /** An idle worker exits after this many ms. Default 10 000. */
  idleMs?: number;
  logger?: Logger;
  /** Told of each job the pool's workers answered, with its time (the server's /metrics). */
  onJob?: (timing: JobTiming) => void;
}

function asRenderError(err: unknown, what = 'the drawing'): RenderError {
  if (err instanceof RenderError) return err;
  return new RenderError(`${what} could not be rendered (${err instanceof Error ? err.message : String(err)})`, 'invalid');
}

const COMPOSITE = 'the side-by-side image';

export interface PoolRenderer extends Renderer {
  features(svg: string): Promise<DrawingFeatures>;
  isAnimated(svg: string): boolean;
  animation(svg: string, options?: AnimationOptions & { box?: number }): Promise<AnimatedImage>;
  animatedComposite(input: AnimatedCompositeInput, options?: AnimationOptions): Promise<AnimatedImage>;
  /** Jobs waiting for a worker, per lane (the server's render queue gauge). */
  waiting(): Record<Lane, number>;
  /** The pool underneath (for diagnostics and tests). */
  readonly pool: RenderPool;
}

/**
 * The animated composite is the still one's layout at 2/3 scale (848 px wide): chat apps show it
 * about that wide, and each frame costs resvg time in proportion to its pixels. Side frames are
 * drawn at the size the composite shows them (its panel's drawing, scaled).
 */
export const ANIMATED_COMPOSITE_WIDTH = 848;

/** The box of one request (the renderer's default when none is given), bounded to MIN_BOX..MAX_BOX. */
function clampBox(box: number): number {
  return Math.min(MAX_BOX, Math.max(MIN_BOX, Math.round(box)));
}

/** Refuse an untrusted SVG before it is copied to a worker: nothing, or more than the sanitizer accepts. */
function checkUntrusted(svg: string): void {
  if (typeof svg !== 'string' || svg.length === 0) throw new RenderError('no SVG to render', 'no-svg');
  checkSvgSize(svg);
}

function checkFrameTime(at: number | undefined): void {
  if (at !== undefined && !(Number.isFinite(at) && at >= 0 && at <= MAX_FRAME_SECONDS)) {
    throw new RenderError(`the frame time must be from 0 to ${MAX_FRAME_SECONDS} seconds, not ${at}`, 'invalid');
  }
}

function loopOf(o: AnimationOptions): NonNullable<AnimationJob['loop']> {
  return { maxSeconds: o.maxSeconds, maxFrames: o.maxFrames };
}

/** One untrusted drawing (or its frame at `at` seconds) as a PNG: sanitized and rasterized in a worker. */
async function renderDrawing(pool: RenderPool, log: Logger | undefined, svg: string, box: number, at: number | undefined): Promise<RenderedSvg> {
  try {
    checkUntrusted(svg);
    checkFrameTime(at);
    const out = await pool.run({ svg, box, background: DRAWING_BACKGROUND, at });
    if (out.removed && out.removed.length > 0) {
      log?.info({ removed: [...new Set(out.removed)].slice(0, 20) }, 'sanitizer removed unsafe parts of a drawing');
    }
    const drawn: RenderedSvg = { png: out.png, svg: out.svg ?? '', text: out.text ?? '', width: out.width, height: out.height };
    if (out.features) drawn.features = out.features;
    return drawn;
  } catch (err) {
    throw asRenderError(err);
  }
}

/**
 * A stored SVG is a blind form, which can be a little longer than the input it came from (names
 * and escapes): refused only well past the input cap, before it is copied to a worker.
 */
const MAX_STORED_SVG_BYTES = 2 * DEFAULT_MAX_INPUT_BYTES;

/** The features of a stored (blind) SVG, measured in a worker: it may be megabytes. */
async function measureStored(pool: RenderPool, svg: string): Promise<DrawingFeatures> {
  try {
    if (typeof svg !== 'string' || svg.length === 0) throw new RenderError('no SVG to measure', 'no-svg');
    checkSvgSize(svg, MAX_STORED_SVG_BYTES);
    return await pool.features(svg);
  } catch (err) {
    throw asRenderError(err, 'the stored drawing');
  }
}

/** Run an animation job in a worker: the GIF, or a RenderError saying why not. */
async function runAnimation(pool: RenderPool, job: AnimationJob, opts: AnimationOptions): Promise<AnimatedImage> {
  const timeoutMs = opts.timeoutMs ?? RENDER_DEFAULTS.gifTimeoutMs;
  try {
    const out = await pool.run({ svg: '', animation: job, timeoutMs, timeoutSetting: 'DUEL_GIF_TIMEOUT', subject: 'the animation' });
    if (!out.gif) throw new RenderError('the animation could not be made: the renderer returned no GIF', 'crashed');
    return { gif: out.gif, frames: out.frames ?? 0, seconds: out.seconds ?? 0, width: out.width, height: out.height, frameMs: out.frameMs };
  } catch (err) {
    throw asRenderError(err, 'the animation');
  }
}

/** The job of an animated A | B image; a side whose SVG is missing or too large stays still. */
function compositeAnimationJob(input: AnimatedCompositeInput, opts: AnimationOptions, frameBudgetMs: number): AnimationJob {
  const side = (svg: string | null, png: Buffer | null, error?: string) => ({ svg: svg && svg.length <= DEFAULT_MAX_INPUT_BYTES ? svg : null, png, error });
  return {
    kind: 'composite',
    a: side(input.aSvg, input.a, input.aError),
    b: side(input.bSvg, input.b, input.bError),
    caption: input.caption,
    box: Math.round((COMPOSITE_DRAWING_SIZE * ANIMATED_COMPOSITE_WIDTH) / COMPOSITE_WIDTH),
    width: ANIMATED_COMPOSITE_WIDTH,
    loop: loopOf(opts),
    maxBytes: opts.maxBytes ?? RENDER_DEFAULTS.gifMaxBytes,
    frameBudgetMs,
  };
}

export function createRenderer(options: RendererOptions = {}): PoolRenderer {
  const pool = new RenderPool({
    size: options.poolSize,
    frameWorkers: options.frameWorkers,
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    idleMs: options.idleMs,
    logger: options.logger,
    onJob: options.onJob,
  });
  const defaultBox = options.box ?? RENDER_DEFAULTS.box;
  const frameBudgetMs = options.frameBudgetMs ?? RENDER_DEFAULTS.frameBudgetMs;

  return {
    pool,
    waiting: () => ({ still: pool.waiting('still'), frames: pool.waiting('frames') }),

    async extract(replyText: string): Promise<string> {
      // Refused unread past the cap, before it is copied to a worker.
      if (replyText.length > MAX_REPLY_CHARS) throw new RenderError(TOO_LONG_MESSAGE, 'too-large');
      try {
        return await pool.extract(replyText);
      } catch (err) {
        throw asRenderError(err, 'the reply');
      }
    },

    // Sanitized in the worker (see render-worker.mjs).
    render: (svg, opts) => renderDrawing(pool, options.logger, svg, clampBox(opts?.box ?? defaultBox), opts?.at),

    async composite(input: CompositeInput): Promise<Buffer> {
      try {
        return await pool.composite(input);
      } catch (err) {
        throw asRenderError(err, COMPOSITE);
      }
    },

    isAnimated,

    features: (svg) => measureStored(pool, svg),

    async animation(svg: string, opts: AnimationOptions & { box?: number } = {}): Promise<AnimatedImage> {
      const box = clampBox(opts.box ?? defaultBox);
      checkUntrusted(svg);
      return runAnimation(pool, { kind: 'drawing', svg, box, loop: loopOf(opts), maxBytes: opts.maxBytes ?? RENDER_DEFAULTS.gifMaxBytes, frameBudgetMs }, opts);
    },

    animatedComposite: async (input, opts = {}) => runAnimation(pool, compositeAnimationJob(input, opts, frameBudgetMs), opts),

    async renderTrusted(svg: string): Promise<Buffer> {
      try {
        return (await pool.run({ svg, trusted: true, subject: 'the image' })).png;
      } catch (err) {
        throw asRenderError(err, 'the image');
      }
    },

    close: () => pool.close(),
  };
}
