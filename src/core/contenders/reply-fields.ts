/**
 * What a model server sends is checked here, at the boundary, before any of it is kept: every
 * byte from a model is hostile, and a typed client library only says what a well-behaved server
 * sends. Two rules, one per kind of field:
 *
 * - Token counts are metadata: one that is not a non-negative whole number (`true`, `{}`, `-3`,
 *   `1.5`, `"12"`) becomes unknown (null). It never fails the drawing and never reaches the store.
 * - Reply text is the drawing: a piece that is neither text nor absent (`content` sent as an
 *   object) fails that side only, with a ContenderError that says so.
 */
import { z } from 'zod';
import { ContenderError } from '../model/errors.js';
import type { Tokens } from '../model/types.js';

/** A token count as the store keeps it. */
const tokenCount = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** A reply piece: text, or absent. */
const replyText = z.string().nullish();

/** `value` when it is a usable token count, else null (unknown). */
export function knownTokenCount(value: unknown): number | null {
  const parsed = tokenCount.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/** Both counts, each usable or unknown. */
export function knownTokens(tokens: { input?: unknown; output?: unknown }): Tokens {
  return { input: knownTokenCount(tokens.input), output: knownTokenCount(tokens.output) };
}

/** What a value is, in words, without echoing it (it may be huge or hostile). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  const type = typeof value;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/**
 * One piece of a reply (`field` names it in the message: answer text, thinking, refusal) as text,
 * or undefined when absent. Anything else fails this side.
 */
export function replyTextPiece(value: unknown, field: string, who: { spec: string; label: string }): string | undefined {
  const parsed = replyText.safeParse(value);
  if (parsed.success) return parsed.data ?? undefined;
  throw new ContenderError(
    `${who.label} sent ${field} that is not text (${kindOf(value)}), so there is no drawing: the model server does not follow its API; try again or check the server`,
    who.spec,
    'stream-broken',
  );
}
