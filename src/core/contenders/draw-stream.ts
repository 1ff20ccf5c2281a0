/**
 * The draw every provider shares, written once: the deadlines (total, idle, the caller's signal),
 * the reply cap, progress (thinking, then drawing with the characters so far), the log lines, and
 * how a draw ends (a deadline's stop wins over whatever the client threw then; anything else goes
 * through the provider's error mapping). A provider supplies only what differs: how it opens its
 * stream, what one chunk carries, and what the end of the stream says.
 */
import type { Logger } from 'pino';
import { ContenderError } from '../model/errors.js';
import type { DrawOptions, DrawProgress, DrawResult } from '../model/types.js';
import { startDeadlines, type Deadlines } from './deadline.js';
import type { ContenderOptions } from './provider.js';
import { knownTokens, replyTextPiece } from './reply-fields.js';
import { ReplyMeter, replyCap } from './reply-limit.js';

/**
 * A hosted API's SDK retries 408/409/429/5xx/529 and connection errors (before the stream starts)
 * with backoff. One retry rides out a blip; more would mostly spend the duel's deadline waiting on
 * an overloaded API while people watch, so a persistent 529 fails fast with a clear message.
 * The total deadline aborts any retry sleep anyway.
 */
export const DEFAULT_MAX_RETRIES = 1;

/** The SDK's own timeout, in ms past our total deadline: ours (total and idle) govern, the SDK's only backs them up. */
export const SDK_TIMEOUT_MARGIN_MS = 5_000;

/**
 * What one chunk of a stream carries; any part may be absent. Each part is what the server sent,
 * unchecked (`unknown`): the collector checks that it is text (reply-fields.ts).
 */
export interface StreamPiece {
  /** Answer text: the drawing. */
  text?: unknown;
  /** Thinking text: kept apart, never taken as the answer. */
  thinking?: unknown;
  /** A refusal's words (OpenAI's `delta.refusal`): counted against the cap, kept apart. */
  refusal?: unknown;
}

/** What the end of a stream says. Token counts as the server sent them: the skeleton keeps only usable ones. */
export interface StreamEnd {
  tokens: { input?: unknown; output?: unknown };
  truncated: boolean;
}

/** The reply as collected when its stream ended. */
export interface CollectedReply {
  text: string;
  thinking: string;
  refusal: string;
}

/** What a provider supplies for one draw. `C` is one chunk of its client's stream. */
export interface StreamCall<C> {
  /** Send the request with the draw's abort signal; resolves with the stream once the response has begun. */
  open(signal: AbortSignal): Promise<AsyncIterable<C>>;
  /** What one chunk carries. Keep token counts and stop reasons on your side, for `end`. */
  read(chunk: C): StreamPiece;
  /** The stream ended and no deadline stopped it: its token counts and truncation, or throw (cut short, refused). */
  end(reply: CollectedReply): StreamEnd;
  /** Any other failure -> ContenderError. `started`: the response had begun. */
  mapError(err: unknown, started: boolean): ContenderError;
}

/** Report progress; a broken progress display must not break the drawing. */
function safeProgress(cb: DrawOptions['onProgress'], p: DrawProgress): void {
  try {
    cb?.(p);
  } catch {
    // Nothing to do: the drawing goes on.
  }
}

/** Collects the pieces of a reply against the cap and reports progress as they arrive. */
class ReplyCollector implements CollectedReply {
  text = '';
  thinking = '';
  refusal = '';
  private state: DrawProgress['state'] = 'thinking';
  private readonly meter: ReplyMeter;

  constructor(
    maxReplyBytes: number,
    private readonly onProgress: DrawOptions['onProgress'],
    private readonly who: { spec: string; label: string },
  ) {
    this.meter = new ReplyMeter(maxReplyBytes);
  }

  /** Add one chunk's pieces; true once the reply is past its cap. Throws when a piece is not text. */
  add(piece: StreamPiece): boolean {
    const thinking = replyTextPiece(piece.thinking, 'thinking', this.who);
    const text = replyTextPiece(piece.text, 'answer text', this.who);
    const refusal = replyTextPiece(piece.refusal, 'a refusal', this.who);
    if (thinking) {
      this.thinking += thinking;
      this.meter.add(thinking);
      this.report('thinking');
    }
    if (text) {
      this.text += text;
      this.meter.add(text);
      this.report('drawing');
    }
    if (refusal) {
      this.refusal += refusal;
      this.meter.add(refusal);
    }
    return this.meter.over;
  }

  /** Thinking is reported when it starts; drawing on every piece, with the characters so far. */
  private report(state: 'thinking' | 'drawing'): void {
    if (state === 'thinking' && this.state === 'thinking') return;
    this.state = state;
    safeProgress(this.onProgress, state === 'drawing' ? { state, chars: this.text.length } : { state });
  }
}

/**
 * The provider's reading of one chunk. A chunk shaped unlike the provider's API (an event that is
 * not an object, a block that is null) can make that reading throw: it fails this side in words
 * for people instead of the client's raw TypeError.
 */
function readChunk<C>(call: StreamCall<C>, chunk: C, who: { spec: string; label: string }): StreamPiece {
  try {
    return call.read(chunk);
  } catch (err) {
    if (err instanceof ContenderError) throw err;
    throw new ContenderError(
      `${who.label} sent a part of its reply that does not follow its API, so there is no drawing: try again or check the model server`,
      who.spec,
      'stream-broken',
    );
  }
}

/**
 * Runs one draw's `work` under its deadlines and logs how it ended, the same way for every
 * provider: a stop by a deadline wins over whatever the client threw at that moment; anything
 * else goes through the provider's own error mapping.
 */
async function settleDraw(
  deadlines: Deadlines,
  work: Promise<DrawResult>,
  o: { log?: Logger; what: string; t0: number; mapError: (err: unknown) => ContenderError },
): Promise<DrawResult> {
  try {
    const result = await deadlines.run(work);
    o.log?.info({ event: 'draw-done', ms: result.ms, tokens: result.tokens, truncated: result.truncated }, `${o.what} draw finished`);
    return result;
  } catch (err) {
    const mapped = deadlines.error() ?? o.mapError(err);
    o.log?.warn({ event: 'draw-failed', kind: mapped.kind, status: mapped.status, ms: Math.round(performance.now() - o.t0) }, mapped.message);
    throw mapped;
  }
}

/**
 * One draw: start the deadlines, open the provider's stream, read it to its end under the cap,
 * and settle it. `what` names the provider in log lines (`ollama draw started`).
 */
export async function streamDraw<C>(
  o: ContenderOptions,
  options: DrawOptions,
  call: StreamCall<C>,
  setup: { what: string; log?: Logger },
): Promise<DrawResult> {
  const { maxReplyBytes, tooLarge } = replyCap(o);
  const t0 = performance.now();
  const deadlines = startDeadlines({ spec: o.spec, label: o.label, totalMs: o.totalTimeoutMs, idleMs: o.idleTimeoutMs, signal: options.signal });
  let started = false;
  setup.log?.info({ event: 'draw-start', thinking: o.thinking, maxTokens: o.maxTokens }, `${setup.what} draw started`);
  safeProgress(options.onProgress, { state: 'thinking' });

  const work = async (): Promise<DrawResult> => {
    const stream = await call.open(deadlines.signal);
    started = true;
    deadlines.touch();
    const reply = new ReplyCollector(maxReplyBytes, options.onProgress, o);
    for await (const chunk of stream) {
      deadlines.touch();
      if (reply.add(readChunk(call, chunk, o))) deadlines.fail(tooLarge());
      if (deadlines.reason) break;
    }
    // Some clients end the iteration quietly when their request is aborted: ask the deadlines why.
    const stop = deadlines.error();
    if (stop) throw stop;
    const { tokens, truncated } = call.end(reply);
    return {
      text: reply.text,
      ...(reply.thinking ? { thinking: reply.thinking } : {}),
      ms: Math.round(performance.now() - t0),
      tokens: knownTokens(tokens),
      truncated: truncated === true,
    };
  };

  return settleDraw(deadlines, work(), { log: setup.log, what: setup.what, t0, mapError: (err) => call.mapError(err, started) });
}
