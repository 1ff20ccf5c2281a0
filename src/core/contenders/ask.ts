/**
 * The short question every provider shares, written once (as draw-stream.ts is for drawing): one
 * non-streamed call under a deadline (its own `timeoutMs`, or the contender's draw deadline) and
 * the caller's signal, the answer's size capped, and how it ends (a deadline's stop wins over
 * whatever the client threw then; anything else goes through the provider's error mapping).
 * A provider supplies only how it sends the request and reads the answer out of the reply.
 */
import type { Logger } from 'pino';
import { ContenderError } from '../model/errors.js';
import type { AskOptions } from '../model/types.js';
import { startDeadlines } from './deadline.js';
import type { ContenderOptions } from './provider.js';
import { replyTextPiece } from './reply-fields.js';
import { replyCap } from './reply-limit.js';

/** What a provider supplies for one question. */
export interface AskCall {
  /** Send the request with this abort signal; resolves with the answer text as the server sent it (unchecked). */
  send(signal: AbortSignal): Promise<unknown>;
  /** Any failure -> ContenderError. */
  mapError(err: unknown): ContenderError;
}

/** Ask once; resolves with the answer text, rejects with a ContenderError. `what` names the provider in log lines. */
export async function runAsk(o: ContenderOptions, options: AskOptions, call: AskCall, setup: { what: string; log?: Logger }): Promise<string> {
  const totalMs = options.timeoutMs ?? o.totalTimeoutMs;
  // Not streamed: there is no gap between chunks to watch, only the whole call.
  const deadlines = startDeadlines({ spec: o.spec, label: o.label, totalMs, idleMs: totalMs, signal: options.signal });
  const t0 = performance.now();
  const work = async (): Promise<string> => {
    const answer = await call.send(deadlines.signal);
    const stop = deadlines.error();
    if (stop) throw stop;
    const text = replyTextPiece(answer, 'answer text', o) ?? '';
    const { maxReplyBytes, tooLarge } = replyCap(o);
    if (Buffer.byteLength(text) > maxReplyBytes) throw tooLarge();
    return text;
  };
  try {
    const text = await deadlines.run(work());
    setup.log?.debug({ event: 'ask-done', ms: Math.round(performance.now() - t0), chars: text.length }, `${setup.what} question answered`);
    return text;
  } catch (err) {
    const mapped = deadlines.error() ?? (err instanceof ContenderError ? err : call.mapError(err));
    setup.log?.warn({ event: 'ask-failed', kind: mapped.kind, status: mapped.status, ms: Math.round(performance.now() - t0) }, mapped.message);
    throw mapped;
  }
}
