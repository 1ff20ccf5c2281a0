/**
 * Structured logs: one JSON object a line (pino), on stderr so `duel run --json` keeps stdout clean.
 * Secrets are redacted by path wherever they could appear.
 */
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = [
  'token',
  'apiKey',
  'anthropicApiKey',
  'botToken',
  'appToken',
  'signingSecret',
  '*.token',
  '*.apiKey',
  '*.anthropicApiKey',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    { level: options.level, base: { app: 'prompt-duel' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
