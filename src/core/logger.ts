/**
 * Structured logs: one JSON object a line (pino), on stderr so `duel run --json` keeps stdout clean.
 * Secrets are redacted by path wherever they could appear.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'token',
  'apiKey',
  'botToken',
  'appToken',
  'signingSecret',
  '*.token',
  '*.apiKey',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  // Provider settings nest keys deeper (config.providers.anthropic.apiKey, …openai.servers.<name>.apiKey).
  '*.*.apiKey',
  '*.*.*.apiKey',
  '*.*.*.*.apiKey',
  '*.*.*.*.*.apiKey',
  // Basic auth made from user info in a provider URL (config.providers.ollama.authorization, …openai.servers.<name>.authorization).
  'authorization',
  '*.authorization',
  '*.*.authorization',
  '*.*.*.authorization',
  '*.*.*.*.authorization',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

/** An error as one short object, for logs that a person reads in a terminal (no stack trace). */
function briefError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  return { type: err.name, message: err.message, ...(code ? { code } : {}) };
}

/** `stacks: false` (one-shot CLI commands) logs errors without their stack traces. */
export function createLogger(options: { level: string; destination?: pino.DestinationStream; stacks?: boolean }): Logger {
  return pino(
    {
      level: options.level,
      base: { app: 'prompt-duel' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      ...(options.stacks === false ? { serializers: { err: briefError } } : {}),
    },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
