/**
 * A duel's generation: record it, draw both sides in parallel behind their queues, render,
 * compose, check blindness, and store the outcome. A duel never stays 'generating': whatever
 * happens it ends open or no contest.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { namedIdentities } from './blindness.js';
import type { DuelOutcome, DuelProgress, DuelRecord, StartDuelInput } from '../model/records.js';
import { formatWait } from './admission.js';
import { foldProgress, sameShown } from './duel-progress.js';
import { runSide, type SideState } from './run-side.js';
import { DEFAULT_SETTINGS } from '../model/settings.js';
import type { Store } from '../store/port.js';
import type { AnimatedCompositeInput, Clock, CompositeInput, Contender, DuelFlag, Random, Renderer, Side } from '../model/types.js';

const PROGRESS_TICK_MS = 1000;

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
  /** The two specs that meet (named, or chosen by pairing.ts); sides are drawn here. */
  pickPair: (input: StartDuelInput) => [string, string];
  blindWords: string[];
  /** Aborted when the service stops: draws end at once and the duel is no contest. */
  shutdown: AbortSignal;
  /** Arms the closing timer of a duel that opened. */
  arm: (duel: DuelRecord) => void;
}

function newId(): string {
  // 10 base32 characters: short enough to type in `duel vote`, 50 bits against collisions.
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** Records the duel synchronously (so admission and insert cannot interleave), then draws. */
export function generateDuel(deps: GenerationDeps, input: StartDuelInput): Promise<DuelOutcome> {
  const { store, clock, settings } = deps;
  const [c1, c2] = deps.pickPair(input).map((s) => deps.contenders.get(s)!);
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
    createdAt: clock.now(),
    closesAt: null,
    closedAt: null,
    status: 'generating',
    flags: [],
  };
  store.insertDuel(duel);
  return draw(deps, input, duel, { A: a, B: b });
}

async function draw(deps: GenerationDeps, input: StartDuelInput, duel: DuelRecord, sides: Record<Side, Contender>): Promise<DuelOutcome> {
  const { store, renderer, clock, settings } = deps;
  const log = deps.logger.child({ duelId: duel.id });
  log.info({ platform: duel.platform, community: duel.community, channel: duel.channel }, 'duel started');

  const states: Record<Side, SideState> = { A: { state: 'queued', startedAt: clock.now() }, B: { state: 'queued', startedAt: clock.now() } };
  // Blind progress: one state for the duel, emitted when what it shows changes (and on each tick
  // for the clock), so a side finishing or failing early emits nothing a viewer could tell apart.
  let shown: DuelProgress | undefined;
  const emit = (force = false) => {
    if (!input.onProgress) return;
    const progress = foldProgress(
      duel.id,
      clock.now() - duel.createdAt,
      (['A', 'B'] as const).map((side) => ({ state: states[side].state, queuePosition: states[side].queuePosition, provider: sides[side].provider })),
    );
    if (!force && sameShown(shown, progress)) return;
    shown = progress;
    try {
      input.onProgress(progress);
    } catch (err) {
      log.warn({ err }, 'progress callback failed');
    }
  };
  let ticking = true;
  let tick: unknown;
  const scheduleTick = () => {
    tick = clock.setTimeout(() => {
      if (!ticking) return;
      emit(true);
      scheduleTick();
    }, PROGRESS_TICK_MS);
  };
  scheduleTick();

  const prompt = settings.promptTemplate.replaceAll('{prompt}', duel.prompt);
  const run = (side: Side, contender: Contender) => {
    // One controller per side: the service's shutdown, or waiting too long for a turn, stops it.
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
      prompt,
      renderer,
      box: settings.box,
      logger: log,
      signal: controller.signal,
      stopReason: () => why,
      onState: (s) => {
        if (s.state && s.state !== 'queued') clearQueueTimer();
        states[side] = { ...states[side], ...s };
        emit();
      },
    }).finally(() => {
      clearQueueTimer();
      deps.shutdown.removeEventListener('abort', onShutdown);
    });
  };

  emit(true);
  try {
    const [ra, rb] = await Promise.all([run('A', sides.A), run('B', sides.B)]);
    const made = await makeComposite(renderer, { a: ra.png, b: rb.png, aError: ra.entry.error ?? undefined, bError: rb.entry.error ?? undefined, caption: duel.prompt }, log);
    const contest = ra.entry.ok && rb.entry.ok && !made.error;
    const composite = made.png;
    const animated = made.error ? undefined : await makeAnimated(renderer, settings, { a: ra.png, b: rb.png, aSvg: ra.entry.svg, bSvg: rb.entry.svg, aError: ra.entry.error ?? undefined, bError: rb.entry.error ?? undefined, caption: duel.prompt }, log);
    const named = [ra, rb].flatMap((r) => (r.entry.svg ? namedIdentities(r.entry.svg, deps.blindWords) : []));
    const flags: DuelFlag[] = named.length > 0 ? ['unblinded'] : [];
    if (named.length) log.info({ named }, 'a drawing names a contender: the duel is flagged and will not be rated');
    const now = clock.now();
    const finished = store.transaction(() => {
      store.putEntry(ra.entry);
      store.putEntry(rb.entry);
      if (ra.png) store.putImage(duel.id, 'A', ra.png);
      if (rb.png) store.putImage(duel.id, 'B', rb.png);
      if (composite.length > 0) store.putImage(duel.id, 'composite', composite);
      if (animated) store.putImage(duel.id, 'animated', animated);
      return contest
        ? store.finishGeneration(duel.id, 'open', now + settings.voteWindowMs, flags, null)
        : store.finishGeneration(duel.id, 'no-contest', null, flags, now);
    });
    const saved = store.getDuel(duel.id)!;
    if (!finished) log.warn({ status: saved.status }, 'the duel was given up as interrupted while it was drawn; it stays no contest');
    log.info({ status: saved.status, closesAt: saved.closesAt }, 'duel ready');
    if (saved.status === 'open') deps.arm(saved);
    return { duel: saved, entries: { A: ra.entry, B: rb.entry }, images: { A: ra.png, B: rb.png, composite, ...(animated ? { animated } : {}) }, contest: saved.status === 'open', error: made.error };
  } catch (err) {
    // Only the store can fail here (makeComposite never throws); the duel must not stay 'generating'.
    try {
      store.finishGeneration(duel.id, 'no-contest', null, [], clock.now());
    } catch (cleanup) {
      log.error({ err: cleanup }, 'could not mark the failed duel as no contest');
    }
    log.error({ err }, 'duel failed after generation');
    throw err;
  } finally {
    ticking = false;
    clock.clearTimeout(tick);
  }
}

/**
 * The A | B composite as a GIF when a drawing animates. Never fails the duel: too big, too slow
 * or broken, it is logged and the duel is posted with its PNG (which every platform shows).
 */
async function makeAnimated(renderer: Renderer, settings: GenerationSettings, input: AnimatedCompositeInput, log: Logger): Promise<Buffer | undefined> {
  const timeoutMs = settings.gifTimeoutMs ?? DEFAULT_SETTINGS.gifTimeoutMs;
  if (timeoutMs <= 0 || !renderer.animatedComposite || !renderer.isAnimated) return undefined;
  const moving = [input.aSvg, input.bSvg].some((svg) => svg !== null && renderer.isAnimated!(svg));
  if (!moving) return undefined;
  const started = performance.now();
  try {
    const gif = await renderer.animatedComposite(input, { timeoutMs, maxBytes: settings.gifMaxBytes });
    log.info({ bytes: gif.gif.length, frames: gif.frames, seconds: gif.seconds, ms: Math.round(performance.now() - started) }, 'animated composite made');
    return gif.gif;
  } catch (err) {
    log.warn({ err: err instanceof Error ? err.message : String(err), ms: Math.round(performance.now() - started) }, 'no animated composite: the duel is posted with its still image');
    return undefined;
  }
}

/**
 * The A | B image. Its failure (a timeout on a busy machine, a crashed worker) is this duel's
 * error, never a crash: people cannot vote without the image, so the duel becomes no contest,
 * and a plain image that says why stands in for it (the platforms and the gallery need one).
 */
async function makeComposite(renderer: Renderer, input: CompositeInput, log: Logger): Promise<{ png: Buffer; error?: string }> {
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
