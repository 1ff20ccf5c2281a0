import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bootstrapRatings, expectedScore, fitBradleyTerry, onlineElo, parseBattlesCsv, rankByIntervals } from '../../../src/core/ratings/index.js';
import type { Battle } from '../../../src/core/types.js';

const RATINGS = fileURLToPath(new URL('../../../../shared/ratings/', import.meta.url));

describe.skipIf(!existsSync(`${RATINGS}battles.csv`))('against the reference ratings', () => {
  const battles = parseBattlesCsv(readFileSync(`${RATINGS}battles.csv`, 'utf8'));
  const expected = JSON.parse(readFileSync(`${RATINGS}expected.json`, 'utf8')) as { ratings: Record<string, number>; ci95: Record<string, [number, number]> };

  it('reproduces every rating within 0.5 points', () => {
    const fit = fitBradleyTerry(battles);
    expect([...fit.keys()].sort()).toEqual(Object.keys(expected.ratings).sort());
    for (const [spec, rating] of fit) expect(Math.abs(rating - expected.ratings[spec])).toBeLessThan(0.5);
  });

  it('gives 95 % intervals of similar width that contain the rating', () => {
    const est = bootstrapRatings(battles);
    for (const [spec, e] of est) {
      const [lo, hi] = expected.ci95[spec];
      const ratio = (e.ci[1] - e.ci[0]) / (hi - lo);
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.33);
      expect(e.ci[0]).toBeLessThanOrEqual(e.rating);
      expect(e.ci[1]).toBeGreaterThanOrEqual(e.rating);
    }
  });
});

describe('Bradley–Terry', () => {
  it('puts the mean at 1000 and orders by strength', () => {
    const battles: Battle[] = [];
    for (let i = 0; i < 30; i++) battles.push({ a: 'strong', b: 'middle', outcome: i % 4 === 0 ? 0 : 1 }, { a: 'middle', b: 'weak', outcome: i % 4 === 0 ? 0 : 1 });
    const fit = fitBradleyTerry(battles);
    const values = [...fit.values()];
    expect(values.reduce((s, x) => s + x, 0) / values.length).toBeCloseTo(1000, 6);
    expect(fit.get('strong')!).toBeGreaterThan(fit.get('middle')!);
    expect(fit.get('middle')!).toBeGreaterThan(fit.get('weak')!);
  });

  it('gives finite ratings in the right order to a contender that only won and one that only lost', () => {
    const battles: Battle[] = [
      { a: 'winner', b: 'x', outcome: 1 },
      { a: 'y', b: 'winner', outcome: 0 },
      { a: 'x', b: 'y', outcome: 0.5 },
      { a: 'x', b: 'loser', outcome: 1 },
      { a: 'loser', b: 'y', outcome: 0 },
    ];
    const fit = fitBradleyTerry(battles);
    for (const r of fit.values()) expect(Number.isFinite(r)).toBe(true);
    expect(fit.get('winner')!).toBeGreaterThan(fit.get('x')!);
    expect(fit.get('loser')!).toBeLessThan(fit.get('y')!);
  });

  it('gives a board from a single battle', () => {
    const est = bootstrapRatings([{ a: 'a', b: 'b', outcome: 1 }]);
    expect(est.get('a')!.rating).toBeGreaterThan(est.get('b')!.rating);
    for (const e of est.values()) {
      expect(Number.isFinite(e.ci[0]) && Number.isFinite(e.ci[1])).toBe(true);
      expect(e.rank).toBeGreaterThanOrEqual(1);
    }
  });

  it('takes fractional outcomes: a 3:1 vote share matches its expected score', () => {
    const fit = fitBradleyTerry(Array.from({ length: 40 }, () => ({ a: 'p', b: 'q', outcome: 0.75 })));
    expect(expectedScore(fit.get('p')!, fit.get('q')!)).toBeCloseTo(0.75, 2);
  });

  it('is deterministic: the same battles give the same board', () => {
    const battles: Battle[] = Array.from({ length: 200 }, (_, i) => ({ a: `m${i % 4}`, b: `m${(i + 1) % 4}`, outcome: (i * 7) % 3 === 0 ? 1 : 0 }));
    expect([...bootstrapRatings(battles)]).toEqual([...bootstrapRatings(battles)]);
  });
});

describe('ranks', () => {
  it('count only the contenders whose interval lies wholly above', () => {
    const ranks = rankByIntervals(
      new Map<string, [number, number]>([
        ['top', [1100, 1200]],
        ['close', [1050, 1110]],
        ['low', [900, 1000]],
      ]),
    );
    expect(ranks.get('top')).toBe(1);
    expect(ranks.get('close')).toBe(1);
    expect(ranks.get('low')).toBe(3);
  });
});

describe('online Elo', () => {
  it('moves 16 points on a first decisive battle (K = 32) and keeps the sum', () => {
    const elo = onlineElo([{ a: 'a', b: 'b', outcome: 1 }]);
    expect(elo.get('a')).toBeCloseTo(1016, 6);
    expect(elo.get('b')).toBeCloseTo(984, 6);
  });
});
