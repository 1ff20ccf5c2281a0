/**
 * Online Elo over battles in time order: a side column that shows recent form, unlike the
 * order-free Bradley–Terry fit.
 */
import type { Battle } from '../model/board-types.js';
import { ELO_MEAN, expectedScore } from './bradley-terry.js';

export interface EloOptions {
  /** Points moved per unit of surprise. Default 32. */
  k?: number;
  /** Starting rating. Default 1000. */
  initial?: number;
}

/** Elo ratings after replaying `battles` in the given (time) order. */
export function onlineElo(battles: readonly Battle[], options: EloOptions = {}): Map<string, number> {
  const k = options.k ?? 32;
  const initial = options.initial ?? ELO_MEAN;
  const ratings = new Map<string, number>();
  for (const { a, b, outcome } of battles) {
    if (a === b) continue;
    const ra = ratings.get(a) ?? initial;
    const rb = ratings.get(b) ?? initial;
    const o = Math.min(1, Math.max(0, outcome));
    const ea = expectedScore(ra, rb);
    ratings.set(a, ra + k * (o - ea));
    ratings.set(b, rb - k * (o - ea));
  }
  return ratings;
}
