/** The suspicious-voter test (src/core/ratings/outliers.ts) on simulated communities. */
import { describe, expect, it } from 'vitest';
import { findSuspiciousVoters, normalCdf } from '../../../src/core/ratings/outliers.js';
import { simulateCommunity } from '../../helpers/voter-simulation.js';

describe('suspicious voters', () => {
  it('flags a voter who always picks one (weaker) model, with the evidence', () => {
    const { votes } = simulateCommunity({ honest: 200, stuffers: 1, seed: 1 });
    const evidence = findSuspiciousVoters(votes);
    const stuffer = evidence.find((e) => e.voter === 'web:stuffer-0')!;
    expect(stuffer.flagged).toBe(true);
    expect(stuffer.pValue).toBeLessThan(0.001);
    expect(stuffer.z).toBeLessThan(-3);
    expect(stuffer.votes).toBe(30);
    expect(stuffer.topPick).toMatchObject({ spec: 'ollama:my-finetune', picked: 30, appeared: 30 });
    expect(stuffer.topPick!.expected).toBeLessThan(15);
    // Most suspicious first.
    expect(evidence[0].voter).toBe('web:stuffer-0');
  });

  it('flags fewer than 1 % of 1,000 honest voters (each with a personal taste)', () => {
    const { votes, honest } = simulateCommunity({ honest: 1000, seed: 20260501, tasteSd: 50 });
    const evidence = findSuspiciousVoters(votes);
    // Voters whose ties and "both bad" leave fewer than 20 decisive votes are not tested.
    expect(evidence.length).toBeGreaterThan(950);
    expect(evidence.every((e) => honest.includes(e.voter))).toBe(true);
    const rate = evidence.filter((e) => e.flagged).length / evidence.length;
    // Measured with this seed: see the report in `npm run bench` (bench/voters.ts).
    expect(rate).toBeLessThan(0.01);
  }, 60_000);

  it('does not test voters with too few decisive votes, and ignores ties and "both bad" there', () => {
    const { votes } = simulateCommunity({ honest: 50, seed: 3, votesPerVoter: [5, 10] });
    const few = [...votes, ...Array.from({ length: 30 }, () => ({ voter: 'web:tier', a: 'ollama:gemma3:27b', b: 'openai:gpt-5.1', choice: 'tie' as const }))];
    expect(findSuspiciousVoters(few, { minVotes: 20 })).toEqual([]);
    expect(findSuspiciousVoters(votes, { minVotes: 5 }).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    const { votes } = simulateCommunity({ honest: 100, stuffers: 2, seed: 9 });
    expect(findSuspiciousVoters(votes)).toEqual(findSuspiciousVoters(votes));
  });

  it('has a normal CDF accurate to the table', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(-1.959964)).toBeCloseTo(0.025, 6);
    expect(normalCdf(-3.090232)).toBeCloseTo(0.001, 6);
    expect(normalCdf(2)).toBeCloseTo(0.97725, 5);
  });
});
