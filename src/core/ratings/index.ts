/** Ratings: Bradley–Terry with bootstrap intervals, online Elo, and the leaderboard builder. */
export { fitBradleyTerry, expectedScore, DEFAULT_L2, ELO_MEAN, ELO_SCALE } from './bradley-terry.js';
export { bootstrapRatings, rankByIntervals, DEFAULT_ROUNDS, DEFAULT_SEED, MIN_INTERVAL_WIDTH } from './bootstrap.js';
export type { BootstrapOptions, RatingEstimate } from './bootstrap.js';
export { onlineElo } from './elo.js';
export type { EloOptions } from './elo.js';
export { buildBoard, isMostlyBothBad, labelLookup, median, DEFAULT_PROVISIONAL_BELOW } from './board.js';
export { pairMatrix, winShare } from './pair-matrix.js';
export { sideAShare, wilsonInterval } from './side-a-share.js';
export type { SideAShare } from './side-a-share.js';
export { boardNotes, intervalText, sideAText } from './board-notes.js';
export type { RatedBattle, ContenderActivity, BuildBoardInput } from './board.js';
export { parseBattlesCsv } from './battles-csv.js';
export { mulberry32 } from './prng.js';
export { fitStyleControl } from './style-control.js';
export type { StyleControlOptions } from './style-control.js';
export { personalBoard, PERSONAL_PRIOR_SD } from './personal.js';
export type { PersonalVote, PersonalBoardInput } from './personal.js';
