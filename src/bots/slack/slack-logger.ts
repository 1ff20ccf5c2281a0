/**
 * Bolt and its clients log through @slack/logger's interface; this routes those lines into our
 * pino logger (JSON lines, secrets redacted) instead of the console.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from 'pino';

export function boltLogger(logger: Logger): BoltLogger {
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]): string => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => logger.debug({ lib: 'bolt' }, text(msg)),
    info: (...msg: unknown[]) => logger.info({ lib: 'bolt' }, text(msg)),
    warn: (...msg: unknown[]) => logger.warn({ lib: 'bolt' }, text(msg)),
    error: (...msg: unknown[]) => logger.error({ lib: 'bolt' }, text(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}
