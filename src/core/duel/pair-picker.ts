/**
 * Who meets whom in a new duel: the contenders the person named, or a sample by the rule in
 * pairing.ts (least-met pairs first, new or uncertain contenders favoured, failing providers rarely).
 */
import type { Logger } from 'pino';
import type { LeaderboardCache } from '../board/leaderboard-query.js';
import { resolveContenderNames, type NamedContender } from '../contenders/names.js';
import type { StartDuelInput } from '../model/records.js';
import type { Clock, Random } from '../model/types.js';
import type { DuelRows } from '../store/port.js';
import { choosePair, uncertaintyWeights } from './pairing.js';
import { pairMeetings, type ContenderHealth } from './pairing-history.js';

export interface PairPickerDeps {
  store: Pick<DuelRows, 'pairCounts'>;
  contenders: readonly NamedContender[];
  boards: Pick<LeaderboardCache, 'get'>;
  health: Pick<ContenderHealth, 'failing'>;
  clock: Clock;
  random: Random;
  logger: Logger;
  /** Battles below which a contender counts as new (DUEL_PROVISIONAL_BATTLES). */
  provisionalBattles: number;
}

export class PairPicker {
  constructor(private readonly deps: PairPickerDeps) {}

  /** The two specs that meet; the order is not the side (sides are drawn at random later). */
  async pick(input: Pick<StartDuelInput, 'contenders'>): Promise<[string, string]> {
    const { deps } = this;
    const specs = deps.contenders.map((c) => c.spec);
    const chosen = resolveContenderNames(deps.contenders, input.contenders);
    if (chosen.length === 2) return [chosen[0], chosen[1]];
    const board = await deps.boards.get({ scope: 'global', since: 'all' }, deps.clock.now());
    const pair = choosePair({
      specs,
      named: chosen,
      meetings: await pairMeetings(deps.store),
      uncertainty: uncertaintyWeights(specs, board.rows, deps.provisionalBattles),
      failing: await deps.health.failing(specs),
      random: deps.random,
    });
    deps.logger.debug({ pair, named: chosen }, 'pair chosen');
    return pair;
  }
}
