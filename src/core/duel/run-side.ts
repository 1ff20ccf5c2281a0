/**
 * One side of a duel: draw -> extract -> sanitize + rasterize. Never throws: every failure
 * becomes an entry with a message for people, so one contender failing never sinks the other.
 */
import type { Logger } from 'pino';
import type { EntryRecord } from '../model/records.js';
import { ContenderError, RenderError } from '../model/errors.js';
import type { Contender, ContenderState, Renderer, Side } from '../model/types.js';

/**
 * Most characters of a model's raw reply kept in the database. Every real reply fits whole; a
 * flood (up to DUEL_MAX_REPLY_BYTES) keeps its head and tail, so a duel adds kilobytes, not megabytes.
 */
export const RAW_TEXT_MAX_CHARS = 256 * 1024;

/** `text` itself when short enough, else its head and tail around a note of what was left out. */
export function rawTextExcerpt(text: string, max = RAW_TEXT_MAX_CHARS): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max / 4);
  const head = max - tail;
  return `${text.slice(0, head)}\n[... ${text.length - head - tail} characters left out ...]\n${text.slice(-tail)}`;
}

export interface SideRun {
  entry: EntryRecord;
  png: Buffer | null;
  /** The text the drawing draws, as the renderer read it (RenderedSvg.text); '' when it failed. */
  text: string;
}

export interface SideState {
  state: ContenderState;
  startedAt: number;
  queuePosition?: number;
  error?: string;
}

export async function runSide(args: {
  duelId: string;
  side: Side;
  contender: Contender;
  prompt: string;
  renderer: Renderer;
  box: number;
  /** A child logger that already carries the duel id. */
  logger: Logger;
  onState: (s: Partial<SideState>) => void;
  /** Aborts the draw (queue deadline, shutdown). */
  signal?: AbortSignal;
  /** Why the signal fired, in words for people; replaces the contender's generic "cancelled". */
  stopReason?: () => { message: string; kind: string } | undefined;
}): Promise<SideRun> {
  const { duelId, side, contender, renderer, logger } = args;
  const base: EntryRecord = {
    duelId,
    side,
    spec: contender.spec,
    label: contender.label,
    rawText: null,
    svg: null,
    ok: false,
    error: null,
    errorKind: null,
    ms: null,
    tokens: { input: null, output: null },
  };
  let entry = base;
  try {
    const reply = await contender.draw(args.prompt, {
      signal: args.signal,
      onProgress: (p) => args.onState({ state: p.state, queuePosition: p.state === 'queued' ? p.queuePosition : undefined }),
    });
    entry = { ...entry, rawText: rawTextExcerpt(reply.text), ms: Math.round(reply.ms), tokens: reply.tokens };
    args.onState({ state: 'rendering', queuePosition: undefined });
    let svg: string;
    try {
      svg = await renderer.extract(reply.text);
    } catch (err) {
      // A reply stopped by the token limit is "cut off", whatever the extractor saw.
      if (reply.truncated && err instanceof RenderError) throw new RenderError('the drawing was cut off (the model hit its token limit)', 'truncated');
      throw err;
    }
    const rendered = await renderer.render(svg, { box: args.box });
    // The drawing's facts are taken once, here, so no page ever scans the SVG text again.
    const facts = {
      animated: renderer.isAnimated?.(rendered.svg) ?? false,
      width: rendered.width,
      height: rendered.height,
      ...(rendered.features ? { features: rendered.features } : {}),
    };
    entry = { ...entry, svg: rendered.svg, ok: true, facts };
    args.onState({ state: 'done' });
    logger.info({ side, spec: contender.spec, ms: entry.ms, tokens: entry.tokens }, 'side done');
    return { entry, png: rendered.png, text: rendered.text };
  } catch (err) {
    const stopped = args.signal?.aborted ? args.stopReason?.() : undefined;
    const message = stopped?.message ?? (err instanceof Error ? err.message : String(err));
    const kind = stopped?.kind ?? (err instanceof ContenderError ? err.kind : err instanceof RenderError ? err.reason : 'internal');
    if (!(err instanceof ContenderError) && !(err instanceof RenderError)) logger.error({ side, err }, 'unexpected failure of a side');
    else logger.warn({ side, spec: contender.spec, kind, error: message }, 'side failed');
    args.onState({ state: 'failed', error: message, queuePosition: undefined });
    return { entry: { ...entry, ok: false, error: message, errorKind: kind }, png: null, text: '' };
  }
}
