/**
 * Simulated battles for the style-control tests: each model has a true strength; an animated
 * drawing wins `animatedElo` points regardless of the model, and the weak models animate most,
 * so a plain fit credits the weak models with what animation won them.
 * Features: `animated` (0/1, with the effect), `bytes` (bigger when animated, no own effect),
 * `colors` (random, no effect), `elements` and `text` (random, no effect).
 */
import type { Battle } from '../../../src/core/model/board-types.js';
import { ELO_PER_NAT } from '../../../src/core/ratings/bradley-terry.js';
import { sigmoid } from '../../../src/core/ratings/numeric.js';
import { mulberry32 } from '../../../src/core/ratings/prng.js';

export interface StyleSim {
  battles: Battle[];
  /** True strengths, Elo scale, mean 1000. */
  truth: Map<string, number>;
}

export function simulateStyle(options: { battles: number; models?: number; animatedElo?: number; seed?: number; voters?: number }): StyleSim {
  const models = options.models ?? 6;
  const animatedElo = options.animatedElo ?? 150;
  const voters = options.voters ?? 1;
  const random = mulberry32(options.seed ?? 11);
  // Strengths 60 Elo apart, mean 1000; the weakest animates 90 % of the time, the strongest 10 %.
  const names = Array.from({ length: models }, (_, k) => `m${k}`);
  const strength = names.map((_, k) => 1000 + (k - (models - 1) / 2) * 60);
  const animates = names.map((_, k) => 0.9 - (0.8 * k) / Math.max(1, models - 1));
  const draw = (m: number) => {
    const animated = random() < animates[m] ? 1 : 0;
    return {
      bytes: Math.round(2000 + 3000 * random() + 4000 * animated),
      elements: 5 + ((random() * 60) | 0),
      colors: 1 + ((random() * 12) | 0),
      animated,
      text: random() < 0.3 ? (random() * 20) | 0 : 0,
    };
  };
  const battles: Battle[] = [];
  for (let n = 0; n < options.battles; n++) {
    const a = (random() * models) | 0;
    let b = (random() * (models - 1)) | 0;
    if (b >= a) b++;
    const fa = draw(a);
    const fb = draw(b);
    const diff = strength[a] - strength[b] + animatedElo * (fa.animated - fb.animated);
    const pa = sigmoid(diff / ELO_PER_NAT);
    let votesA = 0;
    for (let v = 0; v < voters; v++) if (random() < pa) votesA++;
    battles.push({ a: names[a], b: names[b], outcome: votesA / voters, features: { a: fa, b: fb } });
  }
  return { battles, truth: new Map(names.map((m, k) => [m, strength[k]] as const)) };
}
