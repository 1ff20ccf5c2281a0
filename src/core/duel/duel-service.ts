/**
 * The engine, wired: it builds the parts of a duel's life (admission, pairing, generation, votes,
 * closing and reveals, boards) and hands them out as the faces of DuelApi. The parts depend on each
 * other downwards only; nothing here is called back from below. Every side effect (store,
 * renderer, clock, random) is passed in.
 */
import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { createCategorizer } from '../categories/index.js';
import { buildPersonalBoard } from '../board/personal-board.js';
import { LeaderboardCache } from '../board/leaderboard-query.js';
import type { ProviderModels } from '../contenders/model-list.js';
import type { DuelObserver } from '../model/observer.js';
import type { DuelOutcome, StartDuelInput } from '../model/records.js';
import { DEFAULT_SETTINGS, PROCESS_DEFAULTS, type DuelSettings } from '../model/settings.js';
import { systemClock, type Clock, type Contender, type Random, type Renderer } from '../model/types.js';
import { type Leaderboard } from '../model/board-types.js';
import type { DuelChanges, Store } from '../store/port.js';
import { createVoteDesk } from '../votes/vote-desk.js';
import { VoterFlags } from '../votes/voter-flags.js';
import { createAdmission } from './admission.js';
import { identityWords } from './blindness.js';
import { localDuelChanges } from './change-feed.js';
import { CloseScheduler } from './close-scheduler.js';
import { DrawingLeases, newOwnerId } from './drawing-leases.js';
import { DuelClosing } from './closing.js';
import { createContenderStatus } from './contender-status.js';
import type { DuelApi, DuelStarting } from './duel-api.js';
import { AnimationTurns } from './animation-follows.js';
import { createDuelReads } from './duel-reads.js';
import { drawDuel, recordDuel, type GenerationDeps } from './generate-duel.js';
import { PairPicker } from './pair-picker.js';
import { ContenderHealth } from './pairing-history.js';

export { DEFAULT_SETTINGS, type DuelSettings } from '../model/settings.js';

export interface DuelServiceDeps {
  store: Store;
  renderer: Renderer;
  contenders: Contender[];
  logger: Logger;
  /** Overrides of the defaults in model/settings.ts (the CLI passes the whole parsed config). */
  settings?: Partial<DuelSettings>;
  clock?: Clock;
  random?: Random;
  /** Draws the leaderboard chart as SVG (src/render/leaderboard-chart.ts); injected so core does not import render. */
  chartSvg: (board: Leaderboard) => string;
  /** Lists the configured providers' models (contenders/model-list.ts), wired from the config; absent: none. */
  listModels?: () => Promise<ProviderModels[]>;
  /** Told of duels started, opened and failed, draw times and new votes (the web's /metrics); it must not throw. */
  observer?: DuelObserver;
  /**
   * Duels opened, closed and revealed, told to and heard from the other processes on the database;
   * absent: a feed within this process (change-feed.ts), the other processes are found by polling.
   */
  changes?: DuelChanges;
  /** Several processes on one database: this process's owner id (default: new per start) and lease and claim lengths (PROCESS_DEFAULTS). */
  processes?: Partial<{ owner: string; leaseMs: number; revealClaimMs: number }>;
}

/** Processed event ids are kept this long; platforms redeliver within minutes. */
const EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

export function createDuelService(deps: DuelServiceDeps): DuelApi {
  const { store, renderer, logger } = deps;
  const settings: DuelSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const startedAt = clock.now();
  const named = deps.contenders.map((c) => ({ spec: c.spec, label: c.label }));
  const labels = new Map(named.map((c) => [c.spec, c.label]));
  const voterFlags = new VoterFlags(store, { minVotes: settings.outlierMinVotes, pValue: settings.outlierPValue });
  const boards = new LeaderboardCache({
    ...{ store, labels, rounds: settings.bootstrapRounds, provisionalBelow: settings.provisionalBattles },
    ...{ categoryMinBattles: settings.categoryMinBattles, flags: voterFlags },
  });
  const health = new ContenderHealth(store);
  const closing = new DuelClosing({ store, labels, clock });
  const processes = { owner: newOwnerId(), ...PROCESS_DEFAULTS, ...deps.processes };
  const changes = deps.changes ?? localDuelChanges();
  const { owner } = processes;
  // Draws in progress (and the GIFs that follow them): stop() waits for them; leases are renewed while there are any.
  const inFlight = new Set<Promise<unknown>>();
  const leases = new DrawingLeases({ leases: store, clock, logger, owner, leaseMs: processes.leaseMs, staleAfterMs: settings.staleAfterMs, drawing: () => inFlight.size > 0 });
  const scheduler = new CloseScheduler({ clock, logger, duels: store, closing, owner, claimMs: processes.revealClaimMs, changes });
  const shutdown = new AbortController();
  // Every side in flight listens for shutdown: many busy duels are normal, not a listener leak.
  setMaxListeners(0, shutdown.signal);
  const generation: GenerationDeps = {
    ...{ store, renderer, clock, random, logger, settings },
    contenders: new Map(deps.contenders.map((c) => [c.spec, c])),
    pairs: new PairPicker({ store, contenders: named, boards, health, clock, random, logger, provisionalBattles: settings.provisionalBattles }),
    closing: scheduler,
    blindWords: identityWords(deps.contenders, settings.blindWords),
    shutdown: shutdown.signal,
    animationTurns: new AnimationTurns(settings.gifsAtOnce),
    observer: deps.observer,
    lease: { owner, until: () => leases.until() },
    changes,
    categorizer: createCategorizer({
      ...{ categoryModel: settings.categoryModel, contenders: deps.contenders, logger, signal: shutdown.signal, now: () => clock.now() },
      // The model's answers are kept per prompt in the store, so a prompt is asked about once, across restarts.
      cache: { cached: (prompt, model) => store.cachedPromptCategories(model, prompt), remember: (prompt, model, list, at) => store.cachePromptCategories(model, prompt, list, at) },
    }),
  };
  const starting = createStarting({ store, clock, contenders: named, settings, generation, inFlight });

  // A duel left 'generating' by a process that died can never finish: no contest, not limbo. Its
  // lease ran out (a live process renews its own); rows from before leases go by their age.
  // Housekeeping at start (SQLite runs it at once), then a sweep every lease period; stop() waits for both.
  const housekeeping = Promise.all([leases.giveUpExpired(), store.pruneEvents(startedAt - EVENT_MEMORY_MS)]).catch((err: unknown) =>
    logger.error({ err }, 'start-up housekeeping of the store failed'),
  );
  leases.start();

  return {
    ...starting,
    ...createVoteDesk({ store, clock, logger, voterDailyCap: settings.voterDailyCap, observer: deps.observer }),
    ...createDuelReads({ store, closing }),
    ...createContenderStatus({ contenders: deps.contenders, health, clock, listModels: deps.listModels }),
    now: () => clock.now(),
    promptMaxChars: () => settings.promptMaxChars,
    leaderboard: (query) => boards.get(query, clock.now()),
    personalBoard: async (voter, query) =>
      buildPersonalBoard({
        ...{ store, boards, voter, query, now: clock.now(), minVotes: settings.personalMinVotes },
        leftOut: await voterFlags.flaggedVotesByDuel(),
        voterFlagged: (await voterFlags.flagged()).has(voter),
      }),
    leaderboardChart: (board) => renderer.renderTrusted(deps.chartSvg(board)),
    close: (duelId) => scheduler.close(duelId),
    canCloseEarly: async (duelId, actor, options = {}) => {
      const duel = await store.getDuel(duelId);
      return duel?.status === 'open' && (duel.author === actor || options.moderator === true);
    },
    armClosing: async (platform, onReveal) => {
      // The platform is starting in this process: its lease-less duels still 'generating' from before
      // belong to a dead one (leased ones only when their lease ran out). Not for the CLI, whose
      // old lease-less duels may be drawn right now by a `duel run` in another terminal.
      if (platform !== 'cli') await leases.giveUpExpired({ createdBefore: startedAt, platform });
      await scheduler.armPlatform(platform, onReveal);
    },
    releaseClosing: (platform) => scheduler.releasePlatform(platform),
    async stop() {
      // Reveals in flight finish (or time out) before the caller closes the store under them.
      const reveals = scheduler.stop();
      // Draws in progress end at once; their duels are stored as no contest before the store closes.
      shutdown.abort();
      await Promise.allSettled([...inFlight, reveals, housekeeping, leases.stop()]);
    },
  };
}

/** The starting face: admission, then generation; draws in flight are kept so stop() can wait for them. */
function createStarting(deps: {
  store: Store;
  clock: Clock;
  contenders: Array<{ spec: string; label: string }>;
  settings: DuelSettings;
  generation: GenerationDeps;
  /** Where draws in progress are kept while they run. */
  inFlight: Set<Promise<unknown>>;
}): Omit<DuelStarting, 'contenders' | 'now' | 'promptMaxChars'> {
  const { store, inFlight } = deps;
  const admission = createAdmission({ store, clock: deps.clock, contenders: deps.contenders, ...deps.settings });
  // The start lock: one start at a time goes from admission to its insert, so two commands cannot
  // both pass the cooldown or the cap on duels being drawn. Drawing runs outside the lock. A
  // precheck waits for the starts asked before it, so it sees their duels as a start would.
  let previousStart: Promise<unknown> = Promise.resolve();
  return {
    precheck: (input) => previousStart.then(() => admission(input)),
    startDuel(input: StartDuelInput): Promise<DuelOutcome> {
      const recorded = previousStart.then(async () => {
        const rejection = await admission(input);
        if (rejection) throw rejection;
        return recordDuel(deps.generation, input);
      });
      previousStart = recorded.catch(() => undefined);
      const run = recorded.then((r) => drawDuel(deps.generation, input, r));
      inFlight.add(run);
      void run.catch(() => undefined).finally(() => inFlight.delete(run));
      // The GIF that follows an opened duel is work in flight too: stop() waits for it (it gives up at once on shutdown).
      void run.then(
        ({ animation }) => {
          if (!animation) return;
          inFlight.add(animation);
          void animation.finally(() => inFlight.delete(animation));
        },
        () => undefined,
      );
      return run;
    },
    attachMessage: (duelId, ref) => store.setMessageRef(duelId, ref),
  };
}
