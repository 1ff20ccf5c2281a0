/**
 * A duel's life on a chat platform, written once for every platform: admission, acknowledge,
 * paced progress, start, post, attach, seed, what to do when a post fails; and, for the platform as
 * a whole, reconcile after a restart and reveal at close. Adapters implement ChatPlatform and
 * DuelRequest (src/core/chat/chat-platform.ts) and only translate.
 */
import type { Logger } from 'pino';
import { chatImage, type ChatPlatform, type DuelRequest } from './chat-platform.js';
import type { DuelLifecycle, DuelReading, DuelStarting, DuelVoting } from '../duel/duel-api.js';
import type { DuelOutcome, DuelProgress } from '../model/records.js';
import { DuelRejectedError } from '../model/errors.js';
import { ProgressPacer } from './progress-pacer.js';
import { CHOICES } from '../model/types.js';

/** The faces of the engine a chat's duel sequence uses. */
export type ChatService = DuelStarting &
  Pick<DuelVoting, 'reconcile'> &
  Pick<DuelReading, 'getDuel' | 'openDuels' | 'image'> &
  Pick<DuelLifecycle, 'close' | 'armClosing' | 'releaseClosing'>;

export interface ChatDuelDeps {
  service: ChatService;
  platform: ChatPlatform;
  logger: Logger;
}

/**
 * Run one duel command from start to posted. Never throws: every failure is answered through the
 * request and logged. Resolves with the outcome once posted (undefined when refused or failed).
 */
export async function runChatDuel(deps: ChatDuelDeps, request: DuelRequest): Promise<DuelOutcome | undefined> {
  const { service, platform, logger } = deps;
  const say = async (what: string, fn: () => Promise<void>, log: Logger = logger) => {
    try {
      await fn();
    } catch (err) {
      log.warn({ err }, `could not ${what}`);
    }
  };

  const rejection = await service.precheck(request.input);
  if (rejection) {
    await say('refuse the duel', () => request.refuse(rejection));
    return undefined;
  }
  try {
    await request.acknowledge();
  } catch (err) {
    logger.warn({ err, channel: request.input.channel }, 'could not acknowledge the duel command; no duel was started');
    return undefined;
  }

  const pacer = new ProgressPacer<DuelProgress>(
    (p) => request.showProgress(p),
    platform.progressIntervalMs,
    (err) => logger.warn({ err }, 'progress edit failed'),
    (p) => p.text,
  );
  let outcome: DuelOutcome;
  try {
    outcome = await service.startDuel({ ...request.input, onProgress: (p) => pacer.push(p) });
  } catch (err) {
    await pacer.close();
    if (err instanceof DuelRejectedError) {
      await say('withdraw the refused duel', () => request.withdraw(err));
      return undefined;
    }
    logger.error({ err }, 'the duel failed');
    await say('report the failed duel', () => request.failed(err));
    return undefined;
  }
  await pacer.close();

  const { duel } = outcome;
  const log = logger.child({ duelId: duel.id });
  let ref: string;
  try {
    ref = await platform.postDuel(outcome, chatImage(duel.id, outcome.images));
  } catch (err) {
    log.error({ err }, 'posting the duel failed');
    // Nobody can vote on a message that does not exist: close it now (not rated without votes), on every platform alike.
    if (outcome.contest) {
      try {
        await service.close(duel.id);
      } catch (closeErr) {
        log.error({ err: closeErr }, 'closing the unposted duel failed');
      }
    }
    await say('report the failed post', () => request.postFailed(outcome, err), log);
    return undefined;
  }
  try {
    await service.attachMessage(duel.id, ref);
  } catch (err) {
    // The message is up but votes on it could not be mapped to the duel: report it, never throw.
    log.error({ err, ref }, 'recording where the duel was posted failed');
    await say('report the failed duel', () => request.failed(err), log);
    return undefined;
  }
  const posted = { ...outcome, duel: (await service.getDuel(duel.id)) ?? { ...duel, messageRef: ref } };
  if (outcome.contest && platform.seedVote) {
    // In order, so the markers read A B tie bad.
    for (const choice of CHOICES) {
      await platform.seedVote(posted.duel, choice).catch((err: unknown) => log.warn({ err, choice }, 'adding a vote marker failed'));
    }
  }
  await say('tell the author the duel is up', () => request.posted(posted, ref), log);
  log.info({ ref, contest: outcome.contest, platform: platform.platform, animationPending: Boolean(outcome.animation) }, 'duel posted');
  if (outcome.animation) void showAnimationWhenReady(deps, posted, outcome.animation, log);
  return posted;
}

/**
 * The GIF follows the posted PNG: once made, the platform puts it in place of the still image.
 * A duel already closed is left alone (its reveal shows the stored GIF); a failure keeps the PNG.
 */
async function showAnimationWhenReady(deps: ChatDuelDeps, posted: DuelOutcome, animation: Promise<Buffer | undefined>, log: Logger): Promise<void> {
  const gif = await animation;
  if (!gif || !deps.platform.showAnimation) return;
  // Registered before the duel's state is read: a reveal either sees this edit and waits for it,
  // or has already marked the duel closed, which the read below then sees.
  const shown = showAnimation(deps, posted, gif, log);
  animationEdits.set(posted.duel.id, shown);
  try {
    await shown;
  } finally {
    animationEdits.delete(posted.duel.id);
  }
}

/**
 * Edits of a posted duel into its GIF, in flight, by duel id. A reveal waits for its duel's edit:
 * an edit that landed after the reveal would put the voting message back over the reveal.
 */
const animationEdits = new Map<string, Promise<void>>();
/** The longest a reveal waits for an edit in flight (a platform that hangs must not hold the reveal). */
const EDIT_WAIT_MS = 60_000;

/** Resolves when the duel's edit into its GIF (if any) is done, or after EDIT_WAIT_MS. */
function editDone(duelId: string): Promise<void> | undefined {
  const edit = animationEdits.get(duelId);
  if (!edit) return undefined;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, EDIT_WAIT_MS)));
  return Promise.race([edit, late]).finally(() => clearTimeout(timer));
}

async function showAnimation(deps: ChatDuelDeps, posted: DuelOutcome, gif: Buffer, log: Logger): Promise<void> {
  const { service, platform } = deps;
  try {
    const now = await service.getDuel(posted.duel.id);
    if (!now || now.status === 'closed') {
      log.info('the animated composite was made after the duel closed: its reveal shows it');
      return;
    }
    await platform.showAnimation!({ ...posted, duel: now, images: { ...posted.images, animated: gif } }, chatImage(now.id, { composite: posted.images.composite, animated: gif }));
    log.info({ bytes: gif.length, platform: platform.platform }, 'animated composite shown in place of the still image');
  } catch (err) {
    log.warn({ err }, 'could not show the animated composite; the duel keeps its still image');
  }
}

export interface ConnectedPlatform {
  /** Stop revealing on this platform and wait for its reveals in flight (call before closing the client). */
  stop(): Promise<void>;
}

/**
 * A platform (re)starts: make the votes of its duels still open BY THE CLOCK match what it shows,
 * then arm closing and reveals. A duel whose close time passed while the bot was away is not
 * reconciled (a reaction carries no time): it closes with the votes it had.
 */
export async function connectChatPlatform(deps: ChatDuelDeps): Promise<ConnectedPlatform> {
  const { service, platform, logger } = deps;
  if (platform.currentVotes) {
    for (const duel of await service.openDuels(platform.platform)) {
      if (!duel.messageRef) continue;
      if (duel.closesAt !== null && duel.closesAt <= service.now()) continue;
      const log = logger.child({ duelId: duel.id });
      try {
        // Votes that arrive live while the platform is read are stored already; the snapshot must not undo them.
        const snapshotStartedAt = service.now();
        const current = await platform.currentVotes(duel);
        const changed = await service.reconcile(duel.id, current, { snapshotStartedAt });
        log.info({ changed, shown: current.length }, 'reconciled votes with the platform');
      } catch (err) {
        log.warn({ err }, 'could not read the votes the duel message shows; keeping the stored ones');
      }
    }
  }
  await service.armClosing(platform.platform, async (reveal, duel) => {
    // A duel that was never posted (its post failed) has nothing to show: delivered as is.
    if (!duel.messageRef) return;
    await editDone(duel.id);
    await platform.showReveal(reveal, duel, async () => {
      const composite = await service.image(duel.id, 'composite');
      return composite ? chatImage(duel.id, { composite, animated: await service.image(duel.id, 'animated') }) : undefined;
    });
    logger.info({ duelId: duel.id, winner: reveal.winner, votes: reveal.votes }, 'duel revealed');
  });
  return { stop: () => service.releaseClosing(platform.platform) };
}
