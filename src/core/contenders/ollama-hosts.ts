/**
 * Several Ollama servers for the local models (OLLAMA_HOST=http://gpu-a:11434,http://gpu-b:11434).
 * One pool, shared by every Ollama contender, spreads draws over the hosts that have the model,
 * each host with its own concurrency limit (DUEL_CONCURRENCY ollama=N is per host). Waiters queue
 * in one FIFO and see their place; a slot freed on a host goes to the first waiter that host can
 * serve. Which host has which model comes from `/api/tags`, re-read after a minute. A host that
 * stops answering (its tags or a draw cannot connect) is skipped and retried after a pause; a draw
 * that could not reach its host, or found the model missing there, moves to another host.
 * With one host none of this runs: the contender talks to it directly as before.
 */
import { ContenderError } from '../model/errors.js';
import type { AskOptions, Contender, DrawOptions, DrawResult } from '../model/types.js';
import { hasModel, ollamaTags } from './ollama-client.js';
import type { ContenderOptions } from './provider.js';
import { boundedFetch, replyTooLargeError } from './reply-limit.js';

/** How long a host's model list is trusted, in ms. */
const TAGS_FRESH_MS = 60_000;
/** How long `/api/tags` may take, in ms. */
const TAGS_TIMEOUT_MS = 5_000;
/** A host that stopped answering is tried again after this many ms. */
export const HOST_RETRY_MS = 15_000;
const TAGS_MAX_BYTES = 4 * 1024 * 1024;

interface Host {
  url: string;
  active: number;
  /** Model names from /api/tags; null until known. */
  models: Set<string> | null;
  checkedAt: number;
  downUntil: number;
  refreshing: Promise<void> | null;
}

interface Waiter {
  model: string;
  exclude: Set<string>;
  grant: (host: Host) => void;
  onQueued?: (position: number) => void;
  lastPosition: number;
}

export interface HostSlot {
  host: string;
  release(): void;
}

export interface OllamaHostPoolOptions {
  hosts: string[];
  /** Draws at once on each host. */
  perHost: number;
  /** Pause before a host that stopped answering is tried again, in ms (default 15 s). */
  retryMs?: number;
  /** The `Authorization` header of each host that has one (user info in OLLAMA_HOST), by host URL. */
  authorization?: Readonly<Record<string, string>>;
  now?: () => number;
}

export class OllamaHostPool {
  readonly hosts: Host[];
  private readonly queue: Waiter[] = [];
  private readonly now: () => number;
  private readonly retryMs: number;
  private turn = 0;

  constructor(readonly o: OllamaHostPoolOptions) {
    this.hosts = o.hosts.map((url) => ({ url, active: 0, models: null, checkedAt: 0, downUntil: 0, refreshing: null }));
    this.now = o.now ?? Date.now;
    this.retryMs = o.retryMs ?? HOST_RETRY_MS;
  }

  /** Draws running on each host now (for tests and the bench). */
  activeByHost(): Record<string, number> {
    return Object.fromEntries(this.hosts.map((h) => [h.url, h.active]));
  }

  /** The host stopped answering: skip it for a while, then ask its tags again. */
  markDown(url: string): void {
    const h = this.hosts.find((x) => x.url === url);
    if (!h) return;
    h.downUntil = this.now() + this.retryMs;
    h.models = null;
  }

  /** The host said it does not have the model (404): believe it until its tags are read again. */
  markMissing(url: string, model: string): void {
    const h = this.hosts.find((x) => x.url === url);
    if (h?.models) h.models.delete(model);
    else if (h) h.models = new Set();
  }

  private up(h: Host): boolean {
    return h.downUntil <= this.now();
  }

  private async refresh(h: Host): Promise<void> {
    if (h.models && this.now() - h.checkedAt < TAGS_FRESH_MS) return;
    if (!this.up(h)) return;
    h.refreshing ??= (async () => {
      try {
        const tooLarge = () => replyTooLargeError({ spec: 'ollama', label: `Ollama at ${h.url}` }, TAGS_MAX_BYTES);
        const fetch = boundedFetch({ maxReplyBytes: TAGS_MAX_BYTES, tooLarge, signal: AbortSignal.timeout(TAGS_TIMEOUT_MS), jsonErrorBodies: true });
        const models = await ollamaTags(h.url, fetch, this.o.authorization?.[h.url]);
        h.models = new Set(models.flatMap((m) => [m.name, m.model]));
        h.checkedAt = this.now();
      } catch {
        this.markDown(h.url);
      } finally {
        h.refreshing = null;
      }
    })();
    await h.refreshing;
  }

  /** Hosts that may serve `model` now: up, not excluded, and known (or not yet known) to have it. */
  private candidates(model: string, exclude: Set<string>): Host[] {
    return this.hosts.filter((h) => this.up(h) && !exclude.has(h.url) && (!h.models || hasModel(h.models, model)));
  }

  private free(hosts: Host[]): Host | undefined {
    const open = hosts.filter((h) => h.active < this.o.perHost);
    if (!open.length) return undefined;
    const least = Math.min(...open.map((h) => h.active));
    const tied = open.filter((h) => h.active === least);
    // Round-robin among equally busy hosts, so light traffic still reaches every GPU.
    return tied[this.turn++ % tied.length];
  }

  private notify(): void {
    this.queue.forEach((w, i) => {
      if (w.lastPosition !== i + 1) {
        w.lastPosition = i + 1;
        try {
          w.onQueued?.(i + 1);
        } catch {
          // A progress display must not stall the queue.
        }
      }
    });
  }

  private slot(h: Host): HostSlot {
    h.active++;
    let released = false;
    return {
      host: h.url,
      release: () => {
        if (released) return;
        released = true;
        h.active--;
        this.dispatch();
      },
    };
  }

  /** Hand free slots to waiters, first come first served among those a free host can serve. */
  private dispatch(): void {
    for (let i = 0; i < this.queue.length; ) {
      const w = this.queue[i]!;
      const h = this.free(this.candidates(w.model, w.exclude));
      if (h) {
        this.queue.splice(i, 1);
        w.grant(h);
      } else i++;
    }
    this.notify();
  }

  /**
   * A slot on a host that has `model`, waiting in the pool's FIFO when all are busy. Rejects with a
   * ContenderError when no host can serve it (none answers, or none has the model), or on abort.
   */
  async acquire(spec: string, model: string, opts: { signal?: AbortSignal; onQueued?: (p: number) => void; exclude?: Set<string> } = {}): Promise<HostSlot> {
    const exclude = opts.exclude ?? new Set<string>();
    await Promise.all(this.hosts.filter((h) => !exclude.has(h.url)).map((h) => this.refresh(h)));
    const list = this.hosts.map((h) => h.url).join(', ');
    const candidates = this.candidates(model, exclude);
    if (!candidates.length) {
      const answering = this.hosts.filter((h) => this.up(h) && !exclude.has(h.url));
      if (!answering.length) {
        throw new ContenderError(`none of the Ollama hosts answers (${list}): is \`ollama serve\` running on them? Check OLLAMA_HOST`, spec, 'unreachable');
      }
      throw new ContenderError(`model ${model} is not pulled on any Ollama host (${list}): run \`ollama pull ${model}\` on one`, spec, 'model-missing');
    }
    if (opts.signal?.aborted) throw abortedError(spec);
    const now = this.queue.length ? undefined : this.free(candidates);
    if (now) return this.slot(now);
    return new Promise<HostSlot>((resolve, reject) => {
      const onAbort = () => {
        const i = this.queue.indexOf(waiter);
        if (i >= 0) this.queue.splice(i, 1);
        this.notify();
        reject(abortedError(spec));
      };
      const waiter: Waiter = {
        model,
        exclude,
        grant: (h) => {
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(this.slot(h));
        },
        onQueued: opts.onQueued,
        lastPosition: 0,
      };
      this.queue.push(waiter);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.notify();
    });
  }
}

function abortedError(spec: string): ContenderError {
  return new ContenderError('the drawing was cancelled while waiting for a free Ollama host', spec, 'aborted');
}

/**
 * An Ollama contender over a pool of hosts: takes a slot, draws with a one-host contender made by
 * `onHost` for that host, and moves to another host when the first cannot be reached or lacks the model.
 */
export function createMultiHostOllamaContender(o: ContenderOptions, pool: OllamaHostPool, onHost: (host: string) => Contender): Contender {
  const perHost = new Map<string, Contender>();
  const on = (host: string) => {
    let c = perHost.get(host);
    if (!c) perHost.set(host, (c = onHost(host)));
    return c;
  };

  /** Run `work` on a host with a free slot, moving to another host when one cannot be reached or lacks the model. */
  async function onSomeHost<T>(signal: AbortSignal | undefined, onQueued: ((p: number) => void) | undefined, work: (c: Contender) => Promise<T>): Promise<T> {
    const tried = new Set<string>();
    for (;;) {
      const slot = await pool.acquire(o.spec, o.model, { signal, exclude: tried, onQueued });
      try {
        return await work(on(slot.host));
      } catch (err) {
        const kind = err instanceof ContenderError ? err.kind : undefined;
        if (kind !== 'unreachable' && kind !== 'model-missing') throw err;
        if (kind === 'unreachable') pool.markDown(slot.host);
        else pool.markMissing(slot.host, o.model);
        tried.add(slot.host);
        o.logger?.warn({ contender: o.spec, host: slot.host, kind, event: 'ollama-host-skipped' }, 'trying another Ollama host');
        if (tried.size >= pool.hosts.length) throw err;
      } finally {
        slot.release();
      }
    }
  }

  async function draw(prompt: string, options: DrawOptions = {}): Promise<DrawResult> {
    const onQueued = (queuePosition: number) => options.onProgress?.({ state: 'queued', queuePosition });
    return onSomeHost(options.signal, onQueued, (c) => c.draw(prompt, options));
  }

  async function ask(system: string, prompt: string, options: AskOptions): Promise<string> {
    return onSomeHost(options.signal, undefined, (c) => {
      if (!c.ask) throw new ContenderError(`${o.label} cannot answer questions`, o.spec, 'bad-request');
      return c.ask(system, prompt, options);
    });
  }

  async function check(): Promise<{ ok: boolean; message: string }> {
    const results = await Promise.all(pool.hosts.map((h) => on(h.url).check!()));
    const ok = results.filter((r) => r.ok).length;
    if (ok) return { ok: true, message: `${ok} of ${pool.hosts.length} Ollama hosts have ${o.model}` };
    return { ok: false, message: results.map((r) => r.message).join('; ') };
  }

  return { spec: o.spec, label: o.label, provider: 'ollama', draw, check, ask };
}
