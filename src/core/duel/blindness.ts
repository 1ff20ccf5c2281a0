/**
 * Blind means blind: a drawing whose drawn text names a contender, its maker or its model
 * family unblinds the duel (it is flagged and left out of the ratings, like LMArena's identity
 * filter). The text comes from the renderer (what the blind form draws, in reading order); it is
 * read here as people read it, so a disguised name counts too.
 */
import { lookalikeKey } from '../model/readable-text.js';

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

/** Most drawn text read for names, in UTF-16 units. */
export const MAX_DRAWN_TEXT = 20_000;
/** What namedIdentities reports for a drawing with more drawn text than it reads. */
export const TOO_MUCH_TEXT = `more than ${MAX_DRAWN_TEXT.toLocaleString('en')} characters of drawn text (not read)`;

/** The word as a case-insensitive pattern that must start a word ("Qwen3" matches "qwen", "unqwenchable" does not). */
function atWordStart(key: string): RegExp {
  return new RegExp(`(^|[^\\p{L}\\p{N}])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'u');
}

/**
 * The identity words a drawing writes. `drawnText` is the text the drawing draws, as the
 * renderer read it from the blind form (RenderedSvg.text: hidden text excluded, runs joined in
 * reading order); it is read as people read it (model/readable-text.ts: invisible characters,
 * look-alike letters, right-to-left overrides and letter spacing undone) and each word, read the
 * same way, must start a word of it.
 */
export function namedIdentities(drawnText: string, words: string[]): string[] {
  // Reading text as people do costs ~0.5 ms per 1,000 characters on the event loop. No drawing
  // needs more text than this; one that draws more is not read, and counts as unblinded.
  if (drawnText.length > MAX_DRAWN_TEXT) return [TOO_MUCH_TEXT];
  const text = lookalikeKey(drawnText);
  return words.filter((w) => {
    const key = lookalikeKey(w);
    return key.length > 0 && atWordStart(key).test(text);
  });
}
