/**
 * An animated GIF made inside a render worker (so neither frames nor encoding touch the bot's
 * event loop): of one drawing, or of the A | B composite with each animated side's frames.
 * Every frame is a static SVG from frame.ts, sanitized again, then rasterized by the worker's
 * resvg; the composite frame is composite.ts's own layout with that frame's side images.
 */
import type { CompositeInput } from '../../core/model/types.js';
import { compositeSvg } from '../composite.js';
import { DRAWING_BACKGROUND } from '../limits.js';
import type { SanitizedSvg, SanitizeOptions } from '../sanitize.js';
import { onCanvas } from './fixed-canvas.js';
import { FrameMeter, processCpuMs } from './frame-budget.js';
import { frameSvg, isAnimated, timelineOf, type Timeline } from './frame.js';
import { GifWriter, paletteFor } from './gif.js';
import { planLoop, type LoopOptions } from './loop.js';

/** One side of a composite: its untrusted SVG (null when it failed) and its still PNG. */
export interface SideSource {
  svg: string | null;
  png: Uint8Array | null;
  error?: string;
}

/** Mean CPU ms one frame of an animated side may cost (frame-budget.ts); omitted: no budget. */
interface Budgeted {
  frameBudgetMs?: number;
}

export type AnimationJob =
  | ({ kind: 'drawing'; svg: string; box: number; loop?: LoopOptions; maxBytes: number } & Budgeted)
  | ({
      kind: 'composite';
      a: SideSource;
      b: SideSource;
      caption: string;
      /** Side frames are drawn into box x box px (the composite's panel at the GIF's scale). */
      box: number;
      /** Width of the GIF in px: the composite's layout, scaled. */
      width: number;
      loop?: LoopOptions;
      maxBytes: number;
    } & Budgeted);

export interface AnimationResult {
  gif: Uint8Array;
  frames: number;
  seconds: number;
  width: number;
  height: number;
  /** Mean CPU ms per frame of the costliest animated side. */
  frameMs: number;
}

/** What the worker provides: resvg with its fonts, on a white page. */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
  png(): Uint8Array;
}
export type Rasterize = (svg: string, options: { width?: number; background?: string }) => Raster;
export type Sanitize = (svg: string, options: SanitizeOptions) => SanitizedSvg;

/** Thrown when the GIF would pass the byte cap; the caller falls back to the PNG. */
export class GifTooLargeError extends Error {
  readonly reason = 'too-large';
}

interface Animated {
  clean: SanitizedSvg;
  timeline: Timeline;
  /** The CPU its frames cost so far, against the frame budget. */
  meter: FrameMeter;
}

function prepare(svg: string | null, box: number, sanitize: Sanitize, meter: FrameMeter): Animated | null {
  if (!svg) return null;
  const clean = sanitize(svg, { box });
  if (!isAnimated(clean.svg)) return null;
  return { clean, timeline: timelineOf(clean.svg), meter };
}

/** What the worker does around frames; every hook is optional. */
export interface FrameHooks {
  /** Before each frame of an animated side: the CPU ms it may cost (the pool watches it while resvg blocks). */
  beforeFrame?: (allowanceMs: number, budgetMs: number) => void;
  /** Between frames: the worker collects garbage and checks its own limits. */
  afterFrame?: () => void;
  /** The process's CPU clock in ms, that frame costs are measured with. */
  cpuMs?: () => number;
  /**
   * The sanitizer each frame goes through (default: the job's sanitizer). The worker passes the
   * plain sanitizer: a frame is made from the blind form already, and is only drawn, never served.
   */
  sanitizeFrame?: Sanitize;
}

function drawFrame(side: Animated, t: number, box: number, sanitize: Sanitize, rasterize: Rasterize, hooks: FrameHooks): Raster {
  const cpuMs = hooks.cpuMs ?? processCpuMs;
  if (Number.isFinite(side.meter.allowanceMs)) hooks.beforeFrame?.(side.meter.allowanceMs, side.meter.budget);
  const started = cpuMs();
  // The frame goes through the sanitizer again: what reaches resvg is always sanitizer output.
  const still = (hooks.sanitizeFrame ?? sanitize)(frameSvg(side.clean.svg, t), { box });
  const raster = rasterize(still.svg, { width: still.width, background: DRAWING_BACKGROUND });
  side.meter.add(cpuMs() - started);
  return raster;
}

/** Make the GIF, each side's frames within the job's frame budget (frame-budget.ts). */
export function runAnimationJob(job: AnimationJob, sanitize: Sanitize, rasterize: Rasterize, hooks: FrameHooks = {}): AnimationResult {
  const afterFrame = hooks.afterFrame ?? (() => {});
  const budget = job.frameBudgetMs ?? Infinity;
  const sides: Array<{ animated: Animated | null; png: Uint8Array | null }> =
    job.kind === 'drawing'
      ? [{ animated: prepare(job.svg, job.box, sanitize, new FrameMeter(budget, 'the drawing')), png: null }]
      : [job.a, job.b].map((s, i) => {
          try {
            return { animated: prepare(s.svg, job.box, sanitize, new FrameMeter(budget, `drawing ${i === 0 ? 'A' : 'B'}`)), png: s.png };
          } catch {
            return { animated: null, png: s.png }; // a side that cannot be sanitized stays as it was drawn
          }
        });
  const moving = sides.map((s) => s.animated).filter((a): a is Animated => a !== null);
  if (moving.length === 0) throw new Error('nothing in this drawing animates');
  const timeline: Timeline = { periods: moving.flatMap((m) => m.timeline.periods), lastEnd: Math.max(...moving.map((m) => m.timeline.lastEnd)) };
  const plan = planLoop(timeline, job.loop);

  const frameAt = (t: number): Raster => {
    if (job.kind === 'drawing') return drawFrame(moving[0], t, job.box, sanitize, rasterize, hooks);
    const [a, b] = sides.map((s) => (s.animated ? Buffer.from(drawFrame(s.animated, t, job.box, sanitize, rasterize, hooks).png()) : s.png ? Buffer.from(s.png) : null));
    const input: CompositeInput = { a, b, aError: job.a.error, bError: job.b.error, caption: job.caption };
    return rasterize(compositeSvg(input), { width: job.width });
  };

  // One palette for the loop, from three frames spread over it (kept, they are frames too).
  const sampleAt = [...new Set([0, Math.floor(plan.times.length / 3), Math.floor((2 * plan.times.length) / 3)])];
  const cached = new Map<number, Raster>();
  for (const i of sampleAt) {
    cached.set(i, frameAt(plan.times[i]));
    afterFrame();
  }
  const first = cached.get(0)!;
  const writer = new GifWriter(first.width, first.height, paletteFor([...cached.values()].map((r) => r.pixels)));
  for (let i = 0; i < plan.times.length; i++) {
    const frame = cached.get(i) ?? frameAt(plan.times[i]);
    cached.delete(i);
    // A drawing that animates its own size: every frame on the first one's canvas.
    writer.add(onCanvas(frame.pixels, frame.width, frame.height, first.width, first.height), plan.delaysMs[i]);
    afterFrame();
    if (writer.size > job.maxBytes) throw new GifTooLargeError(`the animation is over ${Math.round(job.maxBytes / 1e6)} MB as a GIF`);
  }
  const gif = writer.finish();
  const frameMs = Math.max(...moving.map((m) => m.meter.meanMs));
  return { gif, frames: writer.frames, seconds: plan.seconds, width: first.width, height: first.height, frameMs: Math.round(frameMs * 10) / 10 };
}
