/**
 * Suspicious-voter test: how often it flags honest simulated voters (false positives, target
 * < 1 %), how often it catches a voter who always picks one weaker model, and what one scan of
 * 1,000 voters costs. Honest voters vote by Bradley–Terry with a personal taste: each model's
 * rating moved by a normal offset of the given spread, per voter.
 */
import { findSuspiciousVoters } from '../src/core/ratings/outliers.js';
import { simulateCommunity } from '../test/helpers/voter-simulation.js';
import type { BenchRow } from './table.js';

const HONEST = 1000;
const SEED = 20260501;

export async function benchVoters(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const taste of [0, 50, 100]) {
    const { votes } = simulateCommunity({ honest: HONEST, seed: SEED, tasteSd: taste });
    const start = performance.now();
    const evidence = findSuspiciousVoters(votes);
    const ms = performance.now() - start;
    const rate = evidence.filter((e) => e.flagged).length / evidence.length;
    rows.push({
      name: `voters: honest flagged, ${evidence.length} tested, taste ±${taste} Elo`,
      value: `${(rate * 100).toFixed(1)} % (scan ${Math.round(ms)} ms)`,
      target: '< 1 %',
      ok: rate < 0.01,
    });
  }
  const { votes, stuffers } = simulateCommunity({ honest: HONEST, stuffers: 100, seed: SEED, tasteSd: 50 });
  const flagged = new Set(findSuspiciousVoters(votes).filter((e) => e.flagged).map((e) => e.voter));
  const caught = stuffers.filter((s) => flagged.has(s)).length / stuffers.length;
  rows.push({ name: 'voters: one-model stuffers caught (30 votes for the weakest)', value: `${(caught * 100).toFixed(0)} %`, target: '> 95 %', ok: caught > 0.95 });
  return rows;
}
