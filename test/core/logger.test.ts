/** Logs are JSON lines; a one-shot CLI command's logs carry an error's message and code, never its stack. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/config.js';
import { createLogger } from '../../src/core/logger.js';

function capture(): { stream: Writable; lines: () => Array<Record<string, any>> } {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += chunk;
      done();
    },
  });
  return { stream, lines: () => text.trim().split('\n').map((l) => JSON.parse(l)) };
}

describe('createLogger', () => {
  it('keeps stacks by default (the server log) and drops them with stacks: false (one-shot commands)', () => {
    const err = Object.assign(new Error('disk full'), { code: 'ENOSPC' });
    const full = capture();
    createLogger({ level: 'error', destination: full.stream }).error({ err, duelId: 'd1' }, 'write failed');
    expect(full.lines()[0].err.stack).toMatch(/\n\s+at /);

    const brief = capture();
    createLogger({ level: 'error', destination: brief.stream, stacks: false }).error({ err, duelId: 'd1' }, 'write failed');
    const line = brief.lines()[0];
    expect(line).toMatchObject({ duelId: 'd1', msg: 'write failed', err: { type: 'Error', message: 'disk full', code: 'ENOSPC' } });
    expect(JSON.stringify(line)).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('never writes a provider key, however deep the settings nest it', () => {
    const config = loadConfig({
      ANTHROPIC_API_KEY: 'sk-ant-SECRET1',
      OPENAI_API_KEY: 'sk-oa-SECRET2',
      OPENAI_LOCAL_BASE_URL: 'http://127.0.0.1:1/v1',
      OPENAI_LOCAL_API_KEY: 'sk-local-SECRET3',
      DUEL_CONTENDERS: 'openai:gpt-5,openai@local:q,anthropic:claude-opus-4-7',
    });
    const out = capture();
    const log = createLogger({ level: 'info', destination: out.stream });
    log.info({ config }, 'configured');
    log.info({ providers: config.providers }, 'providers');
    log.info(config.providers.openai as object, 'openai');
    const text = out.lines().map((l) => JSON.stringify(l)).join('\n');
    expect(text).toContain('[redacted]');
    expect(text).not.toMatch(/SECRET/);
  });
});
