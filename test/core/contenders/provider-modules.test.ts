/**
 * A provider is one module listed in the registry: each declares its prefix, its settings with
 * their defaults, its label, its listing and its client; nothing else in contenders or config
 * names a provider, so adding one is one file plus one registry line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultLabel, findProvider, listProviders, PROVIDERS, readConcurrency, readProviderSettings } from '../../../src/core/contenders/index.js';
import { isName } from '../../../src/core/contenders/spec.js';

const SRC = new URL('../../../src/core/', import.meta.url);

/** Code without comments: a comment may name a provider. */
const code = (path: URL) => readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('provider modules', () => {
  const prefixes = PROVIDERS.map((m) => m.prefix);

  it('are listed in the registry in order, each with its prefix, defaults, label, listing and client', () => {
    expect(prefixes).toEqual(['ollama', 'anthropic', 'openai']);
    expect(listProviders().slice(0, 3)).toEqual(prefixes);
    for (const m of PROVIDERS) {
      expect(isName(m.prefix)).toBe(true);
      expect(findProvider(m.prefix)).toBe(m);
      expect(m.defaultConcurrency).toBeGreaterThanOrEqual(1);
      expect(() => m.readSettings({}, [])).not.toThrow();
      expect(typeof m.create).toBe('function');
      expect(typeof m.listModels).toBe('function');
      expect(typeof m.label).toBe('function');
      expect(defaultLabel(`${m.prefix}:some-model`)).toBe(m.label!('some-model'));
    }
  });

  it('give DUEL_CONCURRENCY its defaults, and the config its provider settings by prefix', () => {
    expect(readConcurrency({})).toEqual({ ollama: 1, anthropic: 4, openai: 4 });
    expect(readConcurrency({ DUEL_CONCURRENCY: 'Ollama=2, openai@box=1' })).toEqual({ ollama: 2, anthropic: 4, openai: 4, 'openai@box': 1 });
    // Each module is told its own contenders; an unknown provider's is left for createContender to refuse.
    const settings = readProviderSettings({ OLLAMA_HOST: 'http://gpu:11434/', ANTHROPIC_API_KEY: 'k' }, ['ollama:a', 'openai:b', 'mystery:c']);
    expect(Object.keys(settings)).toEqual(prefixes);
    expect(settings.ollama).toEqual({ hosts: ['http://gpu:11434'], hostSet: true });
    expect(settings.anthropic).toEqual({ apiKey: 'k', baseUrl: 'https://api.anthropic.com' });
    expect(Object.keys(settings.openai.servers)).toEqual(['']);
    expect(readProviderSettings({}, ['ollama:a']).openai).toEqual({ servers: {} });
  });

  it('are the only code in contenders and config that names a provider', () => {
    const own = (file: string) => prefixes.some((p) => file === `${p}.ts` || file.startsWith(`${p}-`));
    const files = readdirSync(new URL('contenders/', SRC)).filter((f) => f.endsWith('.ts') && !own(f)).map((f) => new URL(`contenders/${f}`, SRC));
    files.push(new URL('config/config.ts', SRC));
    const naming = new RegExp(`['"\`](${prefixes.join('|')})\\b`, 'i');
    expect(files.filter((f) => naming.test(code(f))).map((f) => f.pathname.split('/src/')[1])).toEqual([]);
  });
});
