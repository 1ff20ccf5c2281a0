/**
 * A voter's own board (issue 19): their votes on the duels the community board rates, fitted with
 * the community's ratings as the prior (ratings/personal.ts). It reads only this voter's choices
 * and the duels' counted votes; what anyone else voted never leaves this function except as the
 * crowd's side of a duel, which the reveal shows everyone anyway.
 */
import type { Choice, Tally } from '../model/types.js';
import type { LeaderboardQuery, PersonalBoard } from '../model/board-types.js';
import { personalBoard, type PersonalVote } from '../ratings/personal.js';
import type { Store } from '../store/port.js';
import { scopeFilter, type LeaderboardCache } from './leaderboard-query.js';
import { ratedDuels } from './rated-duels.js';

export interface PersonalBoardArgs {
  store: Store;
  boards: LeaderboardCache;
  voter: string;
  query: LeaderboardQuery;
  now: number;
  minVotes: number;
  /** Votes to leave out, per duel (flagged voters'), as the community board does. */
  leftOut?: ReadonlyMap<string, Tally>;
  /** Whether this voter is flagged: then their votes are in `leftOut` already, not in the duels' counts. */
  voterFlagged: boolean;
}

/** The duel's counted votes without this voter's own (when it was counted). */
function othersOf(tally: Tally, choice: Choice, counted: boolean): Tally {
  const others = { ...tally };
  if (counted && others[choice] > 0) others[choice]--;
  return others;
}

export async function buildPersonalBoard(args: PersonalBoardArgs): Promise<PersonalBoard> {
  const query: LeaderboardQuery = { ...args.query, control: 'none' };
  const community = await args.boards.get(query, args.now);
  const filter = { ...scopeFilter(query, args.now), ...(query.category ? { category: query.category } : {}) };
  const choices = await args.store.voterChoices(args.voter, filter);
  const votes: PersonalVote[] = [];
  if (choices.size > 0) {
    for (const r of ratedDuels(await args.store.closedDuels(filter), args.leftOut).rated) {
      const choice = choices.get(r.id);
      if (choice) votes.push({ a: r.battle.a, b: r.battle.b, choice, others: othersOf(r.tally, choice, !args.voterFlagged) });
    }
  }
  return personalBoard({
    voter: args.voter,
    votes,
    community: new Map(community.rows.map((row) => [row.spec, row.rating])),
    labels: new Map(community.rows.map((row) => [row.spec, row.label])),
    minVotes: args.minVotes,
    query: args.query,
  });
}
