/**
 * Simulated voters for the outlier test and its bench: a community of honest voters who vote by
 * Bradley–Terry from true ratings plus a personal taste (each voter's own offset per model), and
 * stuffers who always pick one model. Seeded, so the same seed gives the same votes.
 */
import { mulberry32 } from '../../src/core/ratings/prng.js';
import type { VoterVote } from '../../src/core/ratings/outliers.js';

export const TRUE_RATINGS: Readonly<Record<string, number>> = {
  'anthropic:claude-opus-4-7': 1150,
  'openai:gpt-5.1': 1080,
  'ollama:qwen3.6:35b-a3b': 1020,
  'ollama:gemma3:27b': 980,
  'ollama:llama4:scout': 920,
  'ollama:my-finetune': 850,
};

export interface Community {
  votes: VoterVote[];
  honest: string[];
  stuffers: string[];
}

/** Normal(0, 1) by Box–Muller. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export function simulateCommunity(opts: { honest: number; stuffers?: number; seed: number; tasteSd?: number; votesPerVoter?: [number, number]; stuffFor?: string }): Community {
  const random = mulberry32(opts.seed);
  const specs = Object.keys(TRUE_RATINGS);
  const [lo, hi] = opts.votesPerVoter ?? [25, 60];
  const taste = opts.tasteSd ?? 50;
  const votes: VoterVote[] = [];
  const pairOf = (): [string, string] => {
    const i = Math.floor(random() * specs.length);
    let j = Math.floor(random() * (specs.length - 1));
    if (j >= i) j++;
    return [specs[i], specs[j]];
  };
  const honest: string[] = [];
  for (let v = 0; v < opts.honest; v++) {
    const voter = `web:honest-${v}`;
    honest.push(voter);
    const own = new Map(specs.map((s) => [s, TRUE_RATINGS[s] + taste * gaussian(random)]));
    const count = lo + Math.floor(random() * (hi - lo + 1));
    for (let k = 0; k < count; k++) {
      const [a, b] = pairOf();
      const pA = 1 / (1 + Math.pow(10, (own.get(b)! - own.get(a)!) / 400));
      // One vote in ten is a tie or "both bad", as people give them.
      const r = random();
      const choice = r < 0.05 ? 'tie' : r < 0.1 ? 'bad' : random() < pA ? 'A' : 'B';
      votes.push({ voter, a, b, choice });
    }
  }
  const stuffers: string[] = [];
  const target = opts.stuffFor ?? 'ollama:my-finetune';
  for (let v = 0; v < (opts.stuffers ?? 0); v++) {
    const voter = `web:stuffer-${v}`;
    stuffers.push(voter);
    for (let k = 0; k < 30; k++) {
      // Votes only where the target is drawn, and always for it.
      let [a, b] = pairOf();
      while (a !== target && b !== target) [a, b] = pairOf();
      votes.push({ voter, a, b, choice: a === target ? 'A' : 'B' });
    }
  }
  return { votes, honest, stuffers };
}
