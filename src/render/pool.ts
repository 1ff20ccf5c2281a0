/**
 * A pool of sandboxed rasterizing child processes. resvg is native code fed with drawings from
 * models: it can panic (abort the process), allocate gigabytes, or spin for a minute. So each
 * render runs in a child process with a wall-time limit and a memory limit, both enforced by
 * SIGKILL, and the caller only ever sees a RenderError. Workers start on demand and exit after a
 * while idle; dead ones are replaced; jobs wait in a FIFO queue for a free worker of their lane:
 * GIF frames have their own workers ('frames'), so a still render never waits behind a slow
 * animation (pool-jobs.ts). Workers die with the pool's process (worker-command.ts). The heavy work
 * (searching a reply for its SVG, sanitizing, building the A | B image, rasterizing) all happens in
 * the workers: the parent's event loop only passes messages.
 */
import { defaultFrameWorkers, defaultRenderWorkers, RENDER_DEFAULTS } from '../core/model/settings.js';
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { RenderError } from '../core/model/errors.js';
import type { CompositeInput } from '../core/model/types.js';
import type { DrawingFeatures } from '../core/model/drawing-features.js';
import { withTiming, type Done, type FrameStart, type Job, type JobTiming, type Lane, type RasterJob, type RasterResult, type Reply, type Request } from './pool-jobs.js';
import { cpuTimeMs, residentKb } from './proc-usage.js';
import { makeSandboxDir } from './sandbox-dir.js';
import { availableTools, workerCommand, type WorkerCommand } from './worker-command.js';
import { workerLibrary } from './worker-bundle-path.js';

export type { JobTiming, Lane, RasterJob, RasterResult } from './pool-jobs.js';

const WORKER = fileURLToPath(new URL('./render-worker.mjs', import.meta.url));
/** Virtual address space Node itself reserves before any render (V8 heap cages, code range). */
const NODE_VIRTUAL_OVERHEAD_MB = 1024;
const MEMORY_POLL_MS = 25;
const WORKER_NICE = 10;
/** Longest string sent to a worker in one message, in UTF-16 code units. */
const SLICE_CHARS = 256 * 1024;
const LANES: readonly Lane[] = ['still', 'frames'];

export interface PoolOptions {
  /** Workers of the still lane. Default: os.availableParallelism(). */
  size?: number;
  /** Workers of the animation-frame lane. Default: half the still workers, at least 1. */
  frameWorkers?: number;
  /** Wall-time limit of one render in ms. Default 10 000. */
  timeoutMs?: number;
  /** Resident memory limit of one worker in MB. Default 512. */
  memoryMb?: number;
  /**
   * Also cap each worker's address space and lifetime CPU time with prlimit (the kernel enforces
   * them even while a render blocks the worker). Default: true when /usr/bin/prlimit exists.
   */
  prlimit?: boolean;
  /** Start workers under `setpriv --pdeathsig KILL`, so they die with this process. Default: true when /usr/bin/setpriv exists. */
  pdeathsig?: boolean;
  /** Lifetime CPU ceiling of one worker in seconds (RLIMIT_CPU). Default RENDER_DEFAULTS.workerCpuSeconds. */
  cpuSeconds?: number;
  /** A worker is recycled after this many renders, to bound slow leaks. Default 500. */
  maxJobsPerWorker?: number;
  /** A worker idle this long (ms) exits, giving its memory back; the next job starts one. Default 10 000. */
  idleMs?: number;
  logger?: Logger;
  /** Told of each job a worker answered (or died on), with its time: the server's /metrics. */
  onJob?: (timing: JobTiming) => void;
}

interface Worker {
  lane: Lane;
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  jobs: number;
  /** Why we killed it, if we did. */
  killedFor: 'timeout' | 'frame-budget' | 'out-of-memory' | 'retired' | 'idle' | 'closed' | null;
  /** The GIF frame being drawn now, watched against its CPU allowance. */
  frame: FrameStart | null;
  stderr: string;
  timer: NodeJS.Timeout | null;
  poll: NodeJS.Timeout | null;
  idle: NodeJS.Timeout | null;
}

const CLOSED_MESSAGE = 'the renderer is shut down; try again after a restart';

export class RenderPool {
  /** Workers of the still lane. */
  readonly size: number;
  /** Workers of the animation-frame lane. */
  readonly frameWorkers: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  readonly idleMs: number;
  readonly cpuSeconds: number;
  /** How workers are started: whether the kernel ends them with this process and holds their limits. */
  readonly command: WorkerCommand;
  private readonly maxJobs: number;
  private readonly log?: Logger;
  private readonly onJob?: (timing: JobTiming) => void;
  private readonly workers = new Set<Worker>();
  private readonly queues: Record<Lane, Job[]> = { still: [], frames: [] };
  private readonly sandboxDir: string;
  private readonly sanitizerBundle: string;
  private nextId = 1;
  private startFailures = 0;
  private closed = false;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, options.size ?? defaultRenderWorkers());
    this.frameWorkers = Math.max(1, options.frameWorkers ?? defaultFrameWorkers(this.size));
    this.cpuSeconds = options.cpuSeconds ?? RENDER_DEFAULTS.workerCpuSeconds;
    this.timeoutMs = options.timeoutMs ?? RENDER_DEFAULTS.timeoutMs;
    this.memoryMb = options.memoryMb ?? RENDER_DEFAULTS.memoryMb;
    this.maxJobs = options.maxJobsPerWorker ?? 500;
    this.idleMs = options.idleMs ?? 10_000;
    this.log = options.logger;
    this.onJob = options.onJob;
    // Workers run in an empty directory, so even a relative path that slipped through finds nothing.
    this.sandboxDir = makeSandboxDir(this.log);
    this.sanitizerBundle = workerLibrary(this.sandboxDir);
    const tools = availableTools(options);
    this.command = workerCommand(tools, { addressSpaceBytes: (this.memoryMb + NODE_VIRTUAL_OVERHEAD_MB) * 1024 * 1024, cpuSeconds: this.cpuSeconds });
    if (!tools.prlimit && options.prlimit !== false) this.log?.warn('prlimit not found: render memory is limited by polling RSS, CPU time by the job time limits only');
    if (!tools.setpriv && options.pdeathsig !== false) this.log?.warn('setpriv not found: a render worker notices its server died only between renders');
  }

  /** Rasterize in a worker. Rejects with RenderError (timeout, out-of-memory, crashed, invalid, closed). */
  async run(job: RasterJob): Promise<RasterResult> {
    const { svg, trusted = false, box, width, background, subject, at, animation } = job;
    const lane: Lane = animation ? 'frames' : 'still';
    const request: Request = { op: 'raster', svg, trusted, box, width, background, subject, at, animation };
    const m = await this.enqueue(lane, request, subject ?? 'the drawing', 'render', job.timeoutMs, job.timeoutSetting);
    const gif = m.gif ? asBuffer(m.gif) : undefined;
    return { png: asBuffer(m.png!), width: m.width!, height: m.height!, svg: m.svg, text: m.text, removed: m.removed, features: m.features, gif, frames: m.frames, seconds: m.seconds, frameMs: m.frameMs };
  }

  /** The drawing in a model's reply (extract.ts), searched in a worker: a long reply never stalls the caller. */
  async extract(text: string): Promise<string> {
    return (await this.enqueue('still', { op: 'extract', text }, 'the reply', 'search for a drawing')).svg!;
  }

  /** The features of a stored (blind) SVG (features/drawing-features.ts), measured in a worker under the pool's time limit. */
  async features(svg: string): Promise<DrawingFeatures> {
    const m = await this.enqueue('still', { op: 'features', svg }, 'the drawing', 'measure');
    if (!m.features) throw new RenderError('the drawing could not be measured: the renderer returned no features', 'crashed');
    return m.features;
  }

  /** The A | B image (composite.ts), laid out and rasterized in a worker. */
  async composite(input: CompositeInput): Promise<Buffer> {
    return asBuffer((await this.enqueue('still', { op: 'composite', input }, 'the side-by-side image', 'render')).png!);
  }

  private enqueue(lane: Lane, request: Request, subject: string, verb: string, timeoutMs?: number, timeoutSetting?: string): Promise<Done> {
    if (this.closed) return Promise.reject(new RenderError(CLOSED_MESSAGE, 'closed'));
    return new Promise<Done>((resolve, reject) => {
      this.queues[lane].push(withTiming({ id: this.nextId++, lane, request, subject, verb, timeoutMs, timeoutSetting, resolve, reject }, this.onJob));
      this.pump();
    });
  }

  /** Process ids of the live workers (for tests and diagnostics). */
  pids(): number[] {
    return [...this.workers].map((w) => w.child.pid).filter((p): p is number => p !== undefined);
  }

  /** Pids of the workers busy with a job, of one lane or of both. */
  busyPids(lane?: Lane): number[] {
    return [...this.workers].filter((w) => w.job && (lane === undefined || w.lane === lane)).map((w) => w.child.pid!).filter(Boolean);
  }

  /** Jobs waiting for a worker of this lane. */
  waiting(lane: Lane): number {
    return this.queues[lane].length;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const job of this.dropQueued()) job.reject(new RenderError(CLOSED_MESSAGE, 'closed'));
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

  /** Every queued job of both lanes, removed from the queues. */
  private dropQueued(): Job[] {
    return LANES.flatMap((lane) => this.queues[lane].splice(0));
  }

  private pump(): void {
    for (const lane of LANES) this.pumpLane(lane);
  }

  /** Hand this lane's queued jobs to its idle workers, starting workers up to the lane's size. */
  private pumpLane(lane: Lane): void {
    const queue = this.queues[lane];
    const limit = lane === 'still' ? this.size : this.frameWorkers;
    while (queue.length > 0 && !this.closed) {
      const mine = [...this.workers].filter((w) => w.lane === lane);
      const idle = mine.find((w) => w.ready && !w.job && !w.killedFor);
      if (idle) {
        this.dispatch(idle, queue.shift()!);
        continue;
      }
      const starting = mine.filter((w) => !w.ready).length;
      if (mine.length < limit && starting < queue.length) {
        this.spawn(lane);
        continue;
      }
      break;
    }
  }

  private spawn(lane: Lane): void {
    const child = fork(WORKER, [this.sanitizerBundle, String(this.memoryMb), String(process.pid)], {
      execPath: this.command.execPath,
      execArgv: this.command.execArgv,
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
    const w: Worker = { lane, child, ready: false, job: null, jobs: 0, killedFor: null, frame: null, stderr: '', timer: null, poll: null, idle: null };
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
    job.startedAt = performance.now();
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
    const field = request.op === 'extract' ? 'text' : request.op === 'raster' || request.op === 'features' ? 'svg' : null;
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

  /** The busy worker's resident memory against the limit, and a GIF frame's CPU against its allowance. */
  private async checkMemory(w: Worker): Promise<void> {
    const pid = w.child.pid;
    if (!w.job || pid === undefined) return;
    try {
      if ((await residentKb(pid)) > this.memoryMb * 1024 && w.job) this.kill(w, 'out-of-memory');
      const frame = w.frame;
      if (frame && w.job && (await cpuTimeMs(pid)) - frame.cpuMs > frame.allowMs && w.frame === frame) this.kill(w, 'frame-budget');
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
    if ('frame' in m) {
      if (w.job?.id === m.id) w.frame = m.frame;
      return;
    }
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
    w.frame = null;
    w.jobs++;
    if (m.ok) job.resolve(m);
    else job.reject(new RenderError(m.message, m.reason));
    // Retired well before the kernel's CPU ceiling, so no job starts in a worker that could hit it.
    if (w.jobs >= this.maxJobs || (m.cpuMs ?? 0) > (this.cpuSeconds * 1000) / 2) this.kill(w, 'retired');
    this.pump();
    this.rest(w);
  }

  private onExit(w: Worker, code: number | null, signal: NodeJS.Signals | null): void {
    this.clearTimers(w);
    this.workers.delete(w);
    const job = w.job;
    w.job = null;
    if (job) {
      const err = this.deathError(w, job, signal);
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
        for (const q of this.dropQueued()) q.reject(new RenderError(message, 'crashed'));
      }
    }
    this.pump();
  }

  private deathError(w: Worker, job: Job, signal: NodeJS.Signals | null): RenderError {
    const { subject: what, verb } = job;
    // The kernel's CPU ceiling (worker-command.ts): SIGXCPU at the soft limit.
    if (signal === 'SIGXCPU' && !w.killedFor) {
      return new RenderError(`${what} used up the render worker's CPU-time ceiling (${this.cpuSeconds} s) and was stopped`, 'timeout');
    }
    if (w.killedFor === 'timeout') {
      const setting = job.timeoutSetting ?? 'DUEL_RENDER_TIMEOUT';
      return new RenderError(`${what} took too long to ${verb} (over ${(job.timeoutMs ?? this.timeoutMs) / 1000} s, ${setting}) and was stopped`, 'timeout');
    }
    if (w.killedFor === 'frame-budget') {
      const budget = w.frame?.budgetMs ?? 0;
      return new RenderError(`${what} has frames that cost over the frame budget of ${budget} ms of CPU each (DUEL_GIF_FRAME_BUDGET_MS), so it was stopped; the still image stands`, 'timeout');
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
