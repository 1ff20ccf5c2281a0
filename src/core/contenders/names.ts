/**
 * Which configured contenders a person named. One rule for every surface (Discord options and
 * autocomplete, Slack command text, web selects, `duel run --a/--b`): a name is a contender's spec
 * or its label, compared case-insensitively, with surrounding spaces ignored. An exact spec wins
 * over a label, so a label that happens to equal another contender's spec cannot hijack it.
 */
import { DuelRejectedError } from '../model/errors.js';

export interface NamedContender {
  spec: string;
  label: string;
}

/** The spec a name stands for, or undefined when it names no configured contender. */
export function contenderByName(contenders: readonly NamedContender[], name: string): string | undefined {
  const v = name.trim();
  if (!v) return undefined;
  const lower = v.toLowerCase();
  return (
    contenders.find((c) => c.spec === v)?.spec ??
    contenders.find((c) => c.spec.toLowerCase() === lower)?.spec ??
    contenders.find((c) => c.label.toLowerCase() === lower)?.spec
  );
}

/** "Qwen (ollama:qwen3.6:35b-a3b), Claude (anthropic:claude-opus-4-7)": what a person may type. */
export function validNames(contenders: readonly NamedContender[]): string {
  return contenders.map((c) => (c.label && c.label !== c.spec ? `${c.label} (${c.spec})` : c.spec)).join(', ');
}

/**
 * Turns 0, 1 or 2 names (labels or specs) into specs. Throws a DuelRejectedError whose message
 * says which name is unknown and lists the valid ones; empty names are ignored.
 */
export function resolveContenderNames(contenders: readonly NamedContender[], names: readonly string[] | undefined): string[] {
  const given = (names ?? []).map((n) => n.trim()).filter(Boolean);
  if (given.length > 2) {
    throw new DuelRejectedError(`A duel has two sides, but ${given.length} contenders were named: name at most two.`, 'unknown-contender');
  }
  const specs = given.map((name) => {
    const spec = contenderByName(contenders, name);
    if (!spec) throw new DuelRejectedError(`There is no contender "${name}". Name one of: ${validNames(contenders)}.`, 'unknown-contender');
    return spec;
  });
  if (specs.length === 2 && specs[0] === specs[1]) {
    throw new DuelRejectedError(`Both sides name ${specs[0]}: a duel needs two different contenders (or name one and let the arena pick its opponent).`, 'same-contender');
  }
  return specs;
}
