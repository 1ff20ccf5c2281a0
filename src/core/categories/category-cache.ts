/**
 * The port through which a category model's answers are kept, so each prompt is asked about once
 * (the store backs it with a table); and an in-process LRU for tests and for running without one.
 */

/** A prompt as the cache keys it: NFKC, lower case, spaces collapsed, so retyped prompts hit. */
export function promptKey(prompt: string): string {
  return prompt.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export interface CategoryCache {
  /**
   * The categories `model` (a contender spec) gave this prompt before, or undefined when it was never
   * asked. `prompt` is already a promptKey(). An empty list is an answer: the model found none.
   */
  cached(prompt: string, model: string): Promise<readonly string[] | undefined>;
  /** Keep the model's answer (valid category names only) for the prompt; `at` is epoch ms. */
  remember(prompt: string, model: string, categories: readonly string[], at: number): Promise<void>;
}

/** A bounded in-process cache: the least recently used prompt goes first. */
export class LruCategoryCache implements CategoryCache {
  private readonly entries = new Map<string, readonly string[]>();

  constructor(private readonly max = 1_000) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`an LRU cache holds at least 1 entry, got ${max}`);
  }

  get size(): number {
    return this.entries.size;
  }

  async cached(prompt: string, model: string): Promise<readonly string[] | undefined> {
    const key = JSON.stringify([model, prompt]);
    const hit = this.entries.get(key);
    if (hit === undefined) return undefined;
    // Map keeps insertion order: taking it out and back in makes it the most recent.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  async remember(prompt: string, model: string, categories: readonly string[]): Promise<void> {
    const key = JSON.stringify([model, prompt]);
    this.entries.delete(key);
    this.entries.set(key, [...categories]);
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
