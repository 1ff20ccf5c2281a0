/**
 * The contract every contender meets, run for each built-in provider with its REAL client
 * against its protocol fake: streamed replies, thinking kept apart, failures mapped to
 * ContenderErrors with a kind and a message for people, deadlines and aborts that really close
 * the HTTP request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContender, type ContenderOptions, type ProviderSettings } from '../../../src/core/contenders/index.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import type { Contender } from '../../../src/core/model/types.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import { pelicanSvg, type Behaviour, type FakeModelServer } from '../../fakes/fake-model-common.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { anthropicAt, baseOptions, CLAUDE_MODEL, closedPort, OLLAMA_MODEL, ollamaAt, OPENAI_MODEL, openaiAt, openaiServer, recorder, waitFor } from './helpers.js';

interface Harness {
  name: string;
  spec: string;
  provider: string;
  start(): Promise<FakeModelServer>;
  /** Options and provider settings pointing the contender at `url`. */
  at(url: string, over?: Partial<ContenderOptions>): [ContenderOptions, Partial<ProviderSettings>];
  unreachable: RegExp;
  streamBroken: RegExp;
}

const harnesses: Harness[] = [
  {
    name: 'ollama',
    spec: `ollama:${OLLAMA_MODEL}`,
    provider: 'ollama',
    start: () => startFakeOllama({ models: [OLLAMA_MODEL] }),
    at: (url, over) => [baseOptions(`ollama:${OLLAMA_MODEL}`, over), { ollama: ollamaAt(url) }],
    unreachable: /^Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+: is `ollama serve` running\?$/,
    streamBroken: /^the connection to Ollama dropped mid-drawing: try again$/,
  },
  {
    name: 'anthropic',
    spec: `anthropic:${CLAUDE_MODEL}`,
    provider: 'anthropic',
    start: () => startFakeAnthropic({ apiKey: 'fake-key' }),
    at: (url, over) => [baseOptions(`anthropic:${CLAUDE_MODEL}`, over), { anthropic: anthropicAt(url) }],
    unreachable: /^Anthropic API is not reachable at http:\/\/127\.0\.0\.1:\d+: check your network or ANTHROPIC_BASE_URL$/,
    streamBroken: /^the connection to Anthropic dropped mid-drawing: try again$/,
  },
  {
    name: 'openai',
    spec: `openai:${OPENAI_MODEL}`,
    provider: 'openai',
    start: () => startFakeOpenAI({ models: [OPENAI_MODEL], apiKey: 'sk-fake' }),
    at: (url, over) => [baseOptions(`openai:${OPENAI_MODEL}`, over), { openai: openaiAt({ '': openaiServer(url, 'sk-fake') }) }],
    unreachable: /^OpenAI-compatible server is not reachable at http:\/\/127\.0\.0\.1:\d+(\/v1)?: is the server running\? Check OPENAI_BASE_URL$/,
    streamBroken: /^the connection to OpenAI-compatible server dropped mid-drawing: try again$/,
  },
];

/** An in-stream error each fake can send, that reads as "overloaded" / as nothing known. */
const overloadedMidStream: Record<string, Behaviour> = {
  anthropic: { errorType: 'overloaded_error' },
  ollama: { errorMessage: 'server busy, please try again. maximum pending requests exceeded' },
  openai: { errorMessage: 'The engine is currently overloaded, please try again later' },
};
const unknownMidStream: Record<string, Behaviour> = {
  anthropic: { errorType: 'api_error', errorMessage: 'Internal server error' },
  ollama: { errorMessage: 'an error was encountered while running the model: unexpected EOF' },
  openai: { errorMessage: 'The server had an error while processing your request.' },
};

async function failure(p: Promise<unknown>): Promise<ContenderError> {
  const err = await p.then(
    () => {
      throw new Error('expected the draw to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContenderError);
  return err as ContenderError;
}

describe.each(harnesses)('$name contender contract', (h) => {
  let fake: FakeModelServer;
  let contender: Contender;
  const use = (b: Behaviour, over?: Partial<ContenderOptions>) => {
    fake.setBehaviour(b);
    contender = createContender(...h.at(fake.url, over));
    return contender;
  };

  beforeAll(async () => {
    fake = await h.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('streams a reply: text, token counts, drawing progress with chars', async () => {
    const svg = pelicanSvg('#2a9d8f');
    const c = use({ text: svg, chunkSize: 50, inputTokens: 42, outputTokens: 420 });
    expect(c.spec).toBe(h.spec);
    expect(c.provider).toBe(h.provider);
    const rec = recorder();
    const result = await c.draw('Generate an SVG of a pelican riding a bicycle', { onProgress: rec.onProgress });
    expect(result.text).toBe(svg);
    expect(result.tokens).toEqual({ input: 42, output: 420 });
    expect(result.truncated).toBe(false);
    expect(result.thinking).toBeUndefined();
    expect(result.ms).toBeGreaterThanOrEqual(0);
    const drawing = rec.events.filter((e) => e.state === 'drawing');
    expect(drawing.length).toBeGreaterThan(1);
    expect(drawing.at(-1)!.chars).toBe(svg.length);
    // chars only grow
    for (let i = 1; i < drawing.length; i++) expect(drawing[i]!.chars!).toBeGreaterThan(drawing[i - 1]!.chars!);
    const req = fake.requests.at(-1)!;
    expect(JSON.stringify(req.body.messages)).toContain('pelican riding a bicycle');
    expect(req.body.stream).toBe(true);
  });

  it('keeps thinking apart: thinking text is never returned as the answer', async () => {
    const c = use({ thinking: 'I will draw <svg>not this one</svg> first.', text: 'ANSWER', chunkSize: 8 }, { thinking: true });
    const rec = recorder();
    const result = await c.draw('pelican', { onProgress: rec.onProgress });
    expect(result.text).toBe('ANSWER');
    expect(result.thinking).toBe('I will draw <svg>not this one</svg> first.');
    const states = rec.events.map((e) => e.state);
    expect(states.indexOf('thinking')).toBeLessThan(states.indexOf('drawing'));
  });

  it('reports truncation when the reply stops at the token limit', async () => {
    const result = await use({ text: '<svg>half', truncated: true }).draw('pelican');
    expect(result.truncated).toBe(true);
  });

  it('maps a refused connection to unreachable', async () => {
    const port = await closedPort();
    const c = createContender(...h.at(`http://127.0.0.1:${port}`));
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('unreachable');
    expect(err.spec).toBe(h.spec);
    expect(err.message).toMatch(h.unreachable);
  });

  it('maps 429 to rate-limited with the retry-after time', async () => {
    const err = await failure(use({ status: 429, retryAfterSeconds: 20 }).draw('pelican'));
    expect(err.kind).toBe('rate-limited');
    expect(err.status).toBe(429);
    expect(err.message).toMatch(/rate-limiting requests \(429\): try again in 20 s/);
  });

  it('maps 529 to overloaded', async () => {
    const err = await failure(use({ status: 529 }).draw('pelican'));
    expect(err.kind).toBe('overloaded');
    expect(err.status).toBe(529);
    expect(err.message).toMatch(/is overloaded \(529\), try again later/);
  });

  it('maps 500 to a server error', async () => {
    const err = await failure(use({ status: 500, errorMessage: 'boom' }).draw('pelican'));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(500);
    expect(err.message).toMatch(/server error \(500\): try again later/);
  });

  it('maps an error reported mid-stream', async () => {
    const b: Behaviour = { text: pelicanSvg('red'), chunkSize: 20, errorAfterChunks: 3, ...overloadedMidStream[h.name] };
    const err = await failure(use(b).draw('pelican'));
    expect(err.kind).toBe('overloaded');
    expect(err.message).toMatch(/overloaded/);
  });

  it('maps an in-stream error it cannot classify to a server error with the text', async () => {
    const b: Behaviour = { chunkSize: 20, errorAfterChunks: 2, ...unknownMidStream[h.name] };
    const err = await failure(use(b).draw('pelican'));
    expect(err.kind).toBe('server');
  });

  it('maps a connection cut mid-stream to stream-broken', async () => {
    const err = await failure(use({ text: pelicanSvg('blue'), chunkSize: 20, cutAfterChunks: 4 }).draw('pelican'));
    expect(err.kind).toBe('stream-broken');
    expect(err.message).toMatch(h.streamBroken);
  });

  it('stops at the total deadline and really closes the request', async () => {
    // Chunks keep coming (so the idle deadline never fires) but the whole reply takes too long.
    const c = use({ text: 'x'.repeat(400), chunkSize: 4, chunkDelayMs: 40 }, { totalTimeoutMs: 300, idleTimeoutMs: 5_000 });
    const before = fake.requests.length;
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('timeout');
    expect(err.message).toBe(`${c.label} took longer than 0.3 s and was stopped`);
    const req = fake.requests[before]!;
    await waitFor(() => req.closedEarly);
  });

  it('stops at the idle deadline when the stream goes silent after headers', async () => {
    const c = use({ hang: 'after-headers' }, { totalTimeoutMs: 10_000, idleTimeoutMs: 300 });
    const before = fake.requests.length;
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('idle-timeout');
    expect(err.message).toBe(`${c.label} sent nothing for 0.3 s and was stopped`);
    await waitFor(() => fake.requests[before]!.closedEarly);
  });

  it('stops at the idle deadline when the server never even answers', async () => {
    const c = use({ hang: 'before-headers' }, { totalTimeoutMs: 10_000, idleTimeoutMs: 300 });
    const before = fake.requests.length;
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('idle-timeout');
    await waitFor(() => fake.requests[before]!.closedEarly);
  });

  it('stops at the idle deadline when chunks stop mid-drawing', async () => {
    const c = use({ text: 'abcdefgh', chunkSize: 2, chunkDelayMs: 2_000 }, { idleTimeoutMs: 300 });
    const rec = recorder();
    const err = await failure(c.draw('pelican', { onProgress: rec.onProgress }));
    expect(err.kind).toBe('idle-timeout');
    expect(rec.events.some((e) => e.state === 'drawing')).toBe(true);
  });

  it('honours the caller abort signal and closes the request', async () => {
    const c = use({ hang: 'after-headers' });
    const ac = new AbortController();
    const before = fake.requests.length;
    const settled = failure(c.draw('pelican', { signal: ac.signal }));
    await waitFor(() => fake.requests.length > before);
    ac.abort();
    const err = await settled;
    expect(err.kind).toBe('aborted');
    await waitFor(() => fake.requests[before]!.closedEarly);
  });

  it('fails at once for a signal that is already aborted', async () => {
    const c = use({});
    const err = await failure(c.draw('pelican', { signal: AbortSignal.abort() }));
    expect(err.kind).toBe('aborted');
  });

  it('runs draws in parallel: the second starts before the first finishes', async () => {
    // Two contenders at two fake servers: 1 s and 2 s of streaming.
    const other = await h.start();
    try {
      fake.setBehaviour({ text: 'a'.repeat(10), chunkSize: 1, chunkDelayMs: 100 });
      other.setBehaviour({ text: 'b'.repeat(20), chunkSize: 1, chunkDelayMs: 100 });
      const one = createContender(...h.at(fake.url));
      const two = createContender(...h.at(other.url));
      const spans: Record<string, { start: number; end: number }> = {};
      const timed = async (name: string, c: Contender) => {
        const start = performance.now();
        const r = await c.draw('pelican');
        spans[name] = { start, end: performance.now() };
        return r;
      };
      const [a, b] = await Promise.all([timed('one', one), timed('two', two)]);
      expect(a.text).toBe('a'.repeat(10));
      expect(b.text).toBe('b'.repeat(20));
      expect(spans.two!.start).toBeLessThan(spans.one!.end);
      expect(spans.one!.start).toBeLessThan(spans.two!.end);
    } finally {
      await other.close();
    }
  });

  it('one contender failing does not affect another running at the same time', async () => {
    const other = await h.start();
    try {
      fake.setBehaviour({ text: 'fine', chunkSize: 1, chunkDelayMs: 30 });
      other.setBehaviour({ status: 529 });
      const ok = createContender(...h.at(fake.url));
      const bad = createContender(...h.at(other.url));
      const [r1, r2] = await Promise.allSettled([ok.draw('pelican'), bad.draw('pelican')]);
      expect(r1.status).toBe('fulfilled');
      expect(r1.status === 'fulfilled' && r1.value.text).toBe('fine');
      expect(r2.status).toBe('rejected');
      expect(r2.status === 'rejected' && (r2.reason as ContenderError).kind).toBe('overloaded');
    } finally {
      await other.close();
    }
  });
});
