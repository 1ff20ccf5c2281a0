/**
 * The position-bias check: the share of decisive battles won by side A (the left image), with
 * a 95 % Wilson score interval. With no bias it holds near 50 %; an interval that leaves 50 %
 * behind means voters favour a side, whatever is drawn on it.
 */
import type { Battle } from '../model/board-types.js';

/** z for a two-sided 95 % interval. */
const Z95 = 1.959963984540054;

export interface SideAShare {
  /** Battles whose outcome was not exactly one half. */
  decisive: number;
  /** Share of them won by side A, null when there are none. */
  share: number | null;
  /** 95 % Wilson interval of `share`, null with it. */
  ci: [number, number] | null;
}

/**
 * Counts battles as they happened (weights are for the rating fit). The Wilson interval is
 * used, not the normal one, because it stays inside [0, 1] and is never zero-width, even for
 * one battle or a share of 0 or 1.
 */
export function sideAShare(battles: readonly Battle[]): SideAShare {
  let aWins = 0;
  let decisive = 0;
  for (const b of battles) {
    if (b.a === b.b || b.outcome === 0.5) continue;
    decisive++;
    if (b.outcome > 0.5) aWins++;
  }
  if (decisive === 0) return { decisive, share: null, ci: null };
  return { decisive, share: aWins / decisive, ci: wilsonInterval(aWins, decisive) };
}

/** 95 % Wilson score interval for `successes` out of `trials` (> 0). */
export function wilsonInterval(successes: number, trials: number, z = Z95): [number, number] {
  const p = successes / trials;
  const z2 = z * z;
  const denom = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
