/**
 * Mixed right-to-left text: the Unicode Bidirectional Algorithm (bidi-js) gives each character an
 * embedding level; runs are then put in visual order by rule L2 (reverse every sequence at level k
 * or higher, from the highest level down to the lowest odd one).
 */
import bidiFactory from 'bidi-js';

const bidi = bidiFactory();

/** The embedding level of each UTF-16 code unit of a paragraph whose base direction is left-to-right. */
export function embeddingLevels(text: string): Uint8Array {
  return bidi.getEmbeddingLevels(text, 'ltr').levels;
}

/** Runs (each with one level) in visual order, left to right. */
export function visualOrder<T extends { level: number }>(runs: T[]): T[] {
  const out = [...runs];
  const max = Math.max(0, ...out.map((r) => r.level));
  const lowestOdd = Math.min(...out.map((r) => r.level).filter((l) => l % 2 === 1), Infinity);
  for (let k = max; k >= lowestOdd && k > 0; k--) {
    for (let i = 0; i < out.length; i++) {
      if (out[i].level < k) continue;
      let j = i;
      while (j + 1 < out.length && out[j + 1].level >= k) j++;
      out.splice(i, j - i + 1, ...out.slice(i, j + 1).reverse());
      i = j;
    }
  }
  return out;
}
