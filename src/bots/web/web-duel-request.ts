/**
 * One `POST /api/duels` as core's DuelRequest (src/core/chat/chat-platform.ts): core runs the
 * sequence (admission, acknowledge, paced progress, start, post) and this only turns each step
 * into the one HTTP answer the page waits for. The answer is given as soon as the duel has an id
 * (its first progress), so the page can open the duel and watch it being drawn; what happens after
 * that goes to the live stream instead.
 */
import type { Context } from 'hono';
import type pino from 'pino';
import type { DuelRequest } from '../../core/chat/chat-platform.js';
import type { DuelOutcome, DuelProgress, StartDuelInput } from '../../core/model/records.js';
import type { DuelRejectedError } from '../../core/model/errors.js';
import type { LiveDuels } from './live.js';
import type { Visitors } from './visitors.js';

/** A duel core refused (prompt, cooldown, busy, unknown contender), as the API answers it. */
export function rejection(c: Context, err: DuelRejectedError): Response {
  const status = err.reason === 'cooldown' || err.reason === 'busy' ? 429 : 400;
  if (err.retryAfterMs) c.header('Retry-After', String(Math.ceil(err.retryAfterMs / 1000)));
  return c.json({ error: err.message, reason: err.reason, retryAfterMs: err.retryAfterMs ?? null }, status);
}

const FAILED_TO_START = 'The duel could not start. Try again in a moment; if it keeps failing, check the server log.';
const FAILED_LATER = 'Something went wrong while finishing this duel; it will not count.';

export interface WebDuelRequestDeps {
  live: LiveDuels;
  visitors: Visitors;
  logger: pino.Logger;
  /** The voter id (unprefixed) and the client address the duel is counted against. */
  voter: string;
  address: string;
}

export class WebDuelRequest implements DuelRequest {
  /** The HTTP answer: given once, by whichever step comes first. */
  readonly answer: Promise<Response>;
  private respond!: (res: Response) => void;
  private answered = false;
  /** The address-limit token this duel spent (acknowledge), while it may still be given back. */
  private ticket: string | undefined;
  private duelId: string | undefined;

  constructor(
    private readonly c: Context,
    readonly input: Omit<StartDuelInput, 'onProgress'>,
    private readonly deps: WebDuelRequestDeps,
  ) {
    this.answer = new Promise((resolve) => (this.respond = resolve));
  }

  async refuse(err: DuelRejectedError): Promise<void> {
    this.reply(() => rejection(this.c, err));
  }

  /** Spends the address's duel token: checked and spent in one store transaction, so parallel requests cannot all slip under it. */
  async acknowledge(): Promise<void> {
    const { visitors, voter, address } = this.deps;
    const ticket = `${voter}:${Date.now()}:${Math.random()}`;
    if (!(await visitors.limits.take('duel', address, ticket))) {
      this.reply(() => this.c.json({ error: visitors.limits.message('duel'), reason: 'rate-limited' }, 429));
      throw new Error('web duel refused: address limit (DUEL_WEB_DUELS_PER_HOUR)');
    }
    this.ticket = ticket;
  }

  async showProgress(p: DuelProgress): Promise<void> {
    this.duelId ??= p.duelId;
    this.deps.live.update(p);
    this.started(p.duelId);
  }

  async withdraw(err: DuelRejectedError): Promise<void> {
    this.giveBack();
    this.reply(() => rejection(this.c, err));
  }

  async posted(outcome: DuelOutcome): Promise<void> {
    this.started(outcome.duel.id);
  }

  async postFailed(outcome: DuelOutcome, err: unknown): Promise<void> {
    // Never happens on the web (its "post" cannot fail), but answered like any failure.
    this.duelId ??= outcome.duel.id;
    await this.failed(err);
  }

  /** Before the answer: a 500 and the token back. After it (the page is open): said on the live stream. */
  async failed(_err: unknown): Promise<void> {
    if (!this.answered) {
      this.giveBack();
      this.reply(() => this.c.json({ error: FAILED_TO_START }, 500));
      return;
    }
    if (!this.duelId) return;
    // Core has logged the error itself; this names the duel whose page now says so.
    this.deps.logger.warn({ duelId: this.duelId }, 'web duel failed after its page opened');
    this.deps.live.finish(this.duelId, FAILED_LATER);
  }

  /** Core's sequence ended without a word for the person (it never should): answer anyway. */
  unanswered(): void {
    this.giveBack();
    this.reply(() => this.c.json({ error: FAILED_TO_START }, 500));
  }

  private started(id: string): void {
    this.reply(() => {
      this.deps.logger.info({ duelId: id }, 'web duel started');
      return this.c.json({ id, url: `/duels/${id}` }, 201);
    });
  }

  private giveBack(): void {
    if (this.answered || this.ticket === undefined) return;
    const { logger, visitors, address } = this.deps;
    visitors.limits.release('duel', address, this.ticket).catch((err: unknown) => logger.warn({ err }, 'could not give the duel token back'));
    this.ticket = undefined;
  }

  private reply(build: () => Response): void {
    if (this.answered) return;
    this.answered = true;
    this.respond(build());
  }
}
