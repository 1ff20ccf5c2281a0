/**
 * A reply is read up to a cap and no further (issue 9 point 5), with the real `ollama` and
 * `@anthropic-ai/sdk` and `openai` clients against fakes that flood: far past the cap in many chunks, or in
 * one giant line. The server counts what it managed to hand to the socket: a client that stops
 * reading stops that count growing (backpressure), which is how "stopped reading" is measured.
 * A timer probe checks the event loop kept turning; assertions are on counts and sizes only.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createContender, type ContenderOptions, type ProviderSettings } from '../../../src/core/contenders/index.js';
import { formatBytes, frameLines } from '../../../src/core/contenders/reply-limit.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import { pelicanSvg, type FakeModelServer } from '../../fakes/fake-model-common.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { anthropicAt, baseOptions, CLAUDE_MODEL, OLLAMA_MODEL, ollamaAt, OPENAI_MODEL, openaiAt, openaiServer, waitFor } from './helpers.js';

const MB = 1024 * 1024;

interface Harness {
  name: string;
  start(): Promise<FakeModelServer>;
  at(url: string, over?: Partial<ContenderOptions>): [ContenderOptions, Partial<ProviderSettings>];
}

const harnesses: Harness[] = [
  {
    name: 'ollama',
    start: () => startFakeOllama({ models: [OLLAMA_MODEL] }),
    at: (url, over) => [baseOptions(`ollama:${OLLAMA_MODEL}`, over), { ollama: ollamaAt(url) }],
  },
  {
    name: 'anthropic',
    start: () => startFakeAnthropic({ apiKey: 'fake-key' }),
    at: (url, over) => [baseOptions(`anthropic:${CLAUDE_MODEL}`, over), { anthropic: anthropicAt(url) }],
  },
  {
    name: 'openai',
    start: () => startFakeOpenAI({ models: [OPENAI_MODEL] }),
    at: (url, over) => [baseOptions(`openai:${OPENAI_MODEL}`, over), { openai: openaiAt({ '': openaiServer(url) }) }],
  },
];

async function failure(p: Promise<unknown>): Promise<ContenderError> {
  const err = await p.then(
    () => new Error('expected the draw to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContenderError);
  return err as ContenderError;
}

/** Counts timer ticks while `work` runs: a stalled event loop gives none. */
async function withProbe<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const probe = setInterval(() => ticks++, 1);
  try {
    const result = await work();
    return { result, ticks };
  } finally {
    clearInterval(probe);
  }
}

describe.each(harnesses)('$name: a reply past the cap', (h) => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await h.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('stops reading a reply that streams on far past the cap, and says so plainly', async () => {
    fake.setBehaviour({ text: 'Here is the drawing: <svg xmlns="http://www.w3.org/2000/svg">', floodBytes: 200 * MB });
    const c = createContender(...h.at(fake.url, { maxReplyBytes: 1 * MB }));
    const before = fake.requests.length;
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('too-large');
    expect(err.spec).toBe(c.spec);
    expect(err.message).toBe(`${c.label} sent more than 1 MB and was stopped: a drawing is far smaller than that (the limit is DUEL_MAX_REPLY_BYTES)`);
    const req = fake.requests[before]!;
    await waitFor(() => req.closedEarly);
    // The cap is 1 MB of text; framing and socket buffers add a few MB, but nowhere near the 200 MB offered.
    expect(req.bytesSent).toBeLessThan(24 * MB);
  });

  it('a single giant line neither stalls the event loop nor is read past the cap', async () => {
    fake.setBehaviour({ text: '<svg>', giantLineBytes: 50 * MB });
    const c = createContender(...h.at(fake.url, { maxReplyBytes: 4 * MB }));
    const before = fake.requests.length;
    const { result: err, ticks } = await withProbe(() => failure(c.draw('pelican')));
    expect(err.kind).toBe('too-large');
    expect(err.message).toContain('sent more than 4 MB');
    const req = fake.requests[before]!;
    await waitFor(() => req.closedEarly);
    expect(req.bytesSent).toBeLessThan(30 * MB);
    expect(ticks).toBeGreaterThan(0);
  });

  it('a reply just under the cap still arrives whole', async () => {
    const svg = pelicanSvg('#118ab2');
    const padding = `<!-- ${'p'.repeat(200 * 1024)} -->`;
    fake.setBehaviour({ text: `${svg}${padding}`, chunkSize: 4096 });
    const r = await createContender(...h.at(fake.url, { maxReplyBytes: 256 * 1024, maxTokens: 128_000 })).draw('pelican');
    expect(r.text.length).toBe(svg.length + padding.length);
    expect(r.text === `${svg}${padding}`).toBe(true);
  });
});

describe('ollama: what a hostile server sends stays out of stderr', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [OLLAMA_MODEL] });
  });
  afterAll(async () => {
    await fake.close();
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function jsonLogger() {
    const lines: any[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    });
    return { lines, logger: pino({ level: 'info' }, sink) };
  }

  it('skips lines that are not JSON, logging a short excerpt as JSON instead of printing them raw', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    const { lines, logger } = jsonLogger();
    const junk = `<html>${'x'.repeat(5000)}`;
    fake.setBehaviour({ rawLines: [junk, 'not json {'], text: 'ANSWER', chunkSize: 3 });
    const r = await createContender(baseOptions(`ollama:${OLLAMA_MODEL}`, { logger }), { ollama: ollamaAt(fake.url) }).draw('pelican');
    expect(r.text).toBe('ANSWER');
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    const skipped = lines.filter((l) => l.event === 'invalid-ndjson-line');
    expect(skipped).toHaveLength(2);
    expect(skipped[0].bytes).toBe(junk.length);
    expect(skipped[0].excerpt.length).toBeLessThanOrEqual(200);
    expect(skipped[1].excerpt).toBe('not json {');
  });

  it('an HTML error page from a proxy becomes a plain error, not console output', async () => {
    const log = vi.spyOn(console, 'log');
    fake.setBehaviour({ status: 502, errorBody: `<html><body><h1>502 Bad Gateway</h1>${'<p>filler</p>'.repeat(20_000)}</body></html>` });
    const c = createContender(baseOptions(`ollama:${OLLAMA_MODEL}`), { ollama: ollamaAt(fake.url) });
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('server');
    expect(err.status).toBe(502);
    expect(err.message.length).toBeLessThan(500);
    expect(log).not.toHaveBeenCalled();
  });

  it('sends num_predict, the token limit, with every chat', async () => {
    fake.setBehaviour({ text: 'ok' });
    await createContender(baseOptions(`ollama:${OLLAMA_MODEL}`, { maxTokens: 12_345 }), { ollama: ollamaAt(fake.url) }).draw('pelican');
    expect(fake.requests.at(-1)!.body.options.num_predict).toBe(12_345);
  });
});

describe('frameLines', () => {
  const enc = new TextEncoder();
  const source = (chunks: string[]) =>
    new ReadableStream<Uint8Array>({
      start(c) {
        for (const ch of chunks) c.enqueue(enc.encode(ch));
        c.close();
      },
    });
  const tooLarge = () => new ContenderError('too large', 'x:y', 'too-large');
  async function collect(s: ReadableStream<Uint8Array>): Promise<string[]> {
    const out: string[] = [];
    const dec = new TextDecoder();
    for await (const c of s) out.push(dec.decode(c));
    return out;
  }

  it('hands on whole lines only, however the bytes were split', async () => {
    const out = await collect(frameLines(source(['{"a":', '1}\n{"b"', ':2}\n{"c":3}\n{"d"', ':4}']), { maxLineBytes: 100, maxBodyBytes: 1000, tooLarge }));
    expect(out).toEqual(['{"a":1}\n', '{"b":2}\n{"c":3}\n', '{"d":4}']);
  });

  it('fails past a line bound even before the line ends', async () => {
    const err = await collect(frameLines(source(['x'.repeat(60), 'x'.repeat(60)]), { maxLineBytes: 100, maxBodyBytes: 1000, tooLarge })).catch((e) => e);
    expect(err).toBeInstanceOf(ContenderError);
    expect((err as ContenderError).kind).toBe('too-large');
  });

  it('fails past a body bound made of short lines', async () => {
    const err = await collect(frameLines(source(Array(50).fill('ok\n'.repeat(10))), { maxLineBytes: 100, maxBodyBytes: 1000, tooLarge })).catch((e) => e);
    expect((err as ContenderError).kind).toBe('too-large');
  });

  it('drops lines the keeper refuses', async () => {
    const out = await collect(frameLines(source(['1\nno\n2\n']), { maxLineBytes: 100, maxBodyBytes: 1000, tooLarge, keepLine: (l) => l[0] !== 110 }));
    expect(out.join('')).toBe('1\n2\n');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(4 * MB)).toBe('4 MB');
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(1536 * 1024)).toBe('1.5 MB');
  });
});
