/**
 * The one rule for the characters a prompt may hold. A prompt is shown to everyone (chat messages,
 * the arena page, the image caption, the admin's terminal in `duel export`), so it must be text
 * that only shows: control characters are refused at entry. Tabs and line breaks are text; every
 * other C0 control (NUL, ESC, which starts terminal escape sequences, ...), DEL and the C1
 * controls (U+0080-U+009F, among them the 8-bit CSI and OSC) are not.
 */

/** Every control character a prompt may not hold (C0 except tab, LF and CR; DEL; C1). */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;

/** A code point as people write it: `U+001B`. */
export function codePointName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Why this prompt may not be used, in words for people, or null when its characters are fine. */
export function promptCharacterProblem(prompt: string): string | null {
  const found = CONTROL_CHARACTER.exec(prompt);
  if (!found) return null;
  const position = [...prompt.slice(0, found.index)].length + 1;
  return `The prompt holds a control character (${codePointName(found[0])} at character ${position}), which cannot be shown safely: type the prompt as plain text (line breaks are fine) and try again.`;
}
