/**
 * The engine: admission, parallel generation, recording, votes, closing and the leaderboard.
 * Platforms call it through DuelApi; every side effect (store, renderer, clock, random) is passed in.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { identityWords, namedIdentities } from './blindness.js';
import { CloseScheduler } from './close-scheduler.js';
import type { DuelApi, DuelOutcome, DuelProgress, DuelRecord, EntryRecord, StartDuelInput } from './duel-api.js';
import { DuelRejectedError } from './errors.js';
import { buildLeaderboard } from './leaderboard-query.js';
import { runSide, type SideState } from './run-side.js';
import type { Store } from './store.js';
import { type Choice, type Clock, type Leaderboard, type Contender, type DuelFlag, type Random, type Renderer, type Reveal, type Side, type Tally, type VoteEvent, type VoteResult, systemClock } from './types.js';
import { decideVote, reconcileVoter } from './vote-rules.js';

/** Engine settings, parsed from the environment by the CLI. Durations in ms. */
export interface DuelSettings {
  voteWindowMs: number;
  cooldownMs: number;
  /** Duels generating at once per community (guild, workspace). */
  maxOpenPerCommunity: number;
  promptMaxChars: number;
  /** Contains `{prompt}`. */
  promptTemplate: string;
  /** Output box of each drawing in px. */
  box: number;
  /** Extra words that unblind a drawing, beside those derived from the contenders. */
  blindWords: string[];
  bootstrapRounds: number;
}

export const DEFAULT_SETTINGS: DuelSettings = {
  voteWindowMs: 60 * 60 * 1000,
  cooldownMs: 60 * 1000,
  maxOpenPerCommunity: 3,
  promptMaxChars: 500,
  promptTemplate: 'Generate an SVG of {prompt}. Answer with one complete, self-contained SVG document and nothing else.',
  box: 768,
  blindWords: [],
  bootstrapRounds: 200,
};

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
}

const PROGRESS_TICK_MS = 1000;

function newId(): string {
  // 10 base32 characters: short enough to type in `duel vote`, 50 bits against collisions.
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  return s < 90 ? `${s} s` : `${Math.ceil(s / 60)} min`;
}

export function createDuelService(deps: DuelServiceDeps): DuelApi {
  const { store, renderer, logger } = deps;
  const settings: DuelSettings = { ...DEFAULT_SETTINGS, ...deps.settings };
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const bySpec = new Map(deps.contenders.map((c) => [c.spec, c]));
  const labels = new Map(deps.contenders.map((c) => [c.spec, c.label]));
  const blindWords = identityWords(deps.contenders, settings.blindWords);
  const scheduler = new CloseScheduler({
    clock,
    logger,
    close: (id) => close(id),
    getDuel: (id) => store.getDuel(id),
    openDuels: (p) => store.openDuels(p),
    unrevealed: (p) => store.unrevealed(p),
    reveal: (id) => {
      const duel = store.getDuel(id);
      return duel ? revealOf(duel) : undefined;
    },
    markRevealed: (id) => store.markRevealed(id, clock.now()),
  });

  // A duel left 'generating' by a crash can never finish: it is no contest, not lost in limbo.
  const abandoned = store.abandonGenerating(clock.now());
  if (abandoned > 0) logger.warn({ abandoned }, 'duels interrupted by a restart were marked no contest');

  function precheck(input: Pick<StartDuelInput, 'platform' | 'community' | 'author' | 'prompt' | 'contenders'>): DuelRejectedError | null {
    const prompt = input.prompt.trim();
    if (!prompt) return new DuelRejectedError('The prompt is empty: say what to draw, e.g. "a pelican riding a bicycle".', 'empty-prompt');
    if ([...prompt].length > settings.promptMaxChars) {
      return new DuelRejectedError(`The prompt is ${[...prompt].length} characters long; the limit is ${settings.promptMaxChars}. Shorten it and try again.`, 'prompt-too-long');
    }
    if (input.contenders) {
      const [a, b] = input.contenders;
      for (const s of [a, b]) {
        if (!bySpec.has(s)) return new DuelRejectedError(`Unknown contender "${s}". Configured: ${[...bySpec.keys()].join(', ')}.`, 'unknown-contender');
      }
      if (a === b) return new DuelRejectedError('A duel needs two different contenders.', 'same-contender');
    } else if (deps.contenders.length < 2) {
      return new DuelRejectedError('Fewer than two contenders are configured: set DUEL_CONTENDERS.', 'unknown-contender');
    }
    if (settings.cooldownMs > 0) {
      const last = store.lastDuelBy(input.author);
      const wait = last ? last.createdAt + settings.cooldownMs - clock.now() : 0;
      if (wait > 0) return new DuelRejectedError(`You started a duel moments ago: try again in ${formatWait(wait)}.`, 'cooldown', wait);
    }
    if (store.countGenerating(input.platform, input.community) >= settings.maxOpenPerCommunity) {
      return new DuelRejectedError(`${settings.maxOpenPerCommunity} duels are being drawn here already: try again in a minute.`, 'busy', 60_000);
    }
    return null;
  }

  async function startDuel(input: StartDuelInput): Promise<DuelOutcome> {
    // Check and insert with no await between, so two commands cannot both pass the cap.
    const rejection = precheck(input);
    if (rejection) throw rejection;
    const [c1, c2] = (input.contenders ?? [deps.contenders[0].spec, deps.contenders[1].spec]).map((s) => bySpec.get(s)!);
    const [a, b] = random() < 0.5 ? [c1, c2] : [c2, c1];
    const prompt = input.prompt.trim();
    const duel: DuelRecord = {
      id: newId(),
      platform: input.platform,
      community: input.community,
      channel: input.channel,
      messageRef: null,
      author: input.author,
      prompt,
      aSpec: a.spec,
      bSpec: b.spec,
      createdAt: clock.now(),
      closesAt: null,
      closedAt: null,
      status: 'generating',
      flags: [],
    };
    store.insertDuel(duel);
    const log = logger.child({ duelId: duel.id });
    log.info({ platform: duel.platform, community: duel.community, channel: duel.channel }, 'duel started');

    const states: Record<Side, SideState> = { A: { state: 'queued', startedAt: clock.now() }, B: { state: 'queued', startedAt: clock.now() } };
    const emit = () => {
      if (!input.onProgress) return;
      const progress: DuelProgress = {
        duelId: duel.id,
        sides: (['A', 'B'] as const).map((side) => ({
          side,
          state: states[side].state,
          elapsedMs: clock.now() - states[side].startedAt,
          queuePosition: states[side].queuePosition,
          error: states[side].error,
        })),
      };
      try {
        input.onProgress(progress);
      } catch (err) {
        log.warn({ err }, 'progress callback failed');
      }
    };
    const ticker = setInterval(emit, PROGRESS_TICK_MS);
    ticker.unref();
    const fullPrompt = settings.promptTemplate.replaceAll('{prompt}', prompt);
    const run = (side: Side, contender: Contender) =>
      runSide({
        duelId: duel.id,
        side,
        contender,
        prompt: fullPrompt,
        renderer,
        box: settings.box,
        logger: log,
        onState: (s) => {
          states[side] = { ...states[side], ...s };
          emit();
        },
      });
    emit();
    try {
      const [ra, rb] = await Promise.all([run('A', a), run('B', b)]);
      const contest = ra.entry.ok && rb.entry.ok;
      const composite = await renderer.composite({
        a: ra.png,
        b: rb.png,
        aError: ra.entry.error ?? undefined,
        bError: rb.entry.error ?? undefined,
        caption: prompt,
      });
      const named = [ra, rb].flatMap((r) => (r.entry.svg ? namedIdentities(r.entry.svg, blindWords) : []));
      const flags: DuelFlag[] = named.length > 0 ? ['unblinded'] : [];
      if (named.length) log.info({ named }, 'a drawing names a contender: the duel is flagged and will not be rated');
      const now = clock.now();
      store.transaction(() => {
        store.putEntry(ra.entry);
        store.putEntry(rb.entry);
        if (ra.png) store.putImage(duel.id, 'A', ra.png);
        if (rb.png) store.putImage(duel.id, 'B', rb.png);
        store.putImage(duel.id, 'composite', composite);
        if (contest) store.finishGeneration(duel.id, 'open', now + settings.voteWindowMs, flags, null);
        else store.finishGeneration(duel.id, 'no-contest', null, flags, now);
      });
      const saved = store.getDuel(duel.id)!;
      log.info({ status: saved.status, closesAt: saved.closesAt }, 'duel ready');
      if (contest) scheduler.arm(saved);
      return { duel: saved, entries: { A: ra.entry, B: rb.entry }, images: { A: ra.png, B: rb.png, composite }, contest };
    } catch (err) {
      // Only the composite or the store can fail here; the duel must not stay 'generating'.
      store.finishGeneration(duel.id, 'no-contest', null, [], clock.now());
      log.error({ err }, 'duel failed after generation');
      throw err;
    } finally {
      clearInterval(ticker);
    }
  }

  function tallyOf(duelId: string): Tally {
    const t: Tally = { A: 0, B: 0, tie: 0, bad: 0 };
    for (const c of store.votes(duelId).values()) t[c]++;
    return t;
  }

  function revealOf(duel: DuelRecord, alreadyClosed?: boolean): Reveal {
    const entries = store.entries(duel.id);
    const side = (s: Side, spec: string) => ({
      spec,
      label: entries?.[s].label ?? labels.get(spec) ?? spec,
      ok: entries?.[s].ok ?? false,
      error: entries?.[s].error ?? null,
    });
    const tally = tallyOf(duel.id);
    const votes = tally.A + tally.B + tally.tie + tally.bad;
    let winner: Reveal['winner'] = null;
    if (duel.status === 'closed' && votes > 0) {
      const share = (tally.A + tally.tie / 2 + tally.bad / 2) / votes;
      winner = share > 0.5 ? 'A' : share < 0.5 ? 'B' : 'tie';
    }
    return {
      id: duel.id,
      status: duel.status === 'no-contest' ? 'no-contest' : 'closed',
      sides: { A: side('A', duel.aSpec), B: side('B', duel.bSpec) },
      tally,
      votes,
      winner,
      flags: duel.flags,
      ...(alreadyClosed ? { alreadyClosed: true } : {}),
    };
  }

  function close(duelId: string): Reveal {
    const duel = store.getDuel(duelId);
    if (!duel) throw new Error(`There is no duel ${duelId}.`);
    if (duel.status === 'generating') throw new Error(`Duel ${duelId} is still being drawn: close it once it is posted.`);
    const closedNow = store.markClosed(duelId, clock.now());
    scheduler.disarm(duelId);
    const after = store.getDuel(duelId)!;
    const reveal = revealOf(after, !closedNow);
    if (closedNow) {
      logger.info({ duelId, tally: reveal.tally, winner: reveal.winner }, 'duel closed');
      // Whoever closes (timer, command, CLI), the duel's platform shows the reveal once.
      scheduler.notify(reveal, after);
    }
    return reveal;
  }

  function vote(event: VoteEvent): VoteResult {
    return store.transaction(() => {
      const duel = store.getDuel(event.duelId);
      const seenEvent = event.eventId ? !store.recordEvent(event.eventId, clock.now()) : false;
      const current = duel ? store.getVote(duel.id, event.voter) : null;
      const { action, result } = decideVote({ status: duel?.status, current, seenEvent }, event);
      if (action.kind === 'set') store.setVote(event.duelId, event.voter, action.choice, clock.now());
      if (action.kind === 'delete') store.deleteVote(event.duelId, event.voter);
      logger.debug({ duelId: event.duelId, op: event.op, choice: event.choice, accepted: result.accepted, reason: result.reason }, 'vote');
      return result;
    });
  }

  function reconcile(duelId: string, current: Array<{ voter: string; choice: Choice }>): number {
    return store.transaction(() => {
      const duel = store.getDuel(duelId);
      if (!duel || duel.status !== 'open') return 0;
      const shown = new Map<string, Choice[]>();
      for (const { voter, choice } of current) shown.set(voter, [...(shown.get(voter) ?? []), choice]);
      const stored = store.votes(duelId);
      let changed = 0;
      for (const voter of new Set([...stored.keys(), ...shown.keys()])) {
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
    precheck,
    startDuel,
    attachMessage: (duelId, ref) => store.setMessageRef(duelId, ref),
    findByMessage: (platform, ref) => store.findByMessage(platform, ref),
    getDuel: (id) => store.getDuel(id),
    getEntries: (id) => store.entries(id),
    vote,
    votes: (id) => store.votes(id),
    reconcile,
    close,
    getReveal: (id) => {
      const duel = store.getDuel(id);
      return duel && (duel.status === 'closed' || duel.status === 'no-contest') ? revealOf(duel) : undefined;
    },
    openDuels: (platform) => store.openDuels(platform),
    armClosing: (platform, onReveal) => scheduler.armPlatform(platform, onReveal),
    leaderboard: (query) => buildLeaderboard({ store, query, labels, now: clock.now(), rounds: settings.bootstrapRounds }),
    leaderboardChart: (board) => renderer.renderTrusted(deps.chartSvg(board)),
    image: (id, kind) => store.image(id, kind),
    listDuels: ({ limit, offset, revealedOnly, ...filter }) =>
      store.listDuels({ ...filter, statuses: revealedOnly ? ['closed', 'no-contest'] : undefined }, limit, offset),
    checkContenders: async () =>
      Promise.all(
        deps.contenders.map(async (c) => {
          const r = c.check ? await c.check().catch((err: Error) => ({ ok: false, message: err.message })) : { ok: true, message: 'no check available' };
          return { spec: c.spec, label: c.label, ...r };
        }),
      ),
    stop: () => scheduler.stop(),
  };
}

export type { EntryRecord };
