/**
 * What pairing reads from the past: how often each pair met, and which contenders' providers are
 * failing. Meetings and draws come from the store (so they survive restarts and count duels run by
 * other processes on the same database); check results are kept in memory.
 */
import { pairKey } from './pairing.js';
import type { DuelRows } from '../store/port.js';

/** A contender whose last this-many draws all failed is "failing" (one failure may be bad luck). */
export const FAILING_STREAK = 2;

/** Meetings per unordered pair: duels generating, open or closed (no contest excluded). */
export async function pairMeetings(store: Pick<DuelRows, 'pairCounts'>): Promise<Map<string, number>> {
  const rows = await store.pairCounts();
  const out = new Map<string, number>();
  for (const r of rows) {
    const k = pairKey(r.a, r.b);
    out.set(k, (out.get(k) ?? 0) + r.n);
  }
  return out;
}

/**
 * The contender's latest draws, newest first: whether each succeeded and when its duel started.
 * Draws stopped by a shutdown ('aborted') say nothing about the provider and are skipped.
 */
export function recentDraws(store: Pick<DuelRows, 'recentDraws'>, spec: string, limit: number): Promise<Array<{ ok: boolean; at: number }>> {
  return store.recentDraws(spec, limit);
}

/**
 * Provider health as pairing sees it. A contender is failing when its last FAILING_STREAK draws
 * all failed, or when its last check failed; either way it is answering again as soon as a later
 * draw succeeds or a later check passes.
 */
export class ContenderHealth {
  private readonly checks = new Map<string, { ok: boolean; at: number }>();

  constructor(private readonly store: Pick<DuelRows, 'recentDraws'>) {}

  /** Remember a check result (from `checkContenders`) taken at `at` (epoch ms). */
  recordCheck(spec: string, ok: boolean, at: number): void {
    this.checks.set(spec, { ok, at });
  }

  async isFailing(spec: string): Promise<boolean> {
    const draws = await recentDraws(this.store, spec, FAILING_STREAK);
    const check = this.checks.get(spec);
    const lastOkDraw = draws.find((d) => d.ok)?.at ?? -Infinity;
    if (check && !check.ok && check.at >= lastOkDraw) return true;
    const streak = draws.length >= FAILING_STREAK && draws.every((d) => !d.ok);
    if (!streak) return false;
    // A passing check after the failures means it answers again.
    return !(check?.ok && check.at >= draws[0].at);
  }

  async failing(specs: readonly string[]): Promise<Set<string>> {
    const failing = await Promise.all(specs.map((s) => this.isFailing(s)));
    return new Set(specs.filter((_, i) => failing[i]));
  }
}
