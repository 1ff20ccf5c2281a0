/**
 * Caps on the live event streams held open at once: per client address and in total. Each stream
 * holds a socket, a file descriptor and a wait loop; without caps one address could open thousands
 * (5,000 were accepted, 90 -> 390 MB, 5,024 open files). Counted in memory: streams live in this
 * process only.
 */
import type { WebStreamSettings } from '../../core/model/settings.js';

export type StreamAdmission =
  | { ok: true; release: () => void }
  | { ok: false; why: 'address' | 'total'; message: string; retryAfterS: number };

/** Seconds a refused client is asked to wait: long enough that a tab's reconnect loop backs off. */
const RETRY_AFTER_S = 30;

export class StreamCaps {
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly settings: WebStreamSettings) {}

  /** Streams open now (all addresses). */
  get open(): number {
    return this.total;
  }

  /** Admit one more stream for `address`, or say which cap refused it. Call `release` exactly when it ends. */
  admit(address: string): StreamAdmission {
    const { perAddress, total } = this.settings;
    const mine = this.byAddress.get(address) ?? 0;
    if (perAddress > 0 && mine >= perAddress) {
      return { ok: false, why: 'address', retryAfterS: RETRY_AFTER_S, message: `Your network already has ${perAddress} live duel pages open here, the most one address may (DUEL_WEB_STREAMS_PER_ADDRESS). Close some tabs, or reload later.` };
    }
    if (total > 0 && this.total >= total) {
      return { ok: false, why: 'total', retryAfterS: RETRY_AFTER_S, message: `The arena already serves ${total} live duel pages, its most (DUEL_WEB_STREAMS). Reload in a little while.` };
    }
    this.byAddress.set(address, mine + 1);
    this.total++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }
}
