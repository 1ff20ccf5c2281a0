/** Ratings: Bradley–Terry with bootstrap intervals, online Elo, and the leaderboard builder. */
export { fitBradleyTerry, expectedScore, DEFAULT_L2, ELO_MEAN, ELO_SCALE } from './bradley-terry.js';
export { bootstrapRatings, rankByIntervals, DEFAULT_ROUNDS, DEFAULT_SEED } from './bootstrap.js';
export type { BootstrapOptions, RatingEstimate } from './bootstrap.js';
export { onlineElo } from './elo.js';
export type { EloOptions } from './elo.js';
export { buildBoard, isMostlyBothBad, median } from './board.js';
export type { RatedBattle, ContenderActivity, BuildBoardInput } from './board.js';
export { parseBattlesCsv } from './battles-csv.js';
export { mulberry32 } from './prng.js';
