/** Specs, labels and the provider registry. */
import { describe, expect, it } from 'vitest';
import {
  createContender,
  defaultLabel,
  defineProvider,
  findProvider,
  listProviders,
  parseSpec,
  registerProvider,
} from '../../../src/core/contenders/index.js';
import { ConfigError } from '../../../src/core/model/errors.js';
import { formatSeconds } from '../../../src/core/contenders/deadline.js';
import { baseOptions } from './helpers.js';

describe('parseSpec', () => {
  it('splits at the first colon only', () => {
    expect(parseSpec('ollama:qwen3.6:35b-a3b')).toEqual({ provider: 'ollama', model: 'qwen3.6:35b-a3b' });
    expect(parseSpec('anthropic:claude-opus-4-7')).toEqual({ provider: 'anthropic', model: 'claude-opus-4-7' });
    expect(parseSpec(' Ollama:llama3.2 ')).toEqual({ provider: 'ollama', model: 'llama3.2' });
  });

  it.each(['qwen3', 'ollama:', ':qwen3', ''])('rejects %j with a ConfigError naming DUEL_CONTENDERS', (spec) => {
    let err: unknown;
    try {
      parseSpec(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe('DUEL_CONTENDERS');
    expect((err as ConfigError).message).toMatch(/provider:model/);
  });
});

describe('defaultLabel', () => {
  it.each([
    ['ollama:qwen3.6:35b-a3b', 'Qwen3.6-35B-A3B (local)'],
    ['ollama:llama3.2', 'Llama3.2 (local)'],
    ['ollama:llama3.2:latest', 'Llama3.2 (local)'],
    ['ollama:gpt-oss:20b', 'GPT-OSS-20B (local)'],
    ['ollama:hf.co/unsloth/Qwen3-GGUF:Q4_K_M', 'Qwen3-GGUF-Q4_K_M (local)'],
    ['anthropic:claude-opus-4-7', 'Claude Opus 4.7'],
    ['anthropic:claude-haiku-4-5-20251001', 'Claude Haiku 4.5'],
    ['anthropic:claude-3-5-sonnet-20241022', 'Claude 3.5 Sonnet'],
    ['anthropic:claude-sonnet-5', 'Claude Sonnet 5'],
    ['openai:gpt-4o', 'GPT-4o'],
    ['openai@openrouter:google/gemini-2.5-pro', 'Gemini-2.5-Pro (openrouter)'],
    ['mistral:large', 'large (mistral)'],
  ])('%s -> %s', (spec, label) => {
    expect(defaultLabel(spec)).toBe(label);
  });
});

describe('registry', () => {
  it('has the built-in providers with their default concurrency', () => {
    expect(listProviders()).toEqual(expect.arrayContaining(['ollama', 'anthropic']));
    expect(findProvider('ollama')!.defaultConcurrency).toBe(1);
    expect(findProvider('anthropic')!.defaultConcurrency).toBe(4);
  });

  it('creates contenders by prefix', () => {
    const o = createContender(baseOptions('ollama:qwen3.6:35b-a3b'));
    expect(o.provider).toBe('ollama');
    expect(o.spec).toBe('ollama:qwen3.6:35b-a3b');
    expect(o.label).toBe('Qwen3.6-35B-A3B (local)');
    const a = createContender(baseOptions('anthropic:claude-opus-4-7'));
    expect(a.provider).toBe('anthropic');
  });

  it('an unknown provider is a ConfigError naming DUEL_CONTENDERS and the known ones', () => {
    let err: unknown;
    try {
      createContender(baseOptions('mystery:model-1'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe('DUEL_CONTENDERS');
    expect((err as ConfigError).message).toMatch(/unknown provider "mystery"/);
    expect((err as ConfigError).message).toMatch(/ollama:/);
  });

  it('another provider is one module: registered, it is found by its prefix', async () => {
    const echo = defineProvider({
      prefix: 'echo',
      defaultConcurrency: 3,
      readSettings: () => ({}),
      create: (o) => ({
        spec: o.spec,
        label: o.label,
        provider: 'echo',
        draw: async (prompt) => ({ text: `<svg><!-- ${prompt} --></svg>`, ms: 0, tokens: { input: null, output: null } }),
      }),
    });
    registerProvider(echo);
    const c = createContender(baseOptions('echo:v1'));
    expect((await c.draw('hi')).text).toBe('<svg><!-- hi --></svg>');
    expect(findProvider('echo')!.defaultConcurrency).toBe(3);
    expect(() => registerProvider({ ...echo, prefix: 'Bad Prefix' })).toThrow(/prefix/);
  });
});

describe('formatSeconds', () => {
  it.each([
    [300_000, '300 s'],
    [60_000, '60 s'],
    [300, '0.3 s'],
    [1_500, '1.5 s'],
    [2_000, '2 s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatSeconds(ms)).toBe(text);
  });
});
