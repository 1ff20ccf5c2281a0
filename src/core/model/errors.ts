/**
 * Error classes that carry data. Each `message` is written for the person in the chat:
 * what happened, and what to do.
 */

export type ContenderErrorKind =
  | 'unreachable'
  | 'model-missing'
  | 'auth'
  | 'overloaded'
  | 'rate-limited'
  | 'bad-request'
  | 'server'
  | 'timeout'
  | 'idle-timeout'
  | 'stream-broken'
  | 'too-large'
  | 'refused'
  | 'aborted'
  | 'no-svg'
  | 'truncated'
  | 'render';

export class ContenderError extends Error {
  override readonly name = 'ContenderError';
  constructor(
    message: string,
    readonly spec: string,
    readonly kind: ContenderErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

export type RenderErrorReason =
  | 'no-svg'
  | 'truncated'
  | 'too-large'
  | 'unsafe'
  | 'invalid'
  | 'timeout'
  | 'out-of-memory'
  | 'crashed'
  | 'closed';

export class RenderError extends Error {
  override readonly name = 'RenderError';
  constructor(
    message: string,
    readonly reason: RenderErrorReason,
  ) {
    super(message);
  }
}

/** Configuration that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly variable?: string,
  ) {
    super(message);
  }
}

/** A command about a duel that cannot apply to it now (unknown id, still being drawn); the message is for people. */
export class DuelStateError extends Error {
  override readonly name = 'DuelStateError';
  constructor(
    message: string,
    readonly reason: 'unknown-duel' | 'still-drawing',
  ) {
    super(message);
  }
}

export type DuelRejectionReason = 'empty-prompt' | 'prompt-too-long' | 'control-character' | 'cooldown' | 'busy' | 'unknown-contender' | 'same-contender';

/** A duel that was not started; `retryAfterMs` says when trying again makes sense. */
export class DuelRejectedError extends Error {
  override readonly name = 'DuelRejectedError';
  constructor(
    message: string,
    readonly reason: DuelRejectionReason,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
