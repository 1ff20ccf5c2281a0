/** Logs are JSON lines; a one-shot CLI command's logs carry an error's message and code, never its stack. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
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
});
