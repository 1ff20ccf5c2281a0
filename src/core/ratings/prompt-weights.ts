/**
 * Repeated prompts weigh less, as LMArena down-samples its most repeated prompts: the example
 * prompt run a hundred times must not count a hundred times.
 *
 * THE RULE (also in the README): duels are grouped by community (platform + server/workspace) and
 * normalized prompt: the prompt as people read it (model/readable-text.ts: NFKC, invisible and
 * bidi characters removed, look-alike letters folded, lower case, letter spacing joined), then
 * punctuation and symbols turned to spaces and runs of spaces collapsed. So "a pe\u200blican"
 * is a repeat of "a pelican". In a group of n rated duels in the board's scope, each weighs
 * min(1, sqrt(FULL_WEIGHT_REPEATS / n)): the first three repeats count fully, and n duels on one
 * prompt count together as sqrt(3n) duels (100 repeats ≈ 17 duels). The weight goes into the
 * Bradley–Terry fit (Battle.weight); counts and win rates still count every duel.
 */
import { readableText } from '../model/readable-text.js';

/** A prompt may be run this many times in one community before its duels weigh less. */
export const FULL_WEIGHT_REPEATS = 3;

/** "A Pelican, riding a bicycle!", "a pelican riding a  bicycle" and "a pe\u200blican riding a bicycle" are the same prompt. */
export function normalizePrompt(prompt: string): string {
  return readableText(prompt)
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Weight of each duel in a group of `n` duels on one prompt in one community. */
export function repeatWeight(n: number): number {
  return n <= FULL_WEIGHT_REPEATS ? 1 : Math.sqrt(FULL_WEIGHT_REPEATS / n);
}

/** Weight per duel id, for duels given as { id, platform, community, prompt }. */
export function promptWeights(duels: ReadonlyArray<{ id: string; platform: string; community: string; prompt: string }>): Map<string, number> {
  const groups = new Map<string, string[]>();
  for (const d of duels) {
    const key = `${d.platform}\u0000${d.community}\u0000${normalizePrompt(d.prompt)}`;
    const ids = groups.get(key);
    if (ids) ids.push(d.id);
    else groups.set(key, [d.id]);
  }
  const out = new Map<string, number>();
  for (const ids of groups.values()) {
    const w = repeatWeight(ids.length);
    for (const id of ids) out.set(id, w);
  }
  return out;
}
