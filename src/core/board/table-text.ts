/** Text helpers shared by the monospace tables of a board (the leaderboard and the pair matrix). */

/** Width of a board's monospace table when the caller names none (a chat code block on a phone). */
export const DEFAULT_TABLE_WIDTH = 64;

/** Length in code points (the en dash and ellipsis are one column in monospace fonts). */
export function len(s: string): number {
  return [...s].length;
}

export function truncate(s: string, w: number): string {
  const cps = [...s];
  return cps.length <= w ? s : `${cps.slice(0, Math.max(0, w - 1)).join('')}…`;
}

/** One line, no backticks (they would close the chat code block), no control characters. */
export function cleanLabel(label: string): string {
  // eslint-disable-next-line no-control-regex
  return label.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/`/g, "'").trim() || '?';
}
