/**
 * What a model sends is checked at the boundary (issue 16 part 3), with the real `ollama`,
 * `openai` and `@anthropic-ai/sdk` clients against the protocol fakes: token counts that are not
 * non-negative whole numbers become unknown and the duel is a normal contest; a reply whose text is
 * not text fails only that side, with a reason for people.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContender } from '../../../src/core/contenders/index.js';
import { knownTokenCount } from '../../../src/core/contenders/reply-fields.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { encodeCount } from '../../../src/core/store/row-codecs.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { OLLAMA_SPEC, useTestEngines, type TestEngine } from '../../helpers/engine.js';
import { anthropicAt, baseOptions, CLAUDE_MODEL, OLLAMA_MODEL, ollamaAt, OPENAI_MODEL, openaiAt, openaiServer } from './helpers.js';

const newEngine = useTestEngines();
const OPENAI_SPEC = `openai:${OPENAI_MODEL}`;
const HOSTILE_COUNTS: unknown[] = [true, {}, -3, 1.5, '12', [4], null];

const start = (t: TestEngine) =>
  t.service.startDuel({ platform: 'cli', community: 'c', channel: 'ch', author: 'cli:u1', prompt: 'a pelican riding a bicycle' });

/** The side of a duel's outcome whose spec starts with `prefix`, and the other side. */
function sides(outcome: { entries: Record<'A' | 'B', { spec: string }> }, prefix: string): ['A' | 'B', 'A' | 'B'] {
  return outcome.entries.A.spec.startsWith(prefix) ? ['A', 'B'] : ['B', 'A'];
}

describe('token counts that are not counts', () => {
  it('a usable count is kept; anything else is unknown, at the boundary and in the store', () => {
    expect(knownTokenCount(0)).toBe(0);
    expect(knownTokenCount(1234)).toBe(1234);
    expect(encodeCount(1234)).toBe(1234);
    for (const bad of [...HOSTILE_COUNTS, NaN, Infinity, 2 ** 60]) {
      expect(knownTokenCount(bad)).toBeNull();
      expect(encodeCount(bad)).toBeNull();
    }
  });

  it('Ollama eval_count: true and Anthropic output_tokens: {} still give a normal contest, tokens unknown', async () => {
    const t = await newEngine({
      ollamaBehaviour: { text: pelicanSvg('#e07a5f'), hostileTokens: true },
      anthropicBehaviour: { text: pelicanSvg('#3d5a80'), hostileTokens: {} },
    });
    const outcome = await start(t);
    expect(outcome.contest).toBe(true);
    expect(outcome.entries.A.ok && outcome.entries.B.ok).toBe(true);
    const stored = (await t.engine.store.entries(outcome.duel.id))!;
    expect(stored.A.tokens).toEqual({ input: null, output: null });
    expect(stored.B.tokens).toEqual({ input: null, output: null });
  });

  it('usage.prompt_tokens: {} on an OpenAI-compatible server still gives a normal contest', async () => {
    const server = await startFakeOpenAI({ models: [OPENAI_MODEL], reply: { text: pelicanSvg('#81b29a'), hostileTokens: {} } });
    try {
      const t = await newEngine({ env: { DUEL_CONTENDERS: `${OLLAMA_SPEC},${OPENAI_SPEC}`, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: 'sk-test' } });
      const outcome = await start(t);
      expect(outcome.contest).toBe(true);
      const [openaiSide, ollamaSide] = sides(outcome, 'openai:');
      const stored = (await t.engine.store.entries(outcome.duel.id))!;
      expect(stored[openaiSide].ok).toBe(true);
      expect(stored[openaiSide].tokens).toEqual({ input: null, output: null });
      // The other side's counts are untouched by its opponent's bad metadata.
      expect(stored[ollamaSide].tokens.output).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('reply text that is not text', () => {
  let ollama: FakeModelServer;
  let anthropic: FakeModelServer;
  let openai: FakeModelServer;
  beforeAll(async () => {
    const hostile = { text: pelicanSvg(), hostileContent: { svg: '<svg/>' } };
    [ollama, anthropic, openai] = await Promise.all([
      startFakeOllama({ models: [OLLAMA_MODEL], reply: hostile }),
      startFakeAnthropic({ reply: hostile }),
      startFakeOpenAI({ models: [OPENAI_MODEL], reply: hostile }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ollama.close(), anthropic.close(), openai.close()]);
  });

  const cases = [
    { name: 'ollama', spec: `ollama:${OLLAMA_MODEL}`, settings: () => ({ ollama: ollamaAt(ollama.url) }) },
    { name: 'anthropic', spec: `anthropic:${CLAUDE_MODEL}`, settings: () => ({ anthropic: anthropicAt(anthropic.url) }) },
    { name: 'openai', spec: OPENAI_SPEC, settings: () => ({ openai: openaiAt({ '': openaiServer(openai.url) }) }) },
  ];
  for (const c of cases) {
    it(`${c.name}: content sent as an object fails the draw with a reason for people`, async () => {
      const err = await createContender(baseOptions(c.spec), c.settings()).draw('pelican').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ContenderError);
      expect((err as ContenderError).spec).toBe(c.spec);
      expect((err as ContenderError).message).toMatch(/sent answer text that is not text \(an object\), so there is no drawing/);
      expect((err as ContenderError).message).not.toMatch(/TypeError|\[object Object\]/);
    });
  }

  it('in a duel, only the side that sent it fails', async () => {
    const t = await newEngine({ ollamaBehaviour: { text: pelicanSvg('#e07a5f'), hostileContent: { svg: 1 } } });
    const outcome = await start(t);
    expect(outcome.contest).toBe(false);
    const [bad, good] = sides(outcome, 'ollama:');
    expect(outcome.entries[bad].ok).toBe(false);
    expect(outcome.entries[bad].error).toMatch(/sent answer text that is not text/);
    expect(outcome.entries[good].ok).toBe(true);
  });
});
