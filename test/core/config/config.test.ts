import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';
import { ConfigError } from '../../../src/core/model/errors.js';
import { formatDuration, parseDuration } from '../../../src/core/model/duration.js';
import { DEFAULT_SETTINGS, RENDER_DEFAULTS, SLACK_DEFAULTS, WEB_DEFAULTS } from '../../../src/core/model/settings.js';

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
    expect(c.providers.ollama.hosts[0]).toBe('http://127.0.0.1:11434');
    expect(c.duel.voteWindowMs).toBe(3_600_000);
    expect(c.duel.cooldownMs).toBe(60_000);
    expect(c.concurrency).toMatchObject({ ollama: 1, anthropic: 4 });
    expect(c.dbPath).toBe('data/duels.db');
    expect(c.web).toMatchObject({ port: 8787, host: '127.0.0.1' });
    expect(c.discord).toBeUndefined();
    expect(c.slack).toBeUndefined();
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('runs the engine on the same defaults as production: one definition of each', () => {
    const c = loadConfig({});
    // The engine's defaults (what a test's createDuelService runs) are the config's values, field by field.
    expect(c.duel).toEqual({ ...DEFAULT_SETTINGS });
    expect(c.duel.staleAfterMs).toBe(DEFAULT_SETTINGS.staleAfterMs);
    expect(c.render).toMatchObject({ timeoutMs: RENDER_DEFAULTS.timeoutMs, memoryMb: RENDER_DEFAULTS.memoryMb, box: RENDER_DEFAULTS.box });
    expect(c.web).toMatchObject({ port: WEB_DEFAULTS.port, host: WEB_DEFAULTS.host, limits: WEB_DEFAULTS.limits });
    expect(c.voteStyle).toBe('reactions');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack?.port).toBe(SLACK_DEFAULTS.port);
    // A changed limit moves the derived stale age with it, in the config as in the engine's rule.
    expect(loadConfig({ DUEL_QUEUE_TIMEOUT: '20m' }).duel.staleAfterMs).toBe(DEFAULT_SETTINGS.staleAfterMs + 5 * 60_000);
  });

  it('sizes the GIF frame lane from the still workers and reads the frame budget', () => {
    expect(loadConfig({ DUEL_RENDER_WORKERS: '4' }).render).toMatchObject({ workers: 4, frameWorkers: 2, frameBudgetMs: RENDER_DEFAULTS.frameBudgetMs });
    expect(loadConfig({ DUEL_RENDER_WORKERS: '1' }).render.frameWorkers).toBe(1);
    expect(loadConfig({ DUEL_RENDER_FRAME_WORKERS: '3', DUEL_GIF_FRAME_BUDGET_MS: '250' }).render).toMatchObject({ frameWorkers: 3, frameBudgetMs: 250 });
    expect(errorOf({ DUEL_GIF_FRAME_BUDGET_MS: 'fast' }).message).toContain('DUEL_GIF_FRAME_BUDGET_MS');
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
    expect(c.discord).toEqual({ token: 't', appId: undefined, apiUrl: 'http://127.0.0.1:9/api', shards: undefined, voteStyle: 'reactions' });
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

describe('duration settings', () => {
  const SETTINGS = ['DUEL_TIMEOUT', 'DUEL_IDLE_TIMEOUT', 'DUEL_QUEUE_TIMEOUT', 'DUEL_RENDER_TIMEOUT', 'DUEL_VOTE_WINDOW', 'DUEL_COOLDOWN'];

  it('take zero, written any way, as "no cooldown"', () => {
    for (const zero of ['0', '0s', '0ms', '0m', '0h', ' 0s ']) expect(loadConfig({ DUEL_COOLDOWN: zero }).duel.cooldownMs).toBe(0);
  });

  it('refuse zero where it means nothing, saying it must be longer', () => {
    for (const name of SETTINGS.filter((n) => n !== 'DUEL_COOLDOWN')) {
      const err = errorOf({ [name]: '0s' });
      expect(err.variable).toBe(name);
      expect(err.message).toMatch(new RegExp(`^${name} is "0s": it must be longer than zero; write a duration such as `));
    }
  });

  it('suggest only values they accept', () => {
    for (const name of SETTINGS) {
      const message = errorOf({ [name]: 'soon' }).message;
      const examples = /such as (.*?)(?:, or (0) for .*)?\.$/.exec(message)!;
      const values = [...examples[1].split(/, | or /), ...(examples[2] ? [examples[2]] : [])];
      expect(values.length).toBeGreaterThanOrEqual(3);
      for (const value of values) expect(() => loadConfig({ [name]: value }), `${name}=${value} from "${message}"`).not.toThrow();
    }
  });
});
