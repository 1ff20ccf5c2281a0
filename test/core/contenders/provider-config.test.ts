/** Provider settings parsed from the environment, and server hints (retry-after) kept sane. */
import { describe, expect, it } from 'vitest';
import { retryAfterPhrase } from '../../../src/core/contenders/error-mapping.js';
import { DEFAULT_MAX_REPLY_BYTES } from '../../../src/core/contenders/reply-limit.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { ConfigError } from '../../../src/core/model/errors.js';

const configError = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('DUEL_MAX_REPLY_BYTES', () => {
  it('defaults to 4 MB', () => {
    expect(loadConfig({}).maxReplyBytes).toBe(DEFAULT_MAX_REPLY_BYTES);
    expect(DEFAULT_MAX_REPLY_BYTES).toBe(4 * 1024 * 1024);
  });

  it('reads bytes, KB and MB', () => {
    expect(loadConfig({ DUEL_MAX_REPLY_BYTES: '2MB' }).maxReplyBytes).toBe(2 * 1024 * 1024);
    expect(loadConfig({ DUEL_MAX_REPLY_BYTES: '512KB' }).maxReplyBytes).toBe(512 * 1024);
    expect(loadConfig({ DUEL_MAX_REPLY_BYTES: '1.5 mb' }).maxReplyBytes).toBe(1.5 * 1024 * 1024);
    expect(loadConfig({ DUEL_MAX_REPLY_BYTES: '100000' }).maxReplyBytes).toBe(100_000);
  });

  it('refuses nonsense and sizes out of range, naming the variable', () => {
    for (const v of ['lots', '1KB', '1GB', '-4MB', '4 GB']) {
      const e = configError({ DUEL_MAX_REPLY_BYTES: v });
      expect(e.variable).toBe('DUEL_MAX_REPLY_BYTES');
      expect(e.message).toBe(`DUEL_MAX_REPLY_BYTES is "${v}": use a size from 64 KB to 256 MB, such as 4MB or 512KB.`);
    }
  });
});

describe('retry-after from a server', () => {
  it('says when to try again for an honest value', () => {
    expect(retryAfterPhrase('20')).toBe(' in 20 s');
    expect(retryAfterPhrase('0.4')).toBe(' in 1 s');
    expect(retryAfterPhrase('600')).toBe(' in 10 min');
    expect(retryAfterPhrase(new Date(Date.now() + 30_000).toUTCString())).toMatch(/^ in (29|30|31) s$/);
  });

  it('clamps a hostile value to "later" instead of repeating it', () => {
    for (const v of ['99999999999', '1e308', 'Infinity', '-5', 'NaN', '3601', 'Fri, 31 Dec 9999 23:59:59 GMT', 'x'.repeat(10_000), '']) {
      expect(retryAfterPhrase(v)).toBe('');
    }
    expect(retryAfterPhrase(null)).toBe('');
  });
});
