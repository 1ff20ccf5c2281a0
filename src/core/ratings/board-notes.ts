/**
 * The footnotes every board shows (chat, web, chart, CLI), worded once here so the boards
 * cannot drift apart: the position-bias check, what the provisional mark and an unknown
 * interval mean, and what was left out or down-weighted before the fit.
 */
import type { Leaderboard } from '../model/board-types.js';

export type BoardNoteKind = 'side-a' | 'provisional' | 'unknown-interval' | 'left-out' | 'author-early' | 'down-weighted';

export interface BoardNote {
  kind: BoardNoteKind;
  /** One or two plain sentences, no mark: each board puts its own mark before the ones that need one. */
  text: string;
}

/** No-break space: "95 %" never splits across lines when a note is wrapped. */
const NBSP = '\u00a0';

function pct(x: number): string {
  return `${Math.round(x * 100)}${NBSP}%`;
}

/** The side-A sentence: the share, its 95 % interval and how many battles it rests on. */
export function sideAText(board: Leaderboard): string {
  if (board.sideAWinShare === null || board.sideAWinCi === null) {
    return 'Side A share: no decisive battle yet (every battle was a tie).';
  }
  const [lo, hi] = board.sideAWinCi;
  const n = board.decisiveBattles;
  return `Side A won ${pct(board.sideAWinShare)} of ${n} decisive ${n === 1 ? 'battle' : 'battles'} (95${NBSP}% interval ${Math.round(lo * 100)}–${pct(hi)}); near 50${NBSP}% means the side shown does not sway votes.`;
}

/** A rating interval as text, or `unknown` when it is not yet known. */
export function intervalText(ci: readonly [number, number] | null, unknown = '—'): string {
  return ci === null ? unknown : `${Math.round(ci[0])} – ${Math.round(ci[1])}`;
}

/** The notes that apply to this board, in display order. */
export function boardNotes(board: Leaderboard): BoardNote[] {
  const notes: BoardNote[] = [{ kind: 'side-a', text: sideAText(board) }];
  if (board.rows.some((r) => r.provisional)) {
    notes.push({ kind: 'provisional', text: `Provisional: fewer than ${board.provisionalBelow} battles so far.` });
  }
  if (board.rows.some((r) => r.ci === null)) {
    notes.push({
      kind: 'unknown-interval',
      text: 'Interval not yet known: too few battles, or only wins or only losses, to measure it.',
    });
  }
  const left = board.leftOutVotes ?? 0;
  if (left > 0) notes.push({ kind: 'left-out', text: `${left} ${left === 1 ? 'vote' : 'votes'} from flagged voters left out.` });
  const early = board.authorEarlyVotes ?? 0;
  if (early > 0) notes.push({ kind: 'author-early', text: `${early} ${early === 1 ? 'vote' : 'votes'} by authors on their own duels closed early left out.` });
  const weighted = board.downWeightedDuels ?? 0;
  if (weighted > 0) notes.push({ kind: 'down-weighted', text: `${weighted} ${weighted === 1 ? 'duel' : 'duels'} on repeated prompts down-weighted.` });
  return notes;
}
