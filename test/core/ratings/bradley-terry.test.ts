import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bootstrapRatings, expectedScore, fitBradleyTerry, MIN_INTERVAL_WIDTH, onlineElo, parseBattlesCsv, rankByIntervals } from '../../../src/core/ratings/index.js';
import type { Battle } from '../../../src/core/model/board-types.js';
import { shared } from '../../helpers/shared.js';

const ratings = shared('ratings/battles.csv');

describe.skipIf(ratings.missing)(`against the reference ratings${ratings.note}`, () => {
  let battles: Battle[];
  let expected: { ratings: Record<string, number>; ci95: Record<string, [number, number]> };
  // Read when the tests run, not while collecting: a skipped suite's body still runs.
  beforeAll(() => {
    battles = parseBattlesCsv(readFileSync(ratings.path, 'utf8'));
    expected = JSON.parse(readFileSync(join(ratings.path, '../expected.json'), 'utf8'));
  });

  it('reproduces every rating within 0.5 points', () => {
    const fit = fitBradleyTerry(battles);
    expect([...fit.keys()].sort()).toEqual(Object.keys(expected.ratings).sort());
    for (const [spec, rating] of fit) expect(Math.abs(rating - expected.ratings[spec])).toBeLessThan(0.5);
  });

  it('gives 95 % intervals of similar width that contain the rating', () => {
    const est = bootstrapRatings(battles);
    for (const [spec, e] of est) {
      const [lo, hi] = expected.ci95[spec];
      expect(e.ci).not.toBeNull();
      const ratio = (e.ci![1] - e.ci![0]) / (hi - lo);
      expect(ratio).toBeGreaterThan(0.75);
      expect(ratio).toBeLessThan(1.33);
      expect(e.ci![0]).toBeLessThanOrEqual(e.rating);
      expect(e.ci![1]).toBeGreaterThanOrEqual(e.rating);
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

  it('gives a board from a single battle, with intervals not yet known rather than of zero width', () => {
    const est = bootstrapRatings([{ a: 'a', b: 'b', outcome: 1 }]);
    expect(est.get('a')!.rating).toBeGreaterThan(est.get('b')!.rating);
    for (const e of est.values()) {
      // Every resample is that one battle: "1507 – 1507" would claim a certainty nobody has.
      expect(e.ci).toBeNull();
      expect(e.rank).toBe(1);
    }
  });

  it('never reports an interval narrower than MIN_INTERVAL_WIDTH', () => {
    const boards: Battle[][] = [
      Array.from({ length: 5 }, () => ({ a: 'a', b: 'b', outcome: 0.75 })),
      [{ a: 'a', b: 'b', outcome: 0.5 }],
      [{ a: 'a', b: 'b', outcome: 0.5 }, { a: 'b', b: 'c', outcome: 0.25 }, { a: 'c', b: 'a', outcome: 0.5 }],
    ];
    for (const battles of boards) {
      for (const e of bootstrapRatings(battles).values()) if (e.ci) expect(e.ci[1] - e.ci[0]).toBeGreaterThanOrEqual(MIN_INTERVAL_WIDTH);
    }
    // Identical outcomes: no resample differs, so no interval.
    for (const e of bootstrapRatings(boards[0]).values()) expect(e.ci).toBeNull();
  });

  it('leaves the interval of a contender that has only won open: its rating is held by the penalty, not the data', () => {
    const battles: Battle[] = [];
    for (let k = 0; k < 40; k++) battles.push({ a: 'p', b: 'q', outcome: k % 3 === 0 ? 0 : 1 }, { a: 'q', b: 'r', outcome: k % 4 === 0 ? 0.25 : 0.75 });
    for (let k = 0; k < 6; k++) battles.push({ a: k % 2 ? 'champ' : 'p', b: k % 2 ? 'r' : 'champ', outcome: k % 2 ? 1 : 0 });
    const est = bootstrapRatings(battles);
    expect(est.get('champ')!.ci).toBeNull();
    expect(est.get('champ')!.rank).toBe(1);
    for (const spec of ['p', 'q', 'r']) expect(est.get(spec)!.ci).not.toBeNull();
  });

  it('counts a battle with its weight: weight 2 is the battle twice, weight 0 is no battle', () => {
    const base: Battle[] = [
      { a: 'p', b: 'q', outcome: 1 },
      { a: 'q', b: 'p', outcome: 0.75 },
      { a: 'p', b: 'q', outcome: 0 },
    ];
    const twice = fitBradleyTerry([...base, { a: 'q', b: 'r', outcome: 0.25 }, { a: 'q', b: 'r', outcome: 0.25 }, { a: 'r', b: 'p', outcome: 0.5 }]);
    const weighted = fitBradleyTerry([...base, { a: 'q', b: 'r', outcome: 0.25, weight: 2 }, { a: 'r', b: 'p', outcome: 0.5 }]);
    for (const spec of ['p', 'q', 'r']) expect(weighted.get(spec)!).toBeCloseTo(twice.get(spec)!, 6);
    const dropped = fitBradleyTerry([...base, { a: 'q', b: 'p', outcome: 1, weight: 0 }]);
    const without = fitBradleyTerry(base);
    expect(dropped.get('p')!).toBeCloseTo(without.get('p')!, 6);
    const halved = fitBradleyTerry([...base, { a: 'q', b: 'p', outcome: 1, weight: 0.5 }]);
    expect(halved.get('q')!).toBeGreaterThan(without.get('q')!);
    expect(halved.get('q')!).toBeLessThan(fitBradleyTerry([...base, { a: 'q', b: 'p', outcome: 1 }]).get('q')!);
    expect(() => fitBradleyTerry([{ a: 'p', b: 'q', outcome: 1, weight: -1 }])).toThrow(/weight -1/);
  });

  it('resamples weighted battles with their weights', () => {
    const battles: Battle[] = Array.from({ length: 60 }, (_, k) => ({ a: `m${k % 3}`, b: `m${(k + 1) % 3}`, outcome: k % 4 === 0 ? 0 : 1, weight: k % 2 ? 0.5 : 1 }));
    const est = bootstrapRatings(battles);
    const fit = fitBradleyTerry(battles);
    for (const [spec, e] of est) {
      expect(e.rating).toBeCloseTo(fit.get(spec)!, 6);
      expect(e.ci![0]).toBeLessThanOrEqual(e.rating);
      expect(e.ci![1]).toBeGreaterThanOrEqual(e.rating);
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

  it('treat an interval not yet known as spanning everything', () => {
    const ranks = rankByIntervals(
      new Map<string, [number, number] | null>([
        ['top', [1100, 1200]],
        ['new', null],
        ['low', [900, 1000]],
      ]),
    );
    expect(ranks.get('new')).toBe(1);
    expect(ranks.get('low')).toBe(2);
  });
});

describe('online Elo', () => {
  it('moves 16 points on a first decisive battle (K = 32) and keeps the sum', () => {
    const elo = onlineElo([{ a: 'a', b: 'b', outcome: 1 }]);
    expect(elo.get('a')).toBeCloseTo(1016, 6);
    expect(elo.get('b')).toBeCloseTo(984, 6);
  });
});
