/**
 * `/duel [a:<name>] [b:<name>] <prompt>`: the Slack spelling of Discord's a:/b: options. Leading
 * `a:` / `b:` tokens (either optional, in any order, a name with spaces in double quotes) name the
 * contenders; the rest is the prompt. Which contender a name means is core's rule
 * (src/core/contenders/names.ts): this only splits the text.
 */

export const DUEL_USAGE =
  'Usage: `/duel [a:<model>] [b:<model>] <prompt>`, e.g. `/duel a pelican riding a bicycle` or `/duel a:qwen b:claude a pelican riding a bicycle` (name one or both models by label or spec; a name with spaces goes in quotes, `a:"Claude Opus 4.7"`).';

export interface DuelArgs {
  /** The names as typed, a before b (none, one or two); core resolves them. */
  names: string[];
  prompt: string;
}

/** `a:name`, `b:name`, `a:"two words"` (straight or curly quotes, as Slack clients type them). */
const TOKEN = /^\s*([ab]):(?:"([^"]*)"|“([^”]*)”|(\S+))(?=\s|$)/i;

export function parseDuelArgs(text: string): DuelArgs {
  let rest = text;
  const named: Partial<Record<'a' | 'b', string>> = {};
  for (;;) {
    const m = TOKEN.exec(rest);
    if (!m) break;
    const side = m[1].toLowerCase() as 'a' | 'b';
    // A second a: is not a name: it belongs to the prompt from there on.
    if (named[side] !== undefined) break;
    named[side] = (m[2] ?? m[3] ?? m[4]).trim();
    rest = rest.slice(m[0].length);
  }
  const names = [named.a, named.b].filter((n): n is string => n !== undefined && n !== '');
  return { names, prompt: rest.trim() };
}
