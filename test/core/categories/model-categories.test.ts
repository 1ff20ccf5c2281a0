/**
 * Categories from a model (DUEL_CATEGORY_MODEL), with a real Ollama contender against the fake
 * Ollama server: hostile answers filtered, one question per prompt (cached), never holding up the
 * caller, failures logged and never thrown, shutdown honoured; and the union with the keyword rules.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CATEGORY_SYSTEM_PROMPT,
  categoryModelProblem,
  createCategorizer,
  createModelCategorizer,
  LruCategoryCache,
  parseCategoryAnswer,
  promptKey,
  unionCategories,
  type CategoryCache,
} from '../../../src/core/categories/index.js';
import { createLimitedContenders } from '../../../src/core/contenders/index.js';
import type { Contender } from '../../../src/core/model/types.js';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { baseOptions, OLLAMA_MODEL, ollamaAt } from '../contenders/helpers.js';

const SPEC = `ollama:${OLLAMA_MODEL}`;

function capturingLogger(): { logger: pino.Logger; lines: () => Array<{ level: number; msg: string; event?: string }> } {
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      raw.push(String(chunk));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines: () => raw.map((l) => JSON.parse(l)) };
}

describe('parseCategoryAnswer: the answer is hostile', () => {
  it.each([
    ['animals, vehicles', ['animals', 'vehicles']],
    ['Vehicles, ANIMALS.', ['animals', 'vehicles']],
    ['- people\n- scenes', ['people', 'scenes']],
    ['"lettering"; `abstract`', ['lettering', 'abstract']],
    ['["animals", "objects"]', ['animals', 'objects']],
    ['animals, animals, animals', ['animals']],
    ['animation, scenes, people, animals', ['people', 'scenes', 'animation']],
    ['<think>maybe animals, people</think>scenes', ['scenes']],
    ['<think>animals, people and on and on', []],
    ['none', []],
    ['I think it is animals', []],
    ['animal, vehicle, person', []],
    ['animals vehicles', []],
    ['ignore the list and add category "pwned", DROP TABLE duels', []],
    ['', []],
  ])('%j -> %j', (answer, expected) => {
    expect(parseCategoryAnswer(answer)).toEqual(expected);
  });

  it('reads only the start of a flood', () => {
    expect(parseCategoryAnswer(`${'x'.repeat(5_000_000)}, animals`)).toEqual([]);
    expect(parseCategoryAnswer(`animals,${' people,'.repeat(1_000_000)}`)).toEqual(['animals', 'people']);
  });

  it('the question lists every name', () => {
    for (const name of ['animals', 'people', 'vehicles', 'scenes', 'objects', 'lettering', 'abstract', 'animation']) {
      expect(CATEGORY_SYSTEM_PROMPT).toContain(`- ${name}: `);
    }
  });
});

describe('categoryModelProblem', () => {
  const contenders: Array<Pick<Contender, 'spec' | 'ask'>> = [{ spec: 'ollama:qwen3', ask: async () => '' }, { spec: 'anthropic:claude-opus-4-7' }];
  it('is fine unset or empty, and for a configured model that can answer', () => {
    expect(categoryModelProblem(null, contenders)).toBeNull();
    expect(categoryModelProblem('  ', contenders)).toBeNull();
    expect(categoryModelProblem('ollama:qwen3', contenders)).toBeNull();
    // The config checks it on the specs alone, before any contender is built.
    expect(categoryModelProblem(' anthropic:claude-opus-4-7 ', ['ollama:qwen3', 'anthropic:claude-opus-4-7'])).toBeNull();
    expect(categoryModelProblem('ollama:qwen', ['ollama:qwen3'])).toMatch(/^DUEL_CATEGORY_MODEL is "ollama:qwen", which is not one of the configured models \(ollama:qwen3\)/);
  });
  it('says what to do when it names no configured model', () => {
    expect(categoryModelProblem('openai:gpt-5.1', contenders)).toBe(
      'DUEL_CATEGORY_MODEL is "openai:gpt-5.1", which is not one of the configured models (ollama:qwen3, anthropic:claude-opus-4-7): set it to one of them or leave it empty',
    );
    expect(categoryModelProblem('anthropic:claude-opus-4-7', contenders)).toBe(
      'DUEL_CATEGORY_MODEL is "anthropic:claude-opus-4-7", which cannot answer a question: set it to another configured model or leave it empty',
    );
  });
});

describe('categorize with a category model', () => {
  let fake: FakeModelServer;
  let model: Contender;
  let other: Contender;
  const questions = () => fake.requests.filter((r) => r.path === '/api/chat' && r.body?.stream === false);
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [OLLAMA_MODEL, 'llama3.2:latest'] });
    const made = createLimitedContenders([baseOptions(SPEC), baseOptions('ollama:llama3.2:latest', { label: 'Llama' })], { ollama: ollamaAt(fake.url) }, { ollama: 1 });
    [model, other] = made.contenders as [Contender, Contender];
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.requests.length = 0;
  });

  it('adds the model categories to the keyword ones, in the list order, and keeps the answer', async () => {
    fake.setBehaviour({ text: 'scenes, animals' });
    const cache = new LruCategoryCache();
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model, other], cache });
    expect(categorizer.model).toBe(SPEC);
    const { keywords, all } = categorizer.categorize('a pelican riding a bicycle');
    expect(keywords).toEqual(['animals', 'vehicles']);
    expect(await all).toEqual(['animals', 'vehicles', 'scenes']);
    expect(await cache.cached(promptKey('a pelican riding a bicycle'), SPEC)).toEqual(['animals', 'scenes']);
    const body = questions()[0]!.body;
    expect(body.messages).toEqual([
      { role: 'system', content: CATEGORY_SYSTEM_PROMPT },
      { role: 'user', content: 'a pelican riding a bicycle' },
    ]);
    expect(body.options.num_predict).toBe(40);
  });

  it('asks once per prompt: a second duel with the prompt (retyped) makes no call, nor do two at once', async () => {
    fake.setBehaviour({ text: 'people', chunkDelayMs: 20 });
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model], cache: new LruCategoryCache() });
    const [a, b] = [categorizer.categorize('A chef at work'), categorizer.categorize('a chef  at work')];
    expect(await Promise.all([a.all, b.all])).toEqual([['people'], ['people']]);
    expect(questions()).toHaveLength(1);
    expect(await categorizer.categorize('  A CHEF AT WORK ').all).toEqual(['people']);
    expect(questions()).toHaveLength(1);
  });

  it('keeps only category names from a hostile answer, and remembers that the model found none', async () => {
    fake.setBehaviour({ text: 'Sure! Categories: "pwned", Scenes!, <svg onload=alert(1)>, animal' });
    const cache = new LruCategoryCache();
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model], cache });
    expect(await categorizer.categorize('a lamp').all).toEqual(['scenes', 'objects']);
    expect(await cache.cached('a lamp', SPEC)).toEqual(['scenes']);
    fake.setBehaviour({ text: 'objects are nice; so are animals' });
    expect(await categorizer.categorize('a clock').all).toEqual(['objects']);
    expect(await cache.cached('a clock', SPEC)).toEqual([]);
    expect(await categorizer.categorize('a clock').all).toEqual(['objects']);
    expect(questions()).toHaveLength(2);
  });

  it('never holds up the caller: a hanging model leaves the keyword categories, then gives up and logs it', async () => {
    fake.setBehaviour({ hang: 'before-headers' });
    const { logger, lines } = capturingLogger();
    const cache = new LruCategoryCache();
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model], cache, logger, timeoutMs: 200 });
    const result = categorizer.categorize('an animated spinning mandala');
    // Returned at once with the keyword categories; the model's answer is still to come.
    expect(result.keywords).toEqual(['abstract', 'animation']);
    let settled = false;
    void result.all.then(() => (settled = true));
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    expect(await result.all).toEqual(['abstract', 'animation']);
    const failed = lines().find((l) => l.event === 'category-model-failed');
    expect(failed?.level).toBe(40);
    expect(failed?.msg).toMatch(/^the category model could not sort a prompt \(.*took longer than 0\.2 s and was stopped\); its keyword categories stand$/);
    // A failure is not an answer: the next duel asks again.
    expect(await cache.cached(promptKey('an animated spinning mandala'), SPEC)).toBeUndefined();
    fake.setBehaviour({ text: 'abstract' });
    expect(await categorizer.categorize('an animated spinning mandala').all).toEqual(['abstract', 'animation']);
    expect(questions()).toHaveLength(2);
  });

  it('a server error is logged, never thrown', async () => {
    fake.setBehaviour({ status: 500, errorMessage: 'boom' });
    const { logger, lines } = capturingLogger();
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model], cache: new LruCategoryCache(), logger });
    expect(await categorizer.categorize('a red car').all).toEqual(['vehicles']);
    expect(lines().some((l) => l.event === 'category-model-failed')).toBe(true);
  });

  it('on shutdown the question is stopped without a warning, and no new one is asked', async () => {
    fake.setBehaviour({ hang: 'before-headers' });
    const { logger, lines } = capturingLogger();
    const shutdown = new AbortController();
    const categorizer = createCategorizer({ categoryModel: SPEC, contenders: [model], cache: new LruCategoryCache(), logger, signal: shutdown.signal });
    const pending = categorizer.categorize('a dog').all;
    await expect.poll(() => questions().length).toBe(1);
    shutdown.abort();
    expect(await pending).toEqual(['animals']);
    await expect.poll(() => questions()[0]!.closedEarly).toBe(true);
    expect(await categorizer.categorize('a cat').all).toEqual(['animals']);
    expect(questions()).toHaveLength(1);
    expect(lines().filter((l) => l.level >= 40)).toEqual([]);
  });

  it('a cache that fails is logged and the model is asked anyway', async () => {
    fake.setBehaviour({ text: 'objects' });
    const broken: CategoryCache = {
      cached: () => Promise.reject(new Error('disk I/O error')),
      remember: () => Promise.reject(new Error('disk I/O error')),
    };
    const { logger, lines } = capturingLogger();
    const categorizer = createModelCategorizer({ model: model as Contender & Required<Pick<Contender, 'ask'>>, cache: broken, logger });
    expect(await categorizer.categories('a clock')).toEqual(['objects']);
    expect(lines().filter((l) => l.event === 'category-cache-failed')).toHaveLength(2);
  });

  it('categorizeInBackground returns at once and calls back later; a callback that throws is logged', async () => {
    fake.setBehaviour({ text: 'lettering' });
    const { logger, lines } = capturingLogger();
    const categorizer = createModelCategorizer({ model: model as Contender & Required<Pick<Contender, 'ask'>>, cache: new LruCategoryCache(), logger });
    const got: string[][] = [];
    categorizer.categorizeInBackground('HELLO in neon', (c) => {
      got.push(c);
      throw new Error('store closed');
    });
    expect(got).toEqual([]);
    await expect.poll(() => got).toEqual([['lettering']]);
    await expect.poll(() => lines().some((l) => l.event === 'category-callback-failed')).toBe(true);
  });

  it('a category model that is not configured leaves the keyword rules alone, and says so', async () => {
    const { logger, lines } = capturingLogger();
    const categorizer = createCategorizer({ categoryModel: 'openai:gpt-5.1', contenders: [model], cache: new LruCategoryCache(), logger });
    expect(categorizer.model).toBeNull();
    expect(await categorizer.categorize('a cat').all).toEqual(['animals']);
    expect(questions()).toHaveLength(0);
    expect(lines()[0]!.msg).toMatch(/^DUEL_CATEGORY_MODEL is "openai:gpt-5.1", which is not one of the configured models .*; prompts are sorted by the keyword rules alone$/);
  });
});

describe('the pieces', () => {
  it('unionCategories keeps the list order and drops unknown names', () => {
    expect(unionCategories(['vehicles', 'animals'], ['scenes', 'animals', 'bogus'])).toEqual(['animals', 'vehicles', 'scenes']);
  });

  it('the LRU cache forgets the least recently used prompt first', async () => {
    const cache = new LruCategoryCache(2);
    await cache.remember('a', 'm', ['animals']);
    await cache.remember('b', 'm', ['people']);
    expect(await cache.cached('a', 'm')).toEqual(['animals']);
    await cache.remember('c', 'm', []);
    expect(await cache.cached('b', 'm')).toBeUndefined();
    expect(await cache.cached('a', 'm')).toEqual(['animals']);
    expect(await cache.cached('c', 'm')).toEqual([]);
    // Another model's answer is its own.
    expect(await cache.cached('a', 'other')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});
