/**
 * Words for the labels people read, shared by the providers' `label`s
 * (`ollama:qwen3.6:35b-a3b` -> `Qwen3.6-35B-A3B (local)`, `anthropic:claude-opus-4-7` -> `Claude Opus 4.7`).
 * The label of a spec is the registry's `defaultLabel`.
 */

/** Words that read better in capitals. */
const ACRONYMS = new Set(['gpt', 'oss', 'qwq', 'glm', 'llm', 'vl', 'moe', 'it']);

/** `claude` -> `Claude`, `gpt` -> `GPT`. */
export function capitalise(word: string): string {
  if (ACRONYMS.has(word.toLowerCase())) return word.toUpperCase();
  return word.charAt(0).toUpperCase() + word.slice(1);
}
