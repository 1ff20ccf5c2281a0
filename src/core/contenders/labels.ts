/**
 * Human labels derived from a spec when the config gives none:
 * `ollama:qwen3.6:35b-a3b` -> `Qwen3.6-35B-A3B (local)`, `anthropic:claude-opus-4-7` -> `Claude Opus 4.7`.
 */

/** Words that read better in capitals. */
const ACRONYMS = new Set(['gpt', 'oss', 'qwq', 'glm', 'llm', 'vl', 'moe', 'it']);

function capitalise(word: string): string {
  if (ACRONYMS.has(word.toLowerCase())) return word.toUpperCase();
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** `qwen3.6:35b-a3b` -> `Qwen3.6-35B-A3B`; `hf.co/unsloth/Qwen3-GGUF:Q4_K_M` -> `Qwen3-GGUF-Q4_K_M`. */
function ollamaLabel(model: string): string {
  const colon = model.indexOf(':');
  const repo = colon >= 0 ? model.slice(0, colon) : model;
  const tag = colon >= 0 ? model.slice(colon + 1) : '';
  const name = repo.split('/').pop() || repo;
  const head = name.split('-').map(capitalise).join('-');
  if (!tag || tag === 'latest') return head;
  return `${head}-${tag.toUpperCase()}`;
}

/** `claude-opus-4-7` -> `Claude Opus 4.7`; `claude-haiku-4-5-20251001` -> `Claude Haiku 4.5`. */
function anthropicLabel(model: string): string {
  const parts = model.split('-').filter((p) => p !== '' && !/^\d{8}$/.test(p) && p !== 'latest');
  const words: string[] = [];
  for (const part of parts) {
    const prev = words[words.length - 1];
    // Consecutive version numbers join with a dot: 4-7 -> 4.7, 3-5 -> 3.5.
    if (/^\d+$/.test(part) && prev !== undefined && /^\d+(\.\d+)*$/.test(prev)) {
      words[words.length - 1] = `${prev}.${part}`;
    } else {
      words.push(/^\d/.test(part) ? part : capitalise(part));
    }
  }
  return words.join(' ') || model;
}

/**
 * `gpt-5.1` -> `GPT-5.1`; `openai/gpt-oss-120b` -> `GPT-OSS-120b`; `deepseek-chat` -> `Deepseek-Chat`:
 * the last path segment, words capitalised, known acronyms in capitals.
 */
function openaiLabel(model: string): string {
  const name = model.split('/').pop() || model;
  return name.split('-').map((w) => (/^\d/.test(w) ? w : capitalise(w))).join('-');
}

/** A readable default label for a spec; unknown providers get `model (provider)`. */
export function defaultLabel(spec: string): string {
  const colon = spec.indexOf(':');
  if (colon <= 0) return spec;
  const provider = spec.slice(0, colon).toLowerCase();
  const model = spec.slice(colon + 1);
  if (!model) return spec;
  if (provider === 'ollama') return `${ollamaLabel(model)} (local)`;
  if (provider === 'anthropic') return anthropicLabel(model);
  if (provider === 'openai') return openaiLabel(model);
  // A named OpenAI-compatible server: say which, two servers may offer the same model.
  if (provider.startsWith('openai@')) return `${openaiLabel(model)} (${provider.slice('openai@'.length)})`;
  return `${model} (${provider})`;
}
