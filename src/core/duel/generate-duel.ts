/**
 * A duel's generation: record it, draw both sides in parallel behind their queues, render,
 * compose, check blindness, and store the outcome. A duel never stays 'generating': whatever
 * happens it ends open or no contest.
 */
import { randomBytes } from 'node:crypto';
import type { Categorizer } from '../categories/index.js';
import type { Logger } from 'pino';
import type { DuelObserver } from '../model/observer.js';
import type { DuelOutcome, DuelRecord, StartDuelInput } from '../model/records.js';
import type { Clock, CompositeInput, Contender, DuelFlag, Random, Renderer, Side } from '../model/types.js';
import type { DuelChanges, Store } from '../store/port.js';
import { formatWait } from './admission.js';
import { announce } from './change-feed.js';
import { followWithAnimation, wantsAnimation, type AnimationTurns } from './animation-follows.js';
import { namedIdentities } from './blindness.js';
import type { CloseScheduler } from './close-scheduler.js';
import type { PairPicker } from './pair-picker.js';
import { ProgressTicker } from './duel-progress.js';
import { runSide, type SideRun } from './run-side.js';

export interface GenerationSettings {
  voteWindowMs: number;
  promptTemplate: string;
  box: number;
  /** Longest a side may wait for its turn in a provider's queue. */
  queueTimeoutMs: number;
  /** Budget of the animated composite GIF (0: none) and its largest size in bytes. */
  gifTimeoutMs?: number;
  gifMaxBytes?: number;
}

export interface GenerationDeps {
  store: Store;
  renderer: Renderer;
  clock: Clock;
  random: Random;
  logger: Logger;
  settings: GenerationSettings;
  contenders: Map<string, Contender>;
  /** Chooses the two contenders that meet (named, or by pairing.ts); sides are drawn here. */
  pairs: Pick<PairPicker, 'pick'>;
  /** Arms the closing timer of a duel that opened. */
  closing: Pick<CloseScheduler, 'arm'>;
  blindWords: string[];
  /** Aborted when the engine stops: draws end at once and the duel is no contest. */
  shutdown: AbortSignal;
  /** Animated composites wait their turn here (settings.gifsAtOnce at once). */
  animationTurns: AnimationTurns;
  /** Sorts prompts into the board's categories: the keyword rules at once, a model's answer later. */
  categorizer: Pick<Categorizer, 'categorize'>;
  /** Told of duels started, opened and failed, and of each side's draw time (the web's /metrics). */
  observer?: DuelObserver;
  /** This process's lease on the duels it draws (drawing-leases.ts): its owner id and a new lease's end. */
  lease: { owner: string; until(): number };
  /** Told of duels that opened (other processes arm them at once). */
  changes?: DuelChanges;
}

function newId(): string {
  // 10 base32 characters: short enough to type in `duel vote`, 50 bits against collisions.
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** A duel recorded as generating, with the contender on each side. */
export interface RecordedDuel {
  duel: DuelRecord;
  sides: Record<Side, Contender>;
}

/**
 * Chooses who meets whom and on which side, and records the duel as generating. The caller
 * (duel-service.ts) runs this under its start lock right after admission, so no other start
 * passes admission before this duel counts.
 */
export async function recordDuel(deps: GenerationDeps, input: StartDuelInput): Promise<RecordedDuel> {
  const [c1, c2] = (await deps.pairs.pick(input)).map((s) => deps.contenders.get(s)!);
  const [a, b] = deps.random() < 0.5 ? [c1, c2] : [c2, c1];
  const duel: DuelRecord = {
    id: newId(),
    platform: input.platform,
    community: input.community,
    channel: input.channel,
    messageRef: null,
    author: input.author,
    prompt: input.prompt.trim(),
    aSpec: a.spec,
    bSpec: b.spec,
    createdAt: deps.clock.now(),
    closesAt: null,
    closedAt: null,
    status: 'generating',
    flags: [],
  };
  // The lease lands with the row: no other process ever sees this duel without its owner.
  await deps.store.transaction(async (tx) => {
    await tx.insertDuel(duel);
    await tx.takeLease(duel.id, deps.lease.owner, deps.lease.until());
  });
  deps.observer?.duelStarted([a.spec, b.spec]);
  await sortIntoCategories(deps, duel);
  return { duel, sides: { A: a, B: b } };
}

/**
 * The duel's categories: the keyword rules' now, a category model's when it answers (never waited
 * for: the duel is drawn meanwhile, and a failed or stopped question leaves the keyword ones).
 */
async function sortIntoCategories(deps: GenerationDeps, duel: DuelRecord): Promise<void> {
  const sorted = deps.categorizer.categorize(duel.prompt);
  await deps.store.addCategories(duel.id, sorted.keywords);
  void sorted.all
    .then((all) => (all.length > sorted.keywords.length ? deps.store.addCategories(duel.id, all) : undefined))
    .catch((err: unknown) => deps.logger.warn({ duelId: duel.id, err }, "the category model's answer could not be stored; the keyword categories stand"));
}

/** Draws a recorded duel: both sides, the composite, blindness, the outcome stored. */
export function drawDuel(deps: GenerationDeps, input: StartDuelInput, recorded: RecordedDuel): Promise<DuelOutcome> {
  return draw(deps, input, recorded.duel, recorded.sides);
}

async function draw(deps: GenerationDeps, input: StartDuelInput, duel: DuelRecord, sides: Record<Side, Contender>): Promise<DuelOutcome> {
  const log = deps.logger.child({ duelId: duel.id });
  log.info({ platform: duel.platform, community: duel.community, channel: duel.channel }, 'duel started');
  const progress = new ProgressTicker(duel, sides, deps.clock, log, input.onProgress);
  progress.start();
  const specs = [sides.A.spec, sides.B.spec];
  try {
    const [ra, rb] = await Promise.all((['A', 'B'] as const).map((side) => drawSide(deps, duel, side, sides[side], progress, log)));
    for (const { entry } of [ra, rb]) if (entry.ms !== null) deps.observer?.drawn(entry.spec, entry.ms);
    const outcome = await finish(deps, duel, ra, rb, log);
    if (outcome.contest) deps.observer?.duelOpened(specs);
    else deps.observer?.duelFailed(specs);
    return outcome;
  } catch (err) {
    deps.observer?.duelFailed(specs);
    // Only the store can fail here (makeComposite never throws); the duel must not stay 'generating'.
    try {
      await deps.store.finishGeneration(duel.id, 'no-contest', null, [], deps.clock.now());
    } catch (cleanup) {
      log.error({ err: cleanup }, 'could not mark the failed duel as no contest');
    }
    log.error({ err }, 'duel failed after generation');
    throw err;
  } finally {
    progress.stop();
  }
}

/** One side, with its own abort: the engine's shutdown, or waiting too long for a turn, stops it. */
function drawSide(deps: GenerationDeps, duel: DuelRecord, side: Side, contender: Contender, progress: ProgressTicker, log: Logger): Promise<SideRun> {
  const { clock, settings } = deps;
  const controller = new AbortController();
  let why: { message: string; kind: string } | undefined;
  const stop = (reason: { message: string; kind: string }) => {
    why ??= reason;
    controller.abort();
  };
  const onShutdown = () => stop({ message: 'the bot was shutting down before this drawing finished: try again', kind: 'aborted' });
  if (deps.shutdown.aborted) onShutdown();
  deps.shutdown.addEventListener('abort', onShutdown, { once: true });
  let queueTimer: unknown = clock.setTimeout(
    () => stop({ message: `waited more than ${formatWait(settings.queueTimeoutMs)} for its turn: the model is busy with other duels, try again later`, kind: 'timeout' }),
    settings.queueTimeoutMs,
  );
  const clearQueueTimer = () => {
    if (queueTimer !== undefined) clock.clearTimeout(queueTimer);
    queueTimer = undefined;
  };
  return runSide({
    duelId: duel.id,
    side,
    contender,
    prompt: settings.promptTemplate.replaceAll('{prompt}', duel.prompt),
    renderer: deps.renderer,
    box: settings.box,
    logger: log,
    signal: controller.signal,
    stopReason: () => why,
    onState: (s) => {
      if (s.state && s.state !== 'queued') clearQueueTimer();
      progress.update(side, s);
    },
  }).finally(() => {
    clearQueueTimer();
    deps.shutdown.removeEventListener('abort', onShutdown);
  });
}

/**
 * Both sides are drawn: compose, check blindness, store everything, open the vote (or not). The
 * vote opens on the still composite; an animated composite is made afterwards (animation-follows.ts)
 * and handed out through `outcome.animation`.
 */
async function finish(deps: GenerationDeps, duel: DuelRecord, ra: SideRun, rb: SideRun, log: Logger): Promise<DuelOutcome> {
  const { store, renderer, settings } = deps;
  const panels = { a: ra.png, b: rb.png, aError: ra.entry.error ?? undefined, bError: rb.entry.error ?? undefined, caption: duel.prompt };
  const made = await makeComposite(renderer, panels, log);
  const contest = ra.entry.ok && rb.entry.ok && !made.error;
  const composite = made.png;
  const animatedInput = { ...panels, aSvg: ra.entry.svg, bSvg: rb.entry.svg };
  const named = [ra, rb].flatMap((r) => namedIdentities(r.text, deps.blindWords));
  const flags: DuelFlag[] = named.length > 0 ? ['unblinded'] : [];
  if (named.length) log.info({ named }, 'a drawing names a contender: the duel is flagged and will not be rated');
  const now = deps.clock.now();
  const finished = await store.transaction(async (tx) => {
    await tx.putEntry(ra.entry);
    await tx.putEntry(rb.entry);
    if (ra.png) await tx.putImage(duel.id, 'A', ra.png);
    if (rb.png) await tx.putImage(duel.id, 'B', rb.png);
    if (composite.length > 0) await tx.putImage(duel.id, 'composite', composite);
    return contest ? tx.finishGeneration(duel.id, 'open', now + settings.voteWindowMs, flags, null) : tx.finishGeneration(duel.id, 'no-contest', null, flags, now);
  });
  const saved = (await store.getDuel(duel.id))!;
  if (!finished) log.warn({ status: saved.status }, 'the duel was given up as interrupted while it was drawn; it stays no contest');
  log.info({ status: saved.status, closesAt: saved.closesAt }, 'duel ready');
  if (saved.status === 'open') {
    deps.closing.arm(saved);
    announce(deps.changes, { kind: 'opened', duelId: saved.id, platform: saved.platform }, log);
  }
  const animation = !made.error && finished && wantsAnimation(renderer, settings, animatedInput) ? followWithAnimation(deps, duel.id, animatedInput, log) : undefined;
  const images = { A: ra.png, B: rb.png, composite };
  return { duel: saved, entries: { A: ra.entry, B: rb.entry }, images, contest: saved.status === 'open', error: made.error, ...(animation ? { animation } : {}) };
}

/**
 * The A | B image. Its failure (a timeout on a busy machine, a crashed worker) is this duel's
 * error, never a crash: people cannot vote without the image, so the duel becomes no contest,
 * and a plain image that says why stands in for it (the platforms and the gallery need one).
 */
export async function makeComposite(renderer: Renderer, input: CompositeInput, log: Logger): Promise<{ png: Buffer; error?: string }> {
  try {
    return { png: await renderer.composite(input) };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const error = `${/side-by-side image/.test(why) ? why : `the side-by-side image could not be made (${why})`}; the duel is not open for votes: try again`;
    log.warn({ err: why }, 'the side-by-side image failed; the duel is no contest');
    try {
      return { png: await renderer.composite({ ...input, a: null, b: null, notice: error }), error };
    } catch (again) {
      log.error({ err: again instanceof Error ? again.message : String(again) }, 'even the plain side-by-side image failed');
      return { png: Buffer.alloc(0), error };
    }
  }
}
