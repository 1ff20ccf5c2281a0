/**
 * Per-client-address limits of the web arena, each per rolling hour: new voter ids issued,
 * votes counted, duels started. They are counted in SQLite (rate_tokens), so they hold across
 * a restart and across processes sharing a database. Addresses are stored only as keyed
 * hashes, so the database keeps no IP addresses. Chat votes are not limited here: they come
 * from real accounts.
 */
import { createHmac } from 'node:crypto';
import { WEB_DEFAULTS, type WebLimitSettings } from '../../core/model/settings.js';

export type { WebLimitSettings } from '../../core/model/settings.js';
export const DEFAULT_WEB_LIMITS: WebLimitSettings = WEB_DEFAULTS.limits;

/** What the limits need from the store (src/core/store/port.ts). */
export interface RateStore {
  takeRateToken(kind: string, subject: string, token: string, limit: number, since: number, at: number): Promise<boolean>;
  releaseRateToken(kind: string, subject: string, token: string): Promise<void>;
  pruneRateTokens(before: number): Promise<number>;
}

const HOUR_MS = 3_600_000;
const PRUNE_EVERY_MS = 60_000;

export type LimitKind = 'voter' | 'vote' | 'duel';

const SETTING: Record<LimitKind, keyof WebLimitSettings> = { voter: 'votersPerHour', vote: 'votesPerHour', duel: 'duelsPerHour' };
export const LIMIT_VARIABLE: Record<LimitKind, string> = {
  voter: 'DUEL_WEB_VOTERS_PER_HOUR',
  vote: 'DUEL_WEB_VOTES_PER_HOUR',
  duel: 'DUEL_WEB_DUELS_PER_HOUR',
};

export class WebLimits {
  private lastPrune = 0;

  constructor(
    private readonly store: RateStore,
    readonly settings: WebLimitSettings,
    private readonly hashKey: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Spend one unit of `kind` for `address`, named `token` (the same token again is free: a
   * voter changing a vote on one duel spends once). False when the address is at its limit.
   */
  async take(kind: LimitKind, address: string, token: string): Promise<boolean> {
    const limit = this.settings[SETTING[kind]];
    if (limit <= 0) return true;
    const at = this.now();
    if (at - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = at;
      await this.store.pruneRateTokens(at - HOUR_MS);
    }
    return this.store.takeRateToken(`web-${kind}`, this.subject(address), token, limit, at - HOUR_MS + 1, at);
  }

  /** Give a unit back (the action did not happen). */
  release(kind: LimitKind, address: string, token: string): Promise<void> {
    return this.store.releaseRateToken(`web-${kind}`, this.subject(address), token);
  }

  /** The message for a person whose action the limit refused. */
  message(kind: LimitKind): string {
    const n = this.settings[SETTING[kind]];
    const what = {
      voter: `${n} new voters`,
      vote: `${n} votes`,
      duel: `${n} duels`,
    }[kind];
    const consequence = {
      voter: 'This browser has no voter id yet, so it cannot vote or start a duel',
      vote: 'Your vote was not counted',
      duel: 'The duel was not started',
    }[kind];
    return `${consequence}: your network already made ${what} here in the last hour, the most one address may (${LIMIT_VARIABLE[kind]}). Try again later.`;
  }

  private subject(address: string): string {
    return createHmac('sha256', this.hashKey).update(`address:${address}`).digest('base64url').slice(0, 22);
  }
}
