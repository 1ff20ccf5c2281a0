/**
 * The facts the engine tells whoever counts them (the web's /metrics, wired by the CLI): a port,
 * so core never knows how they are counted. Only operational facts pass: contender specs,
 * milliseconds and platforms, never a prompt, a voter or a model's output.
 */
import type { Platform } from './types.js';

export interface DuelObserver {
  /** A duel was recorded and its two sides are about to be drawn (the specs of sides A and B). */
  duelStarted(specs: readonly string[]): void;
  /** Both sides drew and the duel is open for votes. */
  duelOpened(specs: readonly string[]): void;
  /** The duel ended as no contest before opening (a side failed, the composite failed, shutdown). */
  duelFailed(specs: readonly string[]): void;
  /** A contender answered after `ms` of drawing (its reply, whether or not the drawing rendered). */
  drawn(spec: string, ms: number): void;
  /** A new vote was stored on a duel of this platform (not a changed or a retracted one). */
  voteCounted(platform: Platform): void;
}
