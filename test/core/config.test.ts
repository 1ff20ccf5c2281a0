import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { ConfigError } from '../../src/core/errors.js';
import { formatDuration, parseDuration } from '../../src/core/duration.js';

function errorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('has working defaults with nothing set', () => {
    const c = loadConfig({});
    expect(c.contenders.map((x) => x.spec)).toEqual(['ollama:qwen3.6:35b-a3b', 'anthropic:claude-opus-4-7']);
    expect(c.ollamaHost).toBe('http://127.0.0.1:11434');
    expect(c.duel.voteWindowMs).toBe(3_600_000);
    expect(c.duel.cooldownMs).toBe(60_000);
    expect(c.concurrency).toMatchObject({ ollama: 1, anthropic: 4 });
    expect(c.dbPath).toBe('data/duels.db');
    expect(c.web).toMatchObject({ port: 8787, host: '127.0.0.1' });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads labels, thinking and concurrency per contender', () => {
    const c = loadConfig({
      DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b=My Qwen, anthropic:claude-opus-4-7',
      DUEL_THINKING: 'ollama:qwen3.6:35b-a3b=on',
      DUEL_CONCURRENCY: 'ollama=2',
    });
    expect(c.contenders[0]).toEqual({ spec: 'ollama:qwen3.6:35b-a3b', label: 'My Qwen', thinking: true });
    expect(c.contenders[1].thinking).toBe(false);
    expect(c.concurrency.ollama).toBe(2);
  });

  it('names the variable in every error', () => {
    expect(errorOf({ DUEL_VOTE_WINDOW: 'soon' }).message).toMatch(/^DUEL_VOTE_WINDOW is "soon": write a duration/);
    expect(errorOf({ DUEL_CONTENDERS: 'ollama:x' }).variable).toBe('DUEL_CONTENDERS');
    expect(errorOf({ DUEL_CONTENDERS: 'nonsense,anthropic:y' }).message).toMatch(/DUEL_CONTENDERS has "nonsense"/);
    expect(errorOf({ OLLAMA_HOST: 'not a url' }).variable).toBe('OLLAMA_HOST');
    expect(errorOf({ DUEL_WEB_PORT: '99999' }).variable).toBe('DUEL_WEB_PORT');
    expect(errorOf({ SLACK_BOT_TOKEN: 'xoxb-1' }).variable).toBe('SLACK_SIGNING_SECRET');
    expect(errorOf({ DUEL_PROMPT_TEMPLATE: 'draw' }).variable).toBe('DUEL_PROMPT_TEMPLATE');
  });

  it('configures Discord and Slack only when their tokens are set', () => {
    const c = loadConfig({ DISCORD_TOKEN: 't', DISCORD_API_URL: 'http://127.0.0.1:9/api', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    expect(c.discord).toEqual({ token: 't', appId: undefined, apiUrl: 'http://127.0.0.1:9/api', shards: undefined });
    expect(c.slack?.appToken).toBe('xapp-1');
  });
});

describe('durations', () => {
  it('parses what people write', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('30m')).toBe(1_800_000);
    expect(parseDuration('24h')).toBe(86_400_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('45')).toBe(45_000);
    expect(parseDuration('1 week')).toBeNull();
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(90_000)).toBe('90s');
  });
});
