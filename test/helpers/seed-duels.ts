/**
 * Closed duels with votes written straight into a real Store, for tests about what the board and
 * the voter test make of many votes (drawing hundreds of duels would test the renderer instead).
 * The rows are the ones the engine writes: insert, open, votes, close.
 */
import type { Store } from '../../src/core/store/sqlite-store.js';
import { mulberry32 } from '../../src/core/ratings/prng.js';
import type { Choice } from '../../src/core/model/types.js';

export interface SeedDuel {
  a: string;
  b: string;
  prompt?: string;
  platform?: 'cli' | 'discord' | 'slack' | 'web';
  community?: string;
  votes: Array<[voter: string, choice: Choice]>;
}

let counter = 0;

export async function seedClosedDuel(store: Store, d: SeedDuel, at: number): Promise<string> {
  const id = `seed${++counter}x${Math.floor(at)}`;
  await store.insertDuel({
    id,
    platform: d.platform ?? 'web',
    community: d.community ?? 'web',
    channel: 'arena',
    messageRef: null,
    author: 'web:author',
    prompt: d.prompt ?? `prompt ${id}`,
    aSpec: d.a,
    bSpec: d.b,
    createdAt: at,
    closesAt: null,
    closedAt: null,
    status: 'generating',
    flags: [],
  });
  await store.finishGeneration(id, 'open', at + 60_000, [], null);
  for (const [voter, choice] of d.votes) await store.setVote(id, voter, choice, at + 1000);
  await store.markClosed(id, at + 60_000);
  return id;
}

/** Ratings the honest voters vote by: the fine-tune is clearly the weakest. */
export const SEED_RATINGS: Record<string, number> = { 'ollama:finetune': 800, 'ollama:qwen': 1000, 'anthropic:claude': 1200 };

/**
 * `duels` duels cycling through the three pairs; `honest` voters vote in each by Bradley–Terry from
 * SEED_RATINGS (seeded); the stuffer votes for the fine-tune in every duel it is in.
 */
export async function seedCommunity(store: Store, opts: { duels: number; honest: number; stuffer?: string; seed?: number; start?: number }): Promise<void> {
  const random = mulberry32(opts.seed ?? 1);
  const pairs: Array<[string, string]> = [
    ['ollama:finetune', 'ollama:qwen'],
    ['anthropic:claude', 'ollama:finetune'],
    ['ollama:qwen', 'anthropic:claude'],
  ];
  for (let k = 0; k < opts.duels; k++) {
    const [a, b] = pairs[k % 3];
    const pA = 1 / (1 + Math.pow(10, (SEED_RATINGS[b] - SEED_RATINGS[a]) / 400));
    const votes: Array<[string, Choice]> = [];
    for (let v = 0; v < opts.honest; v++) votes.push([`web:honest-${v}`, random() < pA ? 'A' : 'B']);
    if (opts.stuffer && (a === 'ollama:finetune' || b === 'ollama:finetune')) votes.push([opts.stuffer, a === 'ollama:finetune' ? 'A' : 'B']);
    await seedClosedDuel(store, { a, b, votes }, (opts.start ?? 1_700_000_000_000) + k * 3_600_000);
  }
}
