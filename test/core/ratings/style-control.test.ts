import { beforeAll, describe, expect, it } from 'vitest';
import type { Battle, StyleControl } from '../../../src/core/model/board-types.js';
import { buildBoard, fitBradleyTerry, fitStyleControl } from '../../../src/core/ratings/index.js';
import { normalizedDifference } from '../../../src/core/ratings/style-design.js';
import { simulateStyle, type StyleSim } from './style-sim.js';

const label = (spec: string) => spec.toUpperCase();
const centred = (m: ReadonlyMap<string, number>) => {
  const mean = [...m.values()].reduce((s, x) => s + x, 0) / m.size;
  return new Map([...m].map(([k, v]) => [k, v - mean] as const));
};
const maxError = (fit: ReadonlyMap<string, number>, truth: ReadonlyMap<string, number>) => {
  const f = centred(fit);
  const t = centred(truth);
  return Math.max(...[...t].map(([k, v]) => Math.abs(f.get(k)! - v)));
};
const orderOf = (m: ReadonlyMap<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k]) => k);

describe('style control on simulated battles (animated wins +150 Elo, weak models animate most)', () => {
  let sim: StyleSim;
  let control: StyleControl;
  beforeAll(() => {
    sim = simulateStyle({ battles: 12_000, models: 6, seed: 3 });
    control = fitStyleControl(sim.battles, label, { seed: 5 })!;
  });

  it('the raw board is biased: it lifts the weak animators and misorders the field', () => {
    const raw = fitBradleyTerry(sim.battles);
    expect(maxError(raw, sim.truth)).toBeGreaterThan(50);
    // The weakest model (animates 90 %) is rated far above its true strength.
    expect(centred(raw).get('m0')! - centred(sim.truth).get('m0')!).toBeGreaterThan(40);
  });

  it('the controlled board recovers the true strengths within 40 Elo, in the right order', () => {
    const fitted = new Map(control.rows.map((r) => [r.spec, r.rating] as const));
    expect(maxError(fitted, sim.truth)).toBeLessThanOrEqual(40);
    expect(orderOf(fitted)).toEqual(orderOf(sim.truth));
    const mean = control.rows.reduce((s, r) => s + r.rating, 0) / control.rows.length;
    expect(mean).toBeCloseTo(1000, 6);
    expect(control.rows.map((r) => r.label)).toEqual(orderOf(sim.truth).map(label));
    expect(control.battles).toBe(sim.battles.length);
    for (const row of control.rows) {
      expect(row.ci![0]).toBeLessThanOrEqual(row.rating);
      expect(row.ci![1]).toBeGreaterThanOrEqual(row.rating);
    }
  });

  it('finds animation wins votes (coef and interval above 0) and colours do nothing (interval covers 0)', () => {
    const by = new Map(control.features.map((f) => [f.name, f] as const));
    expect([...by.keys()]).toEqual(['bytes', 'elements', 'colors', 'animated', 'text']);
    const animated = by.get('animated')!;
    expect(animated.coef).toBeGreaterThan(0);
    expect(animated.ci![0]).toBeGreaterThan(0);
    // coef is per standard deviation of the standardized difference: 150 Elo × that deviation.
    const diffs = sim.battles.map((b) => normalizedDifference(b.features!.a.animated, b.features!.b.animated));
    const mean = diffs.reduce((s, x) => s + x, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, x) => s + (x - mean) ** 2, 0) / diffs.length);
    expect(Math.abs(animated.coef - 150 * sd)).toBeLessThan(25);
    const colors = by.get('colors')!;
    expect(Math.abs(colors.coef)).toBeLessThan(10);
    expect(colors.ci![0]).toBeLessThan(0);
    expect(colors.ci![1]).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    expect(fitStyleControl(sim.battles, label, { seed: 5 })).toEqual(control);
  });
});

describe('the linearized bootstrap', () => {
  it('gives intervals within a few Elo of a full refit per resample', () => {
    const { battles } = simulateStyle({ battles: 1500, models: 5, seed: 8 });
    const fast = fitStyleControl(battles, label, { method: 'linearized', seed: 2 })!;
    const exact = fitStyleControl(battles, label, { method: 'refit', seed: 2 })!;
    for (const [k, row] of fast.rows.entries()) {
      expect(row.spec).toBe(exact.rows[k].spec);
      expect(row.rating).toBeCloseTo(exact.rows[k].rating, 6);
      expect(Math.abs(row.ci![0] - exact.rows[k].ci![0])).toBeLessThan(3);
      expect(Math.abs(row.ci![1] - exact.rows[k].ci![1])).toBeLessThan(3);
    }
    for (const [k, f] of fast.features.entries()) {
      expect(Math.abs(f.ci![0] - exact.features[k].ci![0])).toBeLessThan(3);
      expect(Math.abs(f.ci![1] - exact.features[k].ci![1])).toBeLessThan(3);
    }
  });
});

describe('fitStyleControl edge cases', () => {
  const f = (animated: number, bytes: number) => ({ animated, bytes, colors: 3 });
  const featured: Battle[] = [];
  for (let k = 0; k < 60; k++) {
    featured.push({ a: 'x', b: 'y', outcome: k % 3 === 0 ? 0 : 1, features: { a: f(k % 2, 100 + k), b: f(0, 200) } });
    featured.push({ a: 'y', b: 'z', outcome: k % 4 === 0 ? 0 : 0.75, features: { a: f(0, 150), b: f(k % 3 === 0 ? 1 : 0, 90 + k) } });
  }

  it('is undefined when no battle has features', () => {
    expect(fitStyleControl([{ a: 'x', b: 'y', outcome: 1 }], label)).toBeUndefined();
  });

  it('gives a constant feature coef 0 and no interval', () => {
    const colors = fitStyleControl(featured, label)!.features.find((x) => x.name === 'colors')!;
    expect(colors).toEqual({ name: 'colors', coef: 0, ci: null });
  });

  it('fits only the names every featured battle has, and leaves battles without features out', () => {
    const battles: Battle[] = [...featured, { a: 'x', b: 'z', outcome: 1, features: { a: { animated: 1 }, b: { animated: 0 } } }, { a: 'x', b: 'z', outcome: 1 }];
    const control = fitStyleControl(battles, label)!;
    expect(control.features.map((x) => x.name)).toEqual(['animated']);
    expect(control.battles).toBe(featured.length + 1);
  });

  it('keeps a contender without featured battles: its raw rating, no interval', () => {
    const battles: Battle[] = [...featured, { a: 'w', b: 'x', outcome: 1 }, { a: 'x', b: 'w', outcome: 0.5 }];
    const control = fitStyleControl(battles, label, { raw: new Map([['w', 1234]]) })!;
    expect(control.rows.map((r) => r.spec).sort()).toEqual(['w', 'x', 'y', 'z']);
    expect(control.rows.find((r) => r.spec === 'w')).toMatchObject({ label: 'W', rating: 1234, ci: null });
  });

  it('buildBoard fits it when the query asks for style control, and only then', () => {
    const base = { battles: featured, labels: { x: 'Ex' }, query: { scope: 'global', since: 'all' } as const };
    expect(buildBoard(base).control).toBeUndefined();
    const board = buildBoard({ ...base, query: { ...base.query, control: 'style' } });
    expect(board.control!.rows.map((r) => r.spec).sort()).toEqual(board.rows.map((r) => r.spec).sort());
    expect(board.control!.rows.find((r) => r.spec === 'x')!.label).toBe('Ex');
    expect(buildBoard({ ...base, battles: [{ a: 'x', b: 'y', outcome: 1 }], query: { ...base.query, control: 'style' } }).control).toBeUndefined();
  });
});
