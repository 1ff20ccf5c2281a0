/**
 * Which configured contenders a person named. One rule for every surface (Discord options and
 * autocomplete, Slack command text, web selects, `duel run --a/--b`): a name is a contender's spec,
 * its label, or one word of its label (`claude`, `opus`, `qwen` for "Qwen3.6-35B-A3B (local)"),
 * compared case-insensitively with surrounding spaces ignored. A word counts only when it belongs
 * to one contender: a word shared by several is ambiguous and the error lists who shares it.
 * An exact spec wins over a label, and a label over a word, so a label that happens to equal
 * another contender's spec (or a word of another label) cannot hijack it.
 */
import { DuelRejectedError } from '../model/errors.js';

export interface NamedContender {
  spec: string;
  label: string;
}

/** What a name stands for: one spec, several (an ambiguous word), or none. */
export type NameMatch = { spec: string } | { ambiguous: NamedContender[] } | undefined;

/**
 * The words people type for a label, lowercased: each token between spaces and brackets, its
 * hyphen-separated parts, and the letters a part starts with ("qwen3.6" -> "qwen"). One-letter
 * words are left out: `b` would otherwise name whichever label has a "B" in a size like "35B".
 */
export function labelWords(label: string): Set<string> {
  const words = new Set<string>();
  for (const token of label.toLowerCase().split(/[\s()[\],/]+/u)) {
    for (const part of [token, ...token.split(/[-_]+/u)]) {
      words.add(part);
      const letters = /^\p{L}+/u.exec(part);
      if (letters) words.add(letters[0]);
    }
  }
  return new Set([...words].filter((w) => [...w].length >= 2));
}

/** Which contender (or contenders, when ambiguous) a name stands for. */
export function matchContenderName(contenders: readonly NamedContender[], name: string): NameMatch {
  const v = name.trim();
  if (!v) return undefined;
  const lower = v.toLowerCase();
  const whole =
    contenders.find((c) => c.spec === v) ??
    contenders.find((c) => c.spec.toLowerCase() === lower) ??
    contenders.find((c) => c.label.toLowerCase() === lower);
  if (whole) return { spec: whole.spec };
  const byWord = contenders.filter((c) => labelWords(c.label).has(lower));
  if (byWord.length === 1) return { spec: byWord[0].spec };
  if (byWord.length > 1) return { ambiguous: byWord };
  return undefined;
}

/** The spec a name stands for, or undefined when it names no configured contender or several. */
export function contenderByName(contenders: readonly NamedContender[], name: string): string | undefined {
  const match = matchContenderName(contenders, name);
  return match && 'spec' in match ? match.spec : undefined;
}

/** "Qwen (ollama:qwen3.6:35b-a3b), Claude (anthropic:claude-opus-4-7)": what a person may type. */
export function validNames(contenders: readonly NamedContender[]): string {
  return contenders.map((c) => (c.label && c.label !== c.spec ? `${c.label} (${c.spec})` : c.spec)).join(', ');
}

/**
 * Turns 0, 1 or 2 names (labels, specs or words of a label) into specs. Throws a DuelRejectedError
 * whose message says which name is unknown or ambiguous and lists the candidates; empty names are ignored.
 */
export function resolveContenderNames(contenders: readonly NamedContender[], names: readonly string[] | undefined): string[] {
  const given = (names ?? []).map((n) => n.trim()).filter(Boolean);
  if (given.length > 2) {
    throw new DuelRejectedError(`A duel has two sides, but ${given.length} contenders were named: name at most two.`, 'unknown-contender');
  }
  const specs = given.map((name) => {
    const match = matchContenderName(contenders, name);
    if (!match) throw new DuelRejectedError(`"${name}" names no contender. Name one of: ${validNames(contenders)}.`, 'unknown-contender');
    if ('ambiguous' in match) {
      throw new DuelRejectedError(`"${name}" names ${match.ambiguous.length} contenders: ${validNames(match.ambiguous)}. Name one of them by its label or spec.`, 'unknown-contender');
    }
    return match.spec;
  });
  if (specs.length === 2 && specs[0] === specs[1]) {
    throw new DuelRejectedError(`Both sides name ${specs[0]}: a duel needs two different contenders (or name one and let the arena pick its opponent).`, 'same-contender');
  }
  return specs;
}
