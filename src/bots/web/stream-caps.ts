/**
 * Caps on the live event streams held open at once: per client address and in total. Each stream
 * holds a socket, a file descriptor and a wait loop; without caps one address could open thousands
 * (5,000 were accepted, 90 -> 390 MB, 5,024 open files). Counted in memory: streams live in this
 * process only. Refusals are logged at most once per interval, with their count: a flood is
 * thousands a second.
 */
import type { WebStreamSettings } from '../../core/model/settings.js';

export interface StreamRefusal {
  why: 'address' | 'total';
  message: string;
  retryAfterS: number;
}

export type StreamAdmission = ({ ok: true; release: () => void }) | ({ ok: false } & StreamRefusal);

/** Seconds a refused client is asked to wait: long enough that a tab's reconnect loop backs off. */
const RETRY_AFTER_S = 30;
/** Least time between two log lines about refused streams. */
const REFUSAL_LOG_MS = 10_000;

/** Told of refusals, at most once per REFUSAL_LOG_MS: the cap, the streams open, the refusals since the last call. */
export type RefusalLog = (info: { cap: StreamRefusal['why']; open: number; refused: number }) => void;

export class StreamCaps {
  private readonly byAddress = new Map<string, number>();
  private total = 0;
  private refusedSinceLog = 0;
  private lastLog = 0;

  constructor(
    private readonly settings: WebStreamSettings,
    private readonly logRefusals: RefusalLog = () => {},
  ) {}

  /** Streams open now (all addresses). */
  get open(): number {
    return this.total;
  }

  /** Which cap refuses one more stream for `address` now (counted as a refusal), or undefined. */
  refusal(address: string): StreamRefusal | undefined {
    const { perAddress, total } = this.settings;
    let refused: StreamRefusal | undefined;
    if (perAddress > 0 && (this.byAddress.get(address) ?? 0) >= perAddress) {
      refused = { why: 'address', retryAfterS: RETRY_AFTER_S, message: `Your network already has ${perAddress} live duel pages open here, the most one address may (DUEL_WEB_STREAMS_PER_ADDRESS). Close some tabs, or reload later.` };
    } else if (total > 0 && this.total >= total) {
      refused = { why: 'total', retryAfterS: RETRY_AFTER_S, message: `The arena already serves ${total} live duel pages, its most (DUEL_WEB_STREAMS). Reload in a little while.` };
    }
    if (refused) this.noteRefusal(refused.why);
    return refused;
  }

  /** Admit one more stream for `address`, or say which cap refused it. Call `release` exactly when it ends. */
  admit(address: string): StreamAdmission {
    const refused = this.refusal(address);
    if (refused) return { ok: false, ...refused };
    const mine = this.byAddress.get(address) ?? 0;
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

  private noteRefusal(cap: StreamRefusal['why']): void {
    this.refusedSinceLog++;
    if (Date.now() - this.lastLog < REFUSAL_LOG_MS) return;
    this.logRefusals({ cap, open: this.total, refused: this.refusedSinceLog });
    this.refusedSinceLog = 0;
    this.lastLog = Date.now();
  }
}
