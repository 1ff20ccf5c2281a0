/**
 * A pool of sandboxed rasterizing child processes. resvg is native code fed with drawings from
 * models: it can panic (abort the process), allocate gigabytes, or spin for a minute. So each
 * render runs in a child process with a wall-time limit and a memory limit, both enforced by
 * SIGKILL, and the caller only ever sees a RenderError. Workers start on demand and exit after a
 * while idle; dead ones are replaced; jobs wait in a FIFO queue for a free worker. The heavy work
 * (searching a reply for its SVG, sanitizing, building the A | B image, rasterizing) all happens in
 * the workers: the parent's event loop only passes messages.
 */
import { defaultRenderWorkers, RENDER_DEFAULTS } from '../core/model/settings.js';
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { RenderError, type RenderErrorReason } from '../core/model/errors.js';
import type { CompositeInput } from '../core/model/types.js';
import { makeSandboxDir } from './sandbox-dir.js';
import type { AnimationJob } from './animate/animation-job.js';
import { workerLibrary } from './worker-bundle-path.js';

const WORKER = fileURLToPath(new URL('./render-worker.mjs', import.meta.url));
const PRLIMIT = '/usr/bin/prlimit';
/** Virtual address space Node itself reserves before any render (V8 heap cages, code range). */
const NODE_VIRTUAL_OVERHEAD_MB = 1024;
const MEMORY_POLL_MS = 25;
const WORKER_NICE = 10;
/** Longest string sent to a worker in one message, in UTF-16 code units. */
const SLICE_CHARS = 256 * 1024;

export interface PoolOptions {
  /** Number of child processes. Default: os.availableParallelism(). */
  size?: number;
  /** Wall-time limit of one render in ms. Default 10 000. */
  timeoutMs?: number;
  /** Resident memory limit of one worker in MB. Default 512. */
  memoryMb?: number;
  /**
   * Also cap each worker's address space with prlimit (catches one huge allocation at once; the
   * RSS poll catches the rest). Default: true when /usr/bin/prlimit exists.
   */
  prlimit?: boolean;
  /** A worker is recycled after this many renders, to bound slow leaks. Default 500. */
  maxJobsPerWorker?: number;
  /** A worker idle this long (ms) exits, giving its memory back; the next job starts one. Default 10 000. */
  idleMs?: number;
  logger?: Logger;
}

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
  /** Make an animated GIF instead of a PNG (see animate/animation-job.ts). */
  animation?: AnimationJob;
  /** Wall-time limit of this job in ms; default: the pool's. */
  timeoutMs?: number;
}

export interface RasterResult {
  png: Buffer;
  /** Pixel size of the PNG. */
  width: number;
  height: number;
  /** Untrusted jobs: the sanitized SVG that was rendered, and what the sanitizer removed. */
  svg?: string;
  removed?: string[];
  /** Animation jobs: the GIF (png is then empty), its frame count and loop length in seconds. */
  gif?: Buffer;
  frames?: number;
  seconds?: number;
}

/** What a worker is asked to do (render-worker.mjs answers each with one Reply). */
type Request =
  | { op: 'raster'; svg: string; trusted: boolean; box?: number; width?: number; background?: string; subject?: string; at?: number; animation?: AnimationJob }
  | { op: 'extract'; text: string }
  | { op: 'composite'; input: CompositeInput };

type Done = Extract<Reply, { ok: true }>;

interface Job {
  id: number;
  request: Request;
  /** What is being worked on and the verb, for error messages: "the drawing" took too long to "render". */
  subject: string;
  verb: string;
  /** Wall-time limit in ms; default: the pool's. */
  timeoutMs?: number;
  resolve: (r: Done) => void;
  reject: (e: RenderError) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  jobs: number;
  /** Why we killed it, if we did. */
  killedFor: 'timeout' | 'out-of-memory' | 'retired' | 'idle' | 'closed' | null;
  stderr: string;
  timer: NodeJS.Timeout | null;
  poll: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

type Reply =
  | { ready: true }
  | { id: number; ok: true; png?: Uint8Array; width?: number; height?: number; svg?: string; removed?: string[]; gif?: Uint8Array; frames?: number; seconds?: number }
  | { id: number; ok: false; reason: RenderErrorReason; message: string };

const CLOSED_MESSAGE = 'the renderer is shut down; try again after a restart';

export class RenderPool {
  readonly size: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly idleMs: number;
  private readonly maxJobs: number;
  private readonly log?: Logger;
  private readonly workers = new Set<Worker>();
  private readonly queue: Job[] = [];
  private readonly sandboxDir: string;
  private readonly usePrlimit: boolean;
  private readonly sanitizerBundle: string;
  private nextId = 1;
  private startFailures = 0;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultRenderWorkers());
    this.timeoutMs = options.timeoutMs ?? RENDER_DEFAULTS.timeoutMs;
    this.memoryMb = options.memoryMb ?? RENDER_DEFAULTS.memoryMb;
    this.maxJobs = options.maxJobsPerWorker ?? 500;
    this.idleMs = options.idleMs ?? 10_000;
    this.log = options.logger;
    // Workers run in an empty directory, so even a relative path that slipped through finds nothing.
    this.sandboxDir = makeSandboxDir(this.log);
    this.sanitizerBundle = workerLibrary(this.sandboxDir);
    this.usePrlimit = (options.prlimit ?? true) && existsSync(PRLIMIT);
    if (!this.usePrlimit && options.prlimit !== false) this.log?.warn('prlimit not found: render memory is limited by polling RSS only');
  }

  /** Rasterize in a worker. Rejects with RenderError (timeout, out-of-memory, crashed, invalid, closed). */
  async run(job: RasterJob): Promise<RasterResult> {
    const { svg, trusted = false, box, width, background, subject, at, animation } = job;
    const m = await this.enqueue({ op: 'raster', svg, trusted, box, width, background, subject, at, animation }, subject ?? 'the drawing', 'render', job.timeoutMs);
    const gif = m.gif ? asBuffer(m.gif) : undefined;
    return { png: asBuffer(m.png!), width: m.width!, height: m.height!, svg: m.svg, removed: m.removed, gif, frames: m.frames, seconds: m.seconds };
  }

  /** The drawing in a model's reply (extract.ts), searched in a worker: a long reply never stalls the caller. */
  async extract(text: string): Promise<string> {
    return (await this.enqueue({ op: 'extract', text }, 'the reply', 'search for a drawing')).svg!;
  }

  /** The A | B image (composite.ts), laid out and rasterized in a worker. */
  async composite(input: CompositeInput): Promise<Buffer> {
    return asBuffer((await this.enqueue({ op: 'composite', input }, 'the side-by-side image', 'render')).png!);
  }

  private enqueue(request: Request, subject: string, verb: string, timeoutMs?: number): Promise<Done> {
    if (this.closed) return Promise.reject(new RenderError(CLOSED_MESSAGE, 'closed'));
    return new Promise<Done>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, request, subject, verb, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Process ids of the live workers (for tests and diagnostics). */
  pids(): number[] {
    return [...this.workers].map((w) => w.child.pid).filter((p): p is number => p !== undefined);
  }

  /** Pid of the worker busy with a render, if any. */
  busyPids(): number[] {
    return [...this.workers].filter((w) => w.job).map((w) => w.child.pid!).filter(Boolean);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new RenderError(CLOSED_MESSAGE, 'closed'));
    await Promise.all(
      [...this.workers].map(
        (w) =>
          new Promise<void>((done) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return done();
            w.child.once('exit', () => done());
            this.hold(w, true); // an idle worker is unref'd: its exit must still be awaited
            w.killedFor = 'closed';
            w.child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.sandboxDir, { recursive: true, force: true });
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = [...this.workers].find((w) => w.ready && !w.job && !w.killedFor);
      if (idle) {
        this.dispatch(idle, this.queue.shift()!);
        continue;
      }
      const starting = [...this.workers].filter((w) => !w.ready).length;
      if (this.workers.size < this.size && starting < this.queue.length) {
        this.spawn();
        continue;
      }
      break;
    }
  }

  private spawn(): void {
    // Without the trap handler V8 bounds-checks WebAssembly memory instead of reserving 10 GB of
    // address space for it, which the address-space limit would refuse (HarfBuzz runs as wasm).
    const node = ['--disable-wasm-trap-handler'];
    const execArgv = this.usePrlimit ? [`--as=${(this.memoryMb + NODE_VIRTUAL_OVERHEAD_MB) * 1024 * 1024}`, '--', process.execPath, ...node] : node;
    const child = fork(WORKER, [this.sanitizerBundle], {
      execPath: this.usePrlimit ? PRLIMIT : process.execPath,
      execArgv,
      cwd: this.sandboxDir,
      // No inherited environment: no secrets, no NODE_OPTIONS loaders from a test runner.
      env: {},
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    // Rendering is batch work: below the parent, so the bot's event loop gets a core first.
    try {
      if (child.pid !== undefined) setPriority(child.pid, WORKER_NICE);
    } catch {
      // not permitted here: run at normal priority
    }
    const w: Worker = { child, ready: false, job: null, jobs: 0, killedFor: null, stderr: '', timer: null, poll: null, idle: null };
    this.workers.add(w);
    child.stderr?.on('data', (d: Buffer) => {
      w.stderr = (w.stderr + d.toString('utf8')).slice(-4000);
    });
    child.on('message', (m: Reply) => this.onMessage(w, m));
    child.on('error', (err) => this.log?.warn({ err: err.message }, 'render worker error'));
    child.on('exit', (code, signal) => this.onExit(w, code, signal));
  }

  /** An idle worker must not keep the parent process alive; a starting or busy one must. */
  private hold(w: Worker, on: boolean): void {
    const op = on ? 'ref' : 'unref';
    w.child[op]();
    (w.child.channel as { ref?: () => void; unref?: () => void } | undefined)?.[op]?.();
    (w.child.stderr as { ref?: () => void; unref?: () => void } | null)?.[op]?.();
  }

  private dispatch(w: Worker, job: Job): void {
    w.job = job;
    w.stderr = '';
    if (w.idle) clearTimeout(w.idle);
    w.idle = null;
    this.hold(w, true);
    w.timer = setTimeout(() => this.kill(w, 'timeout'), job.timeoutMs ?? this.timeoutMs);
    w.poll = setInterval(() => void this.checkMemory(w), MEMORY_POLL_MS);
    w.poll.unref();
    void this.send(w, job);
  }

  /**
   * Hand a job to its worker. A long text (a reply of megabytes, a large SVG) goes in slices,
   * one per turn of the event loop: serializing it in one message would hold the loop for as
   * long as copying it all takes. The worker joins the slices in order before the job.
   */
  private async send(w: Worker, job: Job): Promise<void> {
    const { request } = job;
    const field = request.op === 'extract' ? 'text' : request.op === 'raster' ? 'svg' : null;
    const long = field ? (request as Record<string, unknown>)[field] : null;
    const write = (msg: object) => new Promise<void>((done) => w.child.send(msg, () => done()));
    try {
      if (field && typeof long === 'string' && long.length > SLICE_CHARS) {
        let at = 0;
        for (; at < long.length - SLICE_CHARS; at += SLICE_CHARS) {
          if (w.job !== job || w.killedFor) return;
          await write({ id: job.id, op: 'part', text: long.slice(at, at + SLICE_CHARS) });
        }
        if (w.job !== job || w.killedFor) return;
        await write({ id: job.id, ...request, [field]: long.slice(at) });
      } else await write({ id: job.id, ...request });
    } catch {
      // the worker died meanwhile: onExit answers the job
    }
  }

  private async checkMemory(w: Worker): Promise<void> {
    const pid = w.child.pid;
    if (!w.job || pid === undefined) return;
    try {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      if (kb > this.memoryMb * 1024 && w.job) this.kill(w, 'out-of-memory');
    } catch {
      // the process is already gone; onExit handles it
    }
  }

  private kill(w: Worker, why: NonNullable<Worker['killedFor']>): void {
    if (w.killedFor) return;
    w.killedFor = why;
    this.clearTimers(w);
    w.child.kill('SIGKILL');
  }

  private clearTimers(w: Worker): void {
    if (w.timer) clearTimeout(w.timer);
    if (w.poll) clearInterval(w.poll);
    if (w.idle) clearTimeout(w.idle);
    w.timer = w.poll = w.idle = null;
  }

  /** A worker with nothing to do: let the parent exit without it, and end it after idleMs. */
  private rest(w: Worker): void {
    if (w.job || w.killedFor) return;
    this.hold(w, false);
    if (w.idle) clearTimeout(w.idle);
    w.idle = setTimeout(() => {
      if (!w.job) this.kill(w, 'idle');
    }, this.idleMs);
    w.idle.unref();
  }

  private onMessage(w: Worker, m: Reply): void {
    if ('ready' in m) {
      w.ready = true;
      this.startFailures = 0;
      this.pump();
      this.rest(w);
      return;
    }
    const job = w.job;
    if (!job || job.id !== m.id) return;
    this.clearTimers(w);
    w.job = null;
    w.jobs++;
    if (m.ok) job.resolve(m);
    else job.reject(new RenderError(m.message, m.reason));
    if (w.jobs >= this.maxJobs) this.kill(w, 'retired');
    this.pump();
    this.rest(w);
  }

  private onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.clearTimers(w);
    this.workers.delete(w);
    const job = w.job;
    w.job = null;
    if (job) {
      const err = this.deathError(w, job);
      this.log?.warn({ pid: w.child.pid, code, signal, reason: err.reason, stderr: w.stderr.slice(-500) }, 'render worker died');
      job.reject(err);
    } else if (!w.ready && !w.killedFor) {
      // Died before it could say "ready": a broken install would respawn forever, so give up after 3.
      this.startFailures++;
      this.log?.error({ code, signal, stderr: w.stderr.slice(-500) }, 'render worker failed to start');
      if (this.startFailures >= 3) {
        // The error line of Node's crash report (its last lines are the error's fields and the
        // Node version), else the last line that says anything.
        const lines = w.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^Node\.js v\d/.test(l));
        const detail = lines.findLast((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines.pop() ?? `exit ${code ?? signal}`;
        const message = `the renderer could not start (${detail}): reinstall with \`npm ci\` and check the server log`;
        for (const q of this.queue.splice(0)) q.reject(new RenderError(message, 'crashed'));
      }
    }
    this.pump();
  }

  private deathError(w: Worker, job: Job): RenderError {
    const { subject: what, verb } = job;
    if (w.killedFor === 'timeout') {
      return new RenderError(`${what} took too long to ${verb} (over ${(job.timeoutMs ?? this.timeoutMs) / 1000} s, DUEL_RENDER_TIMEOUT) and was stopped`, 'timeout');
    }
    if (w.killedFor === 'out-of-memory' || /memory allocation of \d+ bytes failed|out of memory|Cannot allocate memory/i.test(w.stderr)) {
      return new RenderError(`${what} needed too much memory to ${verb} (over ${this.memoryMb} MB, DUEL_RENDER_MEMORY_MB) and was stopped`, 'out-of-memory');
    }
    if (w.killedFor === 'closed') return new RenderError(CLOSED_MESSAGE, 'closed');
    return new RenderError(`${what} could not be ${verb === 'render' ? 'rendered' : 'read'}: the renderer crashed on it`, 'crashed');
  }
}

/** A PNG from a worker as a Buffer, without copying it again. */
function asBuffer(png: Uint8Array): Buffer {
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}
