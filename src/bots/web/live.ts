/**
 * In-memory progress of the duels this server started, for the live view (server-sent
 * events). One state for the whole duel: never a side's own state, never a contender's name.
 */
import type { DuelProgress } from '../../core/model/records.js';

export interface LiveState {
  progress: DuelProgress | null;
  /** Set when generation ended with an error the page should show. */
  error?: string;
  /** The animated composite GIF was made after the duel opened (the page swaps it in). */
  animationReady?: boolean;
  /** Epoch ms of the last update; entries are dropped some time after they finish. */
  updatedAt: number;
  finished: boolean;
}

/** How long a finished entry is kept, so a late subscriber still sees the last state. */
const KEEP_MS = 10 * 60_000;

export class LiveDuels {
  private readonly states = new Map<string, LiveState>();
  private readonly waiters = new Map<string, Set<() => void>>();

  get(duelId: string): LiveState | undefined {
    return this.states.get(duelId);
  }

  update(p: DuelProgress): void {
    this.states.set(p.duelId, { progress: p, updatedAt: Date.now(), finished: false });
    this.wake(p.duelId);
  }

  finish(duelId: string, error?: string): void {
    const prev = this.states.get(duelId);
    this.states.set(duelId, { progress: prev?.progress ?? null, error, updatedAt: Date.now(), finished: true });
    this.wake(duelId);
    this.sweep();
  }

  /** The duel's animated composite GIF is stored now: its watchers are told. */
  animationReady(duelId: string): void {
    const prev = this.states.get(duelId);
    this.states.set(duelId, { progress: prev?.progress ?? null, error: prev?.error, finished: prev?.finished ?? true, updatedAt: Date.now(), animationReady: true });
    this.wake(duelId);
  }

  /** Resolve on the next update of this duel, or after `ms`. */
  next(duelId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      let set = this.waiters.get(duelId);
      if (!set) this.waiters.set(duelId, (set = new Set()));
      const done = () => {
        clearTimeout(timer);
        set!.delete(done);
        // Forget duels nobody watches any more, or the map grows with every duel ever streamed.
        if (set!.size === 0 && this.waiters.get(duelId) === set) this.waiters.delete(duelId);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done);
      set.add(done);
    });
  }

  /** Wake every waiter (server stopping). */
  wakeAll(): void {
    for (const id of [...this.waiters.keys()]) this.wake(id);
  }

  /** Wake the waiters of one duel (it changed elsewhere, e.g. it closed). */
  poke(duelId: string): void {
    this.wake(duelId);
  }

  private wake(duelId: string): void {
    const set = this.waiters.get(duelId);
    if (!set) return;
    this.waiters.delete(duelId);
    for (const fn of set) fn();
  }

  private sweep(): void {
    const cutoff = Date.now() - KEEP_MS;
    for (const [id, s] of this.states) if (s.finished && s.updatedAt < cutoff) this.states.delete(id);
  }
}
