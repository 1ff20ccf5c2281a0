/**
 * Pictures drawn again on demand. With DUEL_KEEP_IMAGES, closed duels lose their stored PNGs and
 * GIF after a while (their SVGs stay); when one is asked for again it is rendered from the stored
 * SVG through the same renderer calls a new duel uses (the side render, makeComposite,
 * followWithAnimation), stored again, and served.
 */
import type { Logger } from 'pino';
import type { EntryRecord, ImageKind } from '../model/records.js';
import type { AnimatedCompositeInput, Renderer, Side } from '../model/types.js';
import type { Store } from '../store/port.js';
import { AnimationTurns, followWithAnimation, wantsAnimation } from './animation-follows.js';
import { makeComposite } from './generate-duel.js';

export interface ImageRedrawDeps {
  store: Pick<Store, 'getDuel' | 'entries' | 'image' | 'putImage' | 'setFrameMs'>;
  renderer: Renderer;
  logger: Logger;
  settings: { box: number; gifTimeoutMs?: number; gifMaxBytes?: number };
  /** Aborted when the server stops: nothing more is drawn or stored. */
  shutdown: AbortSignal;
  /** The engine's clock (epoch ms): when a picture failed, so it is not tried again at once. */
  now: () => number;
}

/** A duel's stored picture, drawn again when it was pruned. */
export interface ImageSource {
  image(duelId: string, kind: ImageKind): Promise<Buffer | undefined>;
}

/** A picture that could not be drawn again (a GIF over its budget, say) is not tried again for this long. */
const RETRY_AFTER_MS = 3_600_000;

export function createImageRedraw(deps: ImageRedrawDeps): ImageSource {
  const { store } = deps;
  // One redraw of a picture at a time, however many pages ask for it (a gallery of thumbnails).
  const inFlight = new Map<string, Promise<Buffer | undefined>>();
  // Redrawn GIFs take their turns apart from new duels', one at a time.
  const animationTurns = new AnimationTurns(1);
  // Every page view of such a duel asks again: the failure is remembered instead of paid for each time.
  const failedAt = new Map<string, number>();

  /** A side's picture: stored (the composite needs both sides, maybe only one was pruned), else drawn from its entry. */
  async function side(duelId: string, s: Side, entry: EntryRecord | undefined): Promise<Buffer | undefined> {
    const stored = await store.image(duelId, s);
    if (stored) return stored;
    if (!entry?.ok || !entry.svg) return undefined;
    const { png } = await deps.renderer.render(entry.svg, { box: deps.settings.box });
    return keep(duelId, s, png);
  }

  async function keep(duelId: string, kind: ImageKind, data: Buffer): Promise<Buffer> {
    if (!deps.shutdown.aborted && data.length > 0) await store.putImage(duelId, kind, data);
    return data;
  }

  async function redraw(duelId: string, kind: ImageKind): Promise<Buffer | undefined> {
    const duel = await store.getDuel(duelId);
    // Only closed duels are pruned: an open one's pictures are all stored, a generating one's not yet made.
    if (!duel || (duel.status !== 'closed' && duel.status !== 'no-contest') || deps.shutdown.aborted) return undefined;
    // One read of the entries (their SVGs may be megabytes) for every picture this redraw needs.
    const entries = await store.entries(duelId);
    if (!entries) return undefined;
    if (kind === 'A' || kind === 'B') return side(duelId, kind, entries[kind]);
    const log = deps.logger.child({ duelId, redraw: kind });
    const [a, b] = await Promise.all([side(duelId, 'A', entries.A), side(duelId, 'B', entries.B)]);
    const panels = { a: a ?? null, b: b ?? null, aError: entries.A.error ?? undefined, bError: entries.B.error ?? undefined, caption: duel.prompt };
    if (kind === 'composite') return keep(duelId, 'composite', (await makeComposite(deps.renderer, panels, log)).png);
    const input: AnimatedCompositeInput = { ...panels, aSvg: entries.A.svg, bSvg: entries.B.svg };
    if (!wantsAnimation(deps.renderer, deps.settings, input)) return undefined;
    return followWithAnimation({ store, animationTurns, renderer: deps.renderer, settings: deps.settings, shutdown: deps.shutdown }, duelId, input, log);
  }

  return {
    async image(duelId, kind) {
      const stored = await store.image(duelId, kind);
      if (stored) return stored;
      const key = `${duelId}/${kind}`;
      if (deps.now() - (failedAt.get(key) ?? Number.NEGATIVE_INFINITY) < RETRY_AFTER_MS) return undefined;
      let running = inFlight.get(key);
      if (!running) {
        running = redraw(duelId, kind)
          .then((data) => {
            if (data) deps.logger.info({ duelId, kind, bytes: data.length }, 'pruned picture drawn again');
            else if (kind === 'animated') failedAt.set(key, deps.now());
            return data;
          })
          .catch((err: unknown) => {
            failedAt.set(key, deps.now());
            throw err;
          })
          .finally(() => inFlight.delete(key));
        inFlight.set(key, running);
      }
      return running;
    },
  };
}
