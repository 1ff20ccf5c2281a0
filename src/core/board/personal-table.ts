/**
 * One voter's own board as monospace text (chat `/leaderboard me`, `duel leaderboard --voter`):
 * how often they agreed with the crowd, then their rank and rating of each model beside the
 * community's. Until they have voted enough, it says how many more votes it takes. Pure: no I/O.
 */
import { cleanLabel, DEFAULT_TABLE_WIDTH } from './table-text.js';
import { layoutColumns, NBSP, percent, rankChange, whole, wrapText } from './text-columns.js';
import type { PersonalBoard } from '../model/board-types.js';

export const PERSONAL_MEANING =
  'Yours: your votes fitted with the crowd’s ratings as the starting point. ▲▼: places you rank a model above or below the crowd. Only you see this board; it shows nobody else’s votes.';

/** "Your board — 14 votes; you agreed with the crowd in 9 of 12 (75 %)" */
export function personalHeadline(pb: PersonalBoard): string {
  const votes = `${pb.votes} ${pb.votes === 1 ? 'vote' : 'votes'}`;
  const { agreed, compared, share } = pb.agreement;
  const agreement =
    compared === 0 || share === null
      ? 'none of them can be compared with the crowd yet'
      : `you agreed with the crowd in ${agreed} of ${compared} (${percent(share)})`;
  return `Your board — ${votes}; ${agreement}`;
}

/** Said until the board is shown: "Vote in 4 more duels to see your board (6 of 10 so far)." */
export function votesNeededText(pb: PersonalBoard): string | null {
  const left = pb.minVotes - pb.votes;
  if (left <= 0 && pb.rows.length > 0) return null;
  if (left <= 0) return 'Your votes are counted, but none of them is on a rated duel in this scope yet.';
  return `Vote in ${left} more ${left === 1 ? 'duel' : 'duels'} to see your board (${pb.votes} of${NBSP}${pb.minVotes} so far).`;
}

/** The headline, your rank and rating against the crowd's for every model, and what they mean. */
export function formatPersonalBoard(pb: PersonalBoard, options: { maxWidth?: number } = {}): string {
  const maxWidth = Math.max(30, Math.floor(options.maxWidth ?? DEFAULT_TABLE_WIDTH));
  const needed = votesNeededText(pb);
  if (needed !== null) return wrapText(needed, maxWidth).join('\n');
  const rows = pb.rows;
  const table = layoutColumns(
    [
      { head: '#', align: 'right', cells: rows.map((r) => String(r.rank)) },
      { head: 'Crowd #', align: 'left', cells: rows.map((r) => `${r.communityRank} ${rankChange(r.communityRank, r.rank)}`) },
      { head: 'Contender', align: 'left', cells: rows.map((r) => cleanLabel(r.label)) },
      { head: 'Yours', align: 'right', cells: rows.map((r) => whole(r.rating)) },
      { head: 'Crowd', align: 'right', cells: rows.map((r) => whole(r.communityRating)) },
    ],
    { maxWidth, flex: 2, minFlex: 8 },
  );
  return [...wrapText(personalHeadline(pb), maxWidth), '', ...table, '', ...wrapText(PERSONAL_MEANING, maxWidth)].join('\n');
}
