/**
 * Blind means blind: a drawing whose visible text names a contender, its maker or its model
 * family unblinds the duel (it is flagged and left out of the ratings, like LMArena's identity filter).
 */

/** Makers of well-known model families, so "Alibaba" in a Qwen drawing counts too. */
const FAMILY_MAKERS: Record<string, string[]> = {
  qwen: ['Alibaba', 'Tongyi'],
  claude: ['Anthropic'],
  llama: ['Meta'],
  gemma: ['Google', 'Gemini'],
  gemini: ['Google'],
  mistral: ['Mistral'],
  deepseek: ['DeepSeek'],
  phi: ['Microsoft'],
  gpt: ['OpenAI', 'ChatGPT'],
};

const PROVIDER_WORDS: Record<string, string[]> = {
  anthropic: ['Anthropic', 'Claude'],
  ollama: ['Ollama'],
};

/** Words that identify the given contenders (by spec and label) plus any extra configured words. */
export function identityWords(contenders: Array<{ spec: string; label: string }>, extra: string[] = []): string[] {
  const words = new Set<string>();
  for (const { spec, label } of contenders) {
    const [provider, ...rest] = spec.split(':');
    const model = rest.join(':');
    for (const w of PROVIDER_WORDS[provider] ?? []) words.add(w);
    const family = /^[a-z]+/i.exec(model)?.[0]?.toLowerCase();
    if (family && family.length >= 3) {
      words.add(family);
      for (const w of FAMILY_MAKERS[family] ?? []) words.add(w);
    }
    const firstLabelWord = /^[A-Za-z]{3,}/.exec(label)?.[0];
    if (firstLabelWord) words.add(firstLabelWord);
  }
  for (const w of extra) if (w.trim()) words.add(w.trim());
  return [...words];
}

/**
 * The visible text of an SVG: text nodes only, entities left as they are (the SVG is sanitized).
 * Inline text tags (tspan, textPath, a) join their neighbours, so `Cl<tspan>aude</tspan>` reads "Claude".
 */
function visibleText(svg: string): string {
  return svg
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?(?:[\w-]+:)?(?:tspan|textPath|a)\b[^>]*>/gi, '')
    .replace(/<[^>]*>/g, ' ');
}

/** The identity words a drawing writes, case-insensitive, at a word start ("Qwen3" matches "qwen"). */
export function namedIdentities(svg: string, words: string[]): string[] {
  const text = visibleText(svg);
  return words.filter((w) => new RegExp(`(^|[^\\p{L}\\p{N}])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu').test(text));
}
