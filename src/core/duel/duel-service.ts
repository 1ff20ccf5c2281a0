/**
 * The engine: admission, parallel generation, recording, votes, closing and the leaderboard.
 * Platforms call it through DuelApi; every side effect (store, renderer, clock, random) is passed in.
 */
import { isRevealed } from '../model/records.js';
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { createAdmission } from './admission.js';
import { identityWords } from './blindness.js';
import { CloseScheduler } from './close-scheduler.js';
import type { ProviderModels } from '../contenders/model-list.js';
import type { DuelApi } from './duel-api.js';
import type { DuelOutcome, EntryRecord, StartDuelInput } from '../model/records.js';
import { DuelStateError } from '../model/errors.js';
import { generateDuel } from './generate-duel.js';
import { LeaderboardCache } from '../board/leaderboard-query.js';
import { resolveContenderNames } from '../contenders/names.js';
import { choosePair, uncertaintyWeights } from './pairing.js';
import { ContenderHealth, pairMeetings } from './pairing-history.js';
import { votesInLastDay } from '../votes/voter-cap.js';
import { VoterFlags } from '../votes/voter-flags.js';
import { revealOf } from './reveal-of.js';
import { DEFAULT_SETTINGS, type DuelSettings } from '../model/settings.js';
import type { Store } from '../store/port.js';
import { systemClock, type Choice, type Clock, type Contender, type Leaderboard, type Platform, type Random, type Renderer, type Reveal, type VoteEvent, type VoteResult } from '../model/types.js';
import { decideVote, reconcileVoter } from '../votes/vote-rules.js';

export { DEFAULT_SETTINGS, type DuelSettings } from '../model/settings.js';

export interface DuelServiceDeps {
  store: Store;
  renderer: Renderer;
  contenders: Contender[];
  logger: Logger;
  settings?: Partial<DuelSettings>;
  clock?: Clock;
  random?: Random;
  /** Draws the leaderboard chart as SVG (src/render/leaderboard-chart.ts); injected so core does not import render. */
  chartSvg: (board: Leaderboard) => string;
  /** Lists the configured providers' models (contenders/model-list.ts), wired from the config; absent: none. */
  listModels?: () => Promise<ProviderModels[]>;
}

/** Processed event ids are kept this long; platforms redeliver within minutes. */
const EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

export function createDuelService(deps: DuelServiceDeps): DuelApi {
  const { store, renderer, logger } = deps;
  const settings: DuelSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const startedAt = clock.now();
  const contenders = new Map(deps.contenders.map((c) => [c.spec, c]));
  const labels = new Map(deps.contenders.map((c) => [c.spec, c.label]));
  const shutdown = new AbortController();
  // Every side in flight listens for shutdown: many busy duels are normal, not a listener leak.
  setMaxListeners(0, shutdown.signal);
  const inFlight = new Set<Promise<unknown>>();
  const voterFlags = new VoterFlags(store, { minVotes: settings.outlierMinVotes, pValue: settings.outlierPValue });
  const leaderboards = new LeaderboardCache(store, labels, settings.bootstrapRounds, settings.provisionalBattles, voterFlags);
  const named = deps.contenders.map((c) => ({ spec: c.spec, label: c.label }));
  const precheck = createAdmission({ store, clock, contenders: named, ...settings });
  const health = new ContenderHealth(store);
  const random = deps.random ?? Math.random;
  const scheduler = new CloseScheduler({
    clock,
    logger,
    close: (id) => close(id),
    getDuel: (id) => store.getDuel(id),
    openDuels: (p) => store.openDuels(p),
    unrevealed: (p) => store.unrevealed(p),
    reveal: (id) => {
      const duel = store.getDuel(id);
      return duel ? revealOf(store, labels, duel) : undefined;
    },
    markRevealed: (id) => store.markRevealed(id, clock.now()),
  });

  // A duel left 'generating' long ago by a process that died can never finish: no contest, not limbo.
  giveUpInterrupted({ createdBefore: startedAt - settings.staleAfterMs });
  store.pruneEvents(startedAt - EVENT_MEMORY_MS);

  function giveUpInterrupted(filter: { createdBefore: number; platform?: Platform }): void {
    const n = store.abandonGenerating(clock.now(), filter);
    if (n > 0) logger.warn({ abandoned: n, platform: filter.platform }, 'duels interrupted while being drawn were marked no contest');
  }

  function startDuel(input: StartDuelInput): Promise<DuelOutcome> {
    // Admission and the insert run with no await between, so two commands cannot both pass the cap.
    const rejection = precheck(input);
    if (rejection) return Promise.reject(rejection);
    const run = generateDuel(
      {
        store,
        renderer,
        clock,
        random,
        logger,
        settings,
        contenders,
        pickPair,
        blindWords: identityWords(deps.contenders, settings.blindWords),
        shutdown: shutdown.signal,
        arm: (duel) => scheduler.arm(duel),
      },
      input,
    );
    inFlight.add(run);
    void run.catch(() => undefined).finally(() => inFlight.delete(run));
    return run;
  }

  /** The pair for a duel: the named ones, or a sample by the rule in pairing.ts. */
  function pickPair(input: StartDuelInput): [string, string] {
    const specs = [...contenders.keys()];
    const chosen = resolveContenderNames(named, input.contenders);
    if (chosen.length === 2) return [chosen[0], chosen[1]];
    const board = leaderboards.get({ scope: 'global', since: 'all' }, clock.now());
    const pair = choosePair({
      specs,
      named: chosen,
      meetings: pairMeetings(store),
      uncertainty: uncertaintyWeights(specs, board.rows, settings.provisionalBattles),
      failing: health.failing(specs),
      random,
    });
    logger.debug({ pair, named: chosen }, 'pair chosen');
    return pair;
  }

  function close(duelId: string): Reveal {
    const duel = store.getDuel(duelId);
    if (!duel) throw new DuelStateError(`There is no duel ${duelId}.`, 'unknown-duel');
    if (duel.status === 'generating') throw new DuelStateError(`Duel ${duelId} is still being drawn: close it once it is posted.`, 'still-drawing');
    const closedNow = store.markClosed(duelId, clock.now());
    scheduler.disarm(duelId);
    const after = store.getDuel(duelId)!;
    const reveal = revealOf(store, labels, after, !closedNow);
    if (closedNow) {
      logger.info({ duelId, tally: reveal.tally, winner: reveal.winner }, 'duel closed');
      // Whoever closes (timer, command, CLI), the duel's platform shows the reveal.
      scheduler.notify(reveal, after);
    }
    return reveal;
  }

  function vote(event: VoteEvent): VoteResult {
    return store.transaction(() => {
      const duel = store.getDuel(event.duelId);
      const seenEvent = event.eventId ? !store.recordEvent(event.eventId, clock.now()) : false;
      const current = duel ? store.getVote(duel.id, event.voter) : null;
      const capReached = settings.voterDailyCap > 0 && event.op === 'add' && current === null && votesInLastDay(store, event.voter, clock.now()) >= settings.voterDailyCap;
      const state = { status: duel?.status, current, seenEvent, closesAt: duel?.closesAt, now: clock.now(), capReached };
      const { action, result } = decideVote(state, event);
      if (action.kind === 'set') store.setVote(event.duelId, event.voter, action.choice, clock.now());
      if (action.kind === 'delete') store.deleteVote(event.duelId, event.voter);
      logger.debug({ duelId: event.duelId, op: event.op, choice: event.choice, accepted: result.accepted, reason: result.reason }, 'vote');
      return result;
    });
  }

  function reconcile(duelId: string, current: Array<{ voter: string; choice: Choice }>, options: { snapshotStartedAt?: number } = {}): number {
    return store.transaction(() => {
      const duel = store.getDuel(duelId);
      if (!duel || duel.status !== 'open') return 0;
      // A reaction carries no time: once the close time has passed, what the platform shows may hold
      // reactions added after it. The duel closes with the votes it had.
      if (duel.closesAt !== null && duel.closesAt <= clock.now()) return 0;
      const shown = new Map<string, Choice[]>();
      for (const { voter, choice } of current) shown.set(voter, [...(shown.get(voter) ?? []), choice]);
      const stored = store.votes(duelId);
      const times = store.voteTimes(duelId);
      let changed = 0;
      for (const voter of new Set([...stored.keys(), ...shown.keys()])) {
        // A vote that arrived live while the platform was being read is newer than the snapshot.
        if (options.snapshotStartedAt !== undefined && (times.get(voter) ?? -Infinity) >= options.snapshotStartedAt) continue;
        const before = stored.get(voter) ?? null;
        const after = reconcileVoter(before, shown.get(voter) ?? []);
        if (after === before) continue;
        changed++;
        if (after) store.setVote(duelId, voter, after, clock.now());
        else store.deleteVote(duelId, voter);
      }
      if (changed) logger.info({ duelId, changed }, 'votes reconciled');
      return changed;
    });
  }

  return {
    contenders: () => deps.contenders.map((c) => ({ spec: c.spec, label: c.label })),
    now: () => clock.now(),
    precheck,
    startDuel,
    attachMessage: (duelId, ref) => store.setMessageRef(duelId, ref),
    findByMessage: (platform, ref) => store.findByMessage(platform, ref),
    getDuel: (id) => store.getDuel(id),
    getEntries: (id) => store.entries(id),
    isAnimated: (id, side) => {
      const entries = store.entries(id);
      if (!entries || !renderer.isAnimated) return false;
      return (side ? [entries[side]] : [entries.A, entries.B]).some((e) => e.svg !== null && renderer.isAnimated!(e.svg));
    },
    vote,
    votes: (id) => store.votes(id),
    reconcile,
    close,
    getReveal: (id) => {
      const duel = store.getDuel(id);
      return duel && isRevealed(duel) ? revealOf(store, labels, duel) : undefined;
    },
    openDuels: (platform) => store.openDuels(platform),
    canCloseEarly: (duelId, actor, options = {}) => {
      const duel = store.getDuel(duelId);
      return duel?.status === 'open' && (duel.author === actor || options.moderator === true);
    },
    armClosing: (platform, onReveal) => {
      // The platform is starting in this process: its duels still 'generating' from before belong to a
      // dead one. Not for the CLI, whose duels may be drawn right now by a `duel run` in another terminal.
      if (platform !== 'cli') giveUpInterrupted({ createdBefore: startedAt, platform });
      scheduler.armPlatform(platform, onReveal);
    },
    releaseClosing: (platform) => scheduler.releasePlatform(platform),
    leaderboard: (query) => leaderboards.get(query, clock.now()),
    leaderboardChart: (board) => renderer.renderTrusted(deps.chartSvg(board)),
    image: (id, kind) => store.image(id, kind),
    listDuels: ({ limit, offset, revealedOnly, ...filter }) =>
      store.listDuels({ ...filter, statuses: revealedOnly ? ['closed', 'no-contest'] : undefined }, limit, offset),
    checkContenders: async () =>
      Promise.all(
        deps.contenders.map(async (c) => {
          const r = c.check ? await c.check().catch((err: Error) => ({ ok: false, message: err.message })) : { ok: true, message: 'no check available' };
          // Pairing chooses a contender whose check fails less often, until it answers again.
          if (c.check) health.recordCheck(c.spec, r.ok, clock.now());
          return { spec: c.spec, label: c.label, ...r };
        }),
      ),
    listModels: async () => (deps.listModels ? deps.listModels() : []),
    async stop() {
      // Reveals in flight finish (or time out) before the caller closes the store under them.
      const reveals = scheduler.stop();
      // Draws in progress end at once; their duels are stored as no contest before the store closes.
      shutdown.abort();
      await Promise.allSettled([...inFlight, reveals]);
    },
  };
}

export type { EntryRecord };
