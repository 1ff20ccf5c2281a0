/**
 * Contender.ask (one short question that draws nothing) in each provider, with the real clients
 * against the protocol fakes: one non-streamed request with the system text and the prompt, the
 * token limit asked, no thinking; failures, the deadline and the caller's signal as ContenderErrors;
 * behind the provider's queue like a draw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContender, createLimitedContenders, createOllamaContender, type ContenderOptions } from '../../../src/core/contenders/index.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import type { Contender } from '../../../src/core/model/types.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import type { FakeModelServer, FakeRequest } from '../../fakes/fake-model-common.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { anthropicAt, baseOptions, CLAUDE_MODEL, OLLAMA_MODEL, ollamaAt, OPENAI_MODEL, openaiAt, openaiServer } from './helpers.js';

interface Case {
  name: string;
  spec: string;
  start(): Promise<FakeModelServer>;
  make(fake: FakeModelServer, over?: Partial<ContenderOptions>): Contender;
  /** The chat requests the fake received. */
  path: string;
  /** Where the request carries the system text, the user's prompt and the token limit. */
  read(body: any): { system: unknown; prompt: unknown; maxTokens: unknown };
}

const CASES: Case[] = [
  {
    name: 'ollama',
    spec: `ollama:${OLLAMA_MODEL}`,
    start: () => startFakeOllama({ models: [OLLAMA_MODEL] }),
    make: (f, over) => createContender(baseOptions(`ollama:${OLLAMA_MODEL}`, over), { ollama: ollamaAt(f.url) }),
    path: '/api/chat',
    read: (b) => ({ system: b.messages[0].role === 'system' && b.messages[0].content, prompt: b.messages[1].content, maxTokens: b.options.num_predict }),
  },
  {
    name: 'anthropic',
    spec: `anthropic:${CLAUDE_MODEL}`,
    start: () => startFakeAnthropic({ apiKey: 'fake-key', models: [CLAUDE_MODEL] }),
    make: (f, over) => createContender(baseOptions(`anthropic:${CLAUDE_MODEL}`, over), { anthropic: anthropicAt(f.url) }),
    path: '/v1/messages',
    read: (b) => ({ system: b.system, prompt: b.messages[0].content, maxTokens: b.max_tokens }),
  },
  {
    name: 'openai',
    spec: `openai:${OPENAI_MODEL}`,
    start: () => startFakeOpenAI({ models: [OPENAI_MODEL], apiKey: 'sk-test' }),
    make: (f, over) => createContender(baseOptions(`openai:${OPENAI_MODEL}`, over), { openai: openaiAt({ '': openaiServer(f.url, 'sk-test') }) }),
    path: '/v1/chat/completions',
    read: (b) => ({ system: b.messages[0].role === 'system' && b.messages[0].content, prompt: b.messages[1].content, maxTokens: b.max_tokens ?? b.max_completion_tokens }),
  },
];

async function failure(p: Promise<unknown>): Promise<ContenderError> {
  const err = await p.then(
    () => new Error('expected the question to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContenderError);
  return err as ContenderError;
}

describe.each(CASES)('$name ask()', (c) => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await c.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  const chats = (): FakeRequest[] => fake.requests.filter((r) => r.path === c.path);

  it('sends one non-streamed request with the system text, the prompt and the token limit, without thinking', async () => {
    fake.setBehaviour({ text: 'animals, vehicles', thinking: 'hmm, a pelican' });
    const contender = c.make(fake, { thinking: true });
    const answer = await contender.ask!('Sort prompts.', 'a pelican riding a bicycle', { maxTokens: 40 });
    expect(answer).toBe('animals, vehicles');
    const body = chats().at(-1)!.body;
    expect(body.stream === undefined || body.stream === false).toBe(true);
    expect(c.read(body)).toEqual({ system: 'Sort prompts.', prompt: 'a pelican riding a bicycle', maxTokens: 40 });
    // Thinking is off for a question, whatever the contender draws with.
    expect(body.thinking).toBeUndefined();
    expect(body.reasoning_effort).toBeUndefined();
    if (c.name === 'ollama') expect(body.think).toBe(false);
  });

  it('turns an HTTP error into a ContenderError for people', async () => {
    fake.setBehaviour({ status: 500, errorMessage: 'boom' });
    const err = await failure(c.make(fake).ask!('s', 'p', { maxTokens: 40 }));
    expect(err.kind).toBe('server');
    expect(err.spec).toBe(c.spec);
  });

  it('stops at its own deadline and closes the request', async () => {
    fake.setBehaviour({ hang: 'before-headers' });
    const before = chats().length;
    const err = await failure(c.make(fake).ask!('s', 'p', { maxTokens: 40, timeoutMs: 300 }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/took longer than 0\.3 s and was stopped$/);
    await expect.poll(() => chats()[before]?.closedEarly).toBe(true);
  });

  it("stops when the caller's signal aborts", async () => {
    fake.setBehaviour({ hang: 'before-headers' });
    const controller = new AbortController();
    const pending = c.make(fake).ask!('s', 'p', { maxTokens: 40, signal: controller.signal });
    await expect.poll(() => chats().some((r) => !r.finishedAt && !r.closedEarly)).toBe(true);
    controller.abort();
    expect((await failure(pending)).kind).toBe('aborted');
  });
});

describe('ask() behind the queues', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [OLLAMA_MODEL] });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('waits for its turn behind a draw on a one-at-a-time queue', async () => {
    fake.setBehaviour((req) => (req.body?.stream === false ? { text: 'people' } : { text: 'drawn', chunkSize: 1, chunkDelayMs: 30 }));
    const { contenders } = createLimitedContenders([baseOptions(`ollama:${OLLAMA_MODEL}`)], { ollama: ollamaAt(fake.url) }, { ollama: 1 });
    const c = contenders[0]!;
    const drawing = c.draw('pelican');
    const asking = c.ask!('s', 'p', { maxTokens: 40 });
    expect(await Promise.all([drawing.then((d) => d.text), asking])).toEqual(['drawn', 'people']);
    const [draw, question] = fake.requests.filter((r) => r.path === '/api/chat');
    expect(draw!.body.stream).toBe(true);
    expect(question!.body.stream).toBe(false);
    // The question was sent only once the draw had finished.
    expect(question!.receivedAt).toBeGreaterThanOrEqual(draw!.finishedAt!);
  });

  it('a question cancelled while it waits leaves the queue', async () => {
    fake.setBehaviour({ text: 'drawn', chunkSize: 1, chunkDelayMs: 30 });
    const { contenders } = createLimitedContenders([baseOptions(`ollama:${OLLAMA_MODEL}`)], { ollama: ollamaAt(fake.url) }, { ollama: 1 });
    const c = contenders[0]!;
    const before = fake.requests.length;
    const drawing = c.draw('pelican');
    const controller = new AbortController();
    const asking = c.ask!('s', 'p', { maxTokens: 40, signal: controller.signal });
    controller.abort();
    const err = await failure(asking);
    expect(err.kind).toBe('aborted');
    expect(err.message).toBe('Qwen3.6-35B-A3B (local) was cancelled while waiting for its turn');
    await drawing;
    expect(fake.requests.slice(before).filter((r) => r.path === '/api/chat')).toHaveLength(1);
  });

  it('over several Ollama hosts, asks one that has the model', async () => {
    const other = await startFakeOllama({ models: ['llama3.2:latest'] });
    try {
      fake.setBehaviour({ text: 'scenes' });
      const c = createOllamaContender(baseOptions(`ollama:${OLLAMA_MODEL}`), ollamaAt(other.url, fake.url));
      expect(await c.ask!('s', 'a beach at sunset', { maxTokens: 40 })).toBe('scenes');
      expect(other.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0);
    } finally {
      await other.close();
    }
  });
});
