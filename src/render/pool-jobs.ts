/**
 * What the render pool (pool.ts) is asked to do and what its workers (render-worker.mjs) answer:
 * the job and result types callers use, and the messages on the IPC channel.
 */
import type { RenderError, RenderErrorReason } from '../core/model/errors.js';
import type { CompositeInput } from '../core/model/types.js';
import type { DrawingFeatures } from '../core/model/drawing-features.js';
import type { AnimationJob } from './animate/animation-job.js';

/**
 * The pool's two lanes, each with its own workers and queue: 'still' for the renders a duel
 * waits on (a drawing, its frame at t, the A | B image, a reply's search, charts), 'frames' for
 * making GIFs, which can take a minute and must never hold a still render back.
 */
export type Lane = 'still' | 'frames';

export interface RasterJob {
  svg: string;
  /**
   * true: the project's own SVG, rasterized as is. false/omitted: untrusted, sanitized in the
   * worker first and fitted into `box`.
   */
  trusted?: boolean;
  /** Untrusted only: fit into box x box px. Default 768. */
  box?: number;
  /** Trusted only: output width in px (resvg fitTo width); omitted: the SVG's own size. */
  width?: number;
  /** CSS colour painted under the drawing; omitted: transparent. */
  background?: string;
  /** What is being drawn, in words for error messages ("the side-by-side image"). Default "the drawing". */
  subject?: string;
  /** Untrusted only: draw the frame of an animated drawing at this time, in seconds. */
  at?: number;
  /** Make an animated GIF instead of a PNG (see animate/animation-job.ts); runs in the 'frames' lane. */
  animation?: AnimationJob;
  /** Wall-time limit of this job in ms; default: the pool's. */
  timeoutMs?: number;
  /** The setting that sets `timeoutMs`, named when the job is stopped. Default DUEL_RENDER_TIMEOUT. */
  timeoutSetting?: string;
}

export interface RasterResult {
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** Untrusted jobs: the sanitized SVG that was rendered, and what the sanitizer removed. */
  svg?: string;
  /** Untrusted jobs: the text the blind form draws, in reading order (blind/drawn-text.ts). */
  text?: string;
  removed?: string[];
  /** Untrusted jobs: the blind form's features (features/drawing-features.ts); absent if they could not be measured. */
  features?: DrawingFeatures;
  /** Animation jobs: the GIF (png is then empty), its frame count and loop length in seconds. */
  gif?: Buffer;
  frames?: number;
  seconds?: number;
  /** Animation jobs: mean CPU ms per frame of the costliest animated side. */
  frameMs?: number;
}

/** What a worker is asked to do (render-worker.mjs answers each with one Reply). */
export type Request =
  | { op: 'raster'; svg: string; trusted: boolean; box?: number; width?: number; background?: string; subject?: string; at?: number; animation?: AnimationJob }
  | { op: 'extract'; text: string }
  | { op: 'features'; svg: string }
  | { op: 'composite'; input: CompositeInput };

export type Reply =
  | { ready: true }
  | { id: number; frame: FrameStart }
  | ({ id: number; ok: true; png?: Uint8Array; width?: number; height?: number; svg?: string; text?: string; removed?: string[]; features?: DrawingFeatures; gif?: Uint8Array; frames?: number; seconds?: number; frameMs?: number } & WorkerCpu)
  | ({ id: number; ok: false; reason: RenderErrorReason; message: string } & WorkerCpu);

/**
 * Sent by a worker as it starts a frame of a GIF, before resvg blocks it: its CPU clock then, and
 * how much CPU the frame may take before the drawing's frames pass their budget (frame-budget.ts).
 */
export interface FrameStart {
  cpuMs: number;
  allowMs: number;
  budgetMs: number;
}

/** Every answer carries the CPU time the worker process has used so far, in ms (for retiring it before its ceiling). */
interface WorkerCpu {
  cpuMs?: number;
}

export type Done = Extract<Reply, { ok: true }>;

export interface Job {
  id: number;
  lane: Lane;
  request: Request;
  /** What is being worked on and the verb, for error messages: "the drawing" took too long to "render". */
  subject: string;
  verb: string;
  /** Wall-time limit in ms; default: the pool's. */
  timeoutMs?: number;
  timeoutSetting?: string;
  /** performance.now() when a worker took the job; unset while it waits in its lane's queue. */
  startedAt?: number;
  resolve: (r: Done) => void;
  reject: (e: RenderError) => void;
}

/** What a job was, for metrics: a drawing (or its frame), a GIF, the project's own image, a reply searched, a drawing measured, the A | B image. */
export type JobKind = 'drawing' | 'animation' | 'trusted' | 'extract' | 'features' | 'composite';

/** A finished job, told to the pool's owner (PoolOptions.onJob): the time from a worker taking it to its answer or death. */
export interface JobTiming {
  lane: Lane;
  kind: JobKind;
  ms: number;
  ok: boolean;
}

function jobKind(request: Request): JobKind {
  if (request.op !== 'raster') return request.op;
  return request.animation ? 'animation' : request.trusted ? 'trusted' : 'drawing';
}

/**
 * The job, telling `onJob` how long it ran once it is answered. A job that never left the queue
 * (the pool closed first) tells nothing: it never rendered. A failing listener never fails a render.
 */
export function withTiming(job: Job, onJob: ((t: JobTiming) => void) | undefined): Job {
  if (!onJob) return job;
  const tell = (ok: boolean) => {
    if (timed.startedAt === undefined) return;
    try {
      onJob({ lane: job.lane, kind: jobKind(job.request), ms: performance.now() - timed.startedAt, ok });
    } catch {
      // metrics only
    }
  };
  const timed: Job = {
    ...job,
    resolve: (r) => {
      tell(true);
      job.resolve(r);
    },
    reject: (e) => {
      tell(false);
      job.reject(e);
    },
  };
  return timed;
}
