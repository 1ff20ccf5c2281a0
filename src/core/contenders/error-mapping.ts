/**
 * Every way a model server can fail, turned into one ContenderError with a `kind` and a message a
 * person in the chat understands (what happened, what to do). Shared by all providers.
 */
import { ContenderError, type ContenderErrorKind } from '../model/errors.js';

export interface ProviderContext {
  spec: string;
  label: string;
  model: string;
  /** Provider name for people: `Ollama`, `Anthropic`. */
  providerName: string;
  /** The server URL the client talks to. */
  url: string;
  /** Name of the server in "not reachable" messages: `Ollama`, `Anthropic API`. */
  serverName: string;
  /** What to check when the server cannot be reached. */
  unreachableHint: string;
  /** What to do about a refused key (401/403), e.g. `check OPENAI_API_KEY`; unset: generic words. */
  keyHint?: string;
  /** The whole message for a refused key, when the provider words it its own way (Anthropic names its key). */
  authMessage?: (status: number) => string;
  /** The whole message for a model the server does not have (Ollama: the pull command). */
  missingModelMessage?: string;
  /** Statuses besides 529 that mean "overloaded" (Ollama answers 503 when busy). */
  overloadedStatuses?: readonly number[];
}

/** Network error codes that mean "could not connect at all". */
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'ECONNRESET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Error codes/messages that mean "an open connection was cut". */
const CUT_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Walk `cause` chains (fetch wraps the socket error) and collect codes and messages. */
export function errorChain(err: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (typeof cur === 'object') {
      const o = cur as { code?: unknown; message?: unknown; cause?: unknown };
      if (typeof o.code === 'string') codes.push(o.code);
      if (typeof o.message === 'string') messages.push(o.message);
      cur = o.cause;
    } else {
      if (typeof cur === 'string') messages.push(cur);
      break;
    }
  }
  return { codes, messages };
}

export function isConnectFailure(err: unknown): boolean {
  const { codes, messages } = errorChain(err);
  return codes.some((c) => CONNECT_CODES.has(c)) || messages.some((m) => m === 'fetch failed');
}

export function isStreamCut(err: unknown): boolean {
  const { codes, messages } = errorChain(err);
  return (
    codes.some((c) => CUT_CODES.has(c)) ||
    messages.some((m) => m === 'terminated' || /other side closed|socket hang up|premature close/i.test(m))
  );
}

function trimMessage(m: string | null | undefined): string {
  const s = (m ?? '').replace(/\s+/g, ' ').trim();
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}

function make(ctx: ProviderContext, kind: ContenderErrorKind, message: string, status?: number): ContenderError {
  return new ContenderError(message, ctx.spec, kind, status);
}

export function unreachableError(ctx: ProviderContext): ContenderError {
  return make(ctx, 'unreachable', `${ctx.serverName} is not reachable at ${ctx.url}: ${ctx.unreachableHint}`);
}

export function streamBrokenError(ctx: ProviderContext): ContenderError {
  return make(ctx, 'stream-broken', `the connection to ${ctx.providerName} dropped mid-drawing: try again`);
}

export function modelMissingError(ctx: ProviderContext, status?: number): ContenderError {
  const message = ctx.missingModelMessage ?? `${ctx.providerName} does not know the model ${ctx.model}: check the spec ${ctx.spec} in DUEL_CONTENDERS`;
  return make(ctx, 'model-missing', message, status);
}

/**
 * Longest wait a `retry-after` may ask of people, in seconds. A server that asks for more (or for
 * 1e308 s, or a date in the year 9999) gets "try again later": its number would only mislead.
 */
export const RETRY_AFTER_MAX_SECONDS = 3600;

/** `retry-after` in seconds (or an HTTP date) -> a phrase, or '' when absent, unusable or beyond an hour. */
export function retryAfterPhrase(retryAfter: string | null | undefined): string {
  if (!retryAfter) return '';
  const raw = retryAfter.trim().slice(0, 100);
  let seconds = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(seconds)) {
    const at = Date.parse(raw);
    if (Number.isNaN(at)) return '';
    seconds = (at - Date.now()) / 1000;
  }
  if (!(seconds > 0) || seconds > RETRY_AFTER_MAX_SECONDS) return '';
  if (seconds > 120) return ` in ${Math.ceil(seconds / 60)} min`;
  return ` in ${Math.ceil(seconds)} s`;
}

export interface HttpFailure {
  status: number;
  /** The server's own message (API `error.message`, Ollama `error`). */
  apiMessage?: string | null;
  retryAfter?: string | null;
}

/** Map an HTTP status to a ContenderError. */
export function httpError(ctx: ProviderContext, f: HttpFailure): ContenderError {
  const { status } = f;
  const p = ctx.providerName;
  const detail = trimMessage(f.apiMessage);
  if (status === 401 || status === 403) {
    if (ctx.authMessage) return make(ctx, 'auth', ctx.authMessage(status), status);
    if (ctx.keyHint) return make(ctx, 'auth', `${p} refused the request (${status}): ${ctx.keyHint}${detail ? ` (${detail})` : ''}`, status);
    return make(ctx, 'auth', `${p} refused the request (${status}): check its access settings${detail ? ` (${detail})` : ''}`, status);
  }
  if (status === 404) return modelMissingError(ctx, status);
  if (status === 529 || ctx.overloadedStatuses?.includes(status)) {
    return make(ctx, 'overloaded', `${p} is overloaded (${status}), try again later`, status);
  }
  if (status === 429) {
    const when = retryAfterPhrase(f.retryAfter);
    return make(ctx, 'rate-limited', `${p} is rate-limiting requests (429): try again${when || ' later'}`, status);
  }
  if (status >= 500) {
    return make(ctx, 'server', `${p} had a server error (${status}): try again later${detail ? ` (${detail})` : ''}`, status);
  }
  if (status === 413) {
    return make(ctx, 'bad-request', `${p} says the prompt is too large (413): shorten it`, status);
  }
  return make(ctx, 'bad-request', `${p} rejected the request (${status})${detail ? `: ${detail}` : ''}`, status);
}

/** A failure no rule above knows, in the client's own words: before the response began it counts as unreachable. */
export function otherFailure(ctx: ProviderContext, err: unknown, started: boolean): ContenderError {
  const message = (err as { message?: string })?.message ?? String(err);
  return make(ctx, started ? 'stream-broken' : 'unreachable', `${ctx.label} failed: ${message}`);
}

/** The model declined to draw (a refusal, a content filter): nothing to retry, and no drawing. */
export function refusedError(ctx: ProviderContext, said?: string | null): ContenderError {
  const text = trimMessage(said);
  return make(ctx, 'refused', `${ctx.label} declined to draw this prompt${text ? `: "${text}"` : ''}`);
}

/**
 * An error reported inside a stream (no HTTP status). `inferredStatus`: the status the same
 * failure has over HTTP, when the provider can tell it (Anthropic's error types); else the
 * message text decides.
 */
export function inStreamError(ctx: ProviderContext, message: string | null | undefined, inferredStatus?: number): ContenderError {
  if (inferredStatus) {
    const e = httpError(ctx, { status: inferredStatus, apiMessage: message });
    // The status was inferred, not sent: keep it off the error.
    return new ContenderError(e.message, e.spec, e.kind);
  }
  const text = trimMessage(message);
  if (/overloaded|server busy|too many (pending )?requests/i.test(text)) {
    return make(ctx, 'overloaded', `${ctx.providerName} is overloaded, try again later (${text})`);
  }
  if (/model .*not found|try pulling it/i.test(text)) return modelMissingError(ctx);
  return make(
    ctx,
    'server',
    `${ctx.providerName} reported an error mid-drawing: ${text || 'no details given'}. Try again`,
  );
}
