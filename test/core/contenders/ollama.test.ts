/** Ollama-specific behaviour, with the real `ollama` client against the NDJSON fake. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOllamaContender, type ContenderOptions, type OllamaSettings } from '../../../src/core/contenders/index.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { startFakeOllama, pelicanSvg, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { baseOptions, closedPort, OLLAMA_MODEL, ollamaAt, recorder } from './helpers.js';

const SPEC = `ollama:${OLLAMA_MODEL}`;

describe('ollama contender', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [OLLAMA_MODEL, 'llama3.2:latest'] });
  });
  afterAll(async () => {
    await fake.close();
  });
  const make = (over: Partial<ContenderOptions> = {}, settings: Partial<OllamaSettings> = {}) =>
    createOllamaContender(baseOptions(SPEC, over), { ...ollamaAt(fake.url), ...settings });

  it('maps an unknown model (404) to model-missing with the pull command', async () => {
    const c = createOllamaContender(baseOptions('ollama:qwen9:1b'), ollamaAt(fake.url));
    const err = (await c.draw('pelican').catch((e) => e)) as ContenderError;
    expect(err).toBeInstanceOf(ContenderError);
    expect(err.kind).toBe('model-missing');
    expect(err.status).toBe(404);
    expect(err.message).toBe('model qwen9:1b is not pulled: run `ollama pull qwen9:1b`');
  });

  it('sends think on or off as configured', async () => {
    fake.setBehaviour({ text: 'ok' });
    await make({ thinking: true }).draw('pelican');
    expect(fake.requests.at(-1)!.body.think).toBe(true);
    await make({ thinking: false }).draw('pelican');
    expect(fake.requests.at(-1)!.body.think).toBe(false);
    expect(fake.requests.at(-1)!.body.model).toBe(OLLAMA_MODEL);
    expect(fake.requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: 'pelican' }]);
  });

  it('passes num_ctx only when configured, num_predict always', async () => {
    fake.setBehaviour({ text: 'ok' });
    await make().draw('pelican');
    expect(fake.requests.at(-1)!.body.options).toEqual({ num_predict: 32_000 });
    await make({}, { numCtx: 32768 }).draw('pelican');
    expect(fake.requests.at(-1)!.body.options).toEqual({ num_predict: 32_000, num_ctx: 32768 });
  });

  it('returns only message.content as text, thinking apart, progress thinking then drawing', async () => {
    const svg = pelicanSvg('#264653');
    fake.setBehaviour({ thinking: 'Pelicans have big beaks. <svg>draft</svg>', text: svg, chunkSize: 16 });
    const rec = recorder();
    const r = await make({ thinking: true }).draw('pelican', { onProgress: rec.onProgress });
    expect(r.text).toBe(svg);
    expect(r.text).not.toContain('draft');
    expect(r.thinking).toBe('Pelicans have big beaks. <svg>draft</svg>');
    expect(rec.events[0]!.state).toBe('thinking');
    expect(rec.events.filter((e) => e.state === 'drawing').at(-1)!.chars).toBe(svg.length);
    // Once drawing has started, no thinking event comes back in this reply.
    const firstDrawing = rec.events.findIndex((e) => e.state === 'drawing');
    expect(rec.events.slice(firstDrawing).every((e) => e.state === 'drawing')).toBe(true);
  });

  it('leaves inline <think> blocks in the text for extraction to handle', async () => {
    fake.setBehaviour({ text: '<think>hmm <svg>no</svg></think>\n<svg>yes</svg>' });
    const r = await make().draw('pelican');
    expect(r.text).toBe('<think>hmm <svg>no</svg></think>\n<svg>yes</svg>');
    expect(r.thinking).toBeUndefined();
  });

  it('a progress callback that throws does not break the drawing', async () => {
    fake.setBehaviour({ text: 'fine', chunkSize: 1 });
    const r = await make().draw('pelican', {
      onProgress: () => {
        throw new Error('display broke');
      },
    });
    expect(r.text).toBe('fine');
  });

  it('check(): ok when the model is present (also an implicit :latest)', async () => {
    expect(await make().check!()).toEqual({ ok: true, message: `Ollama at ${fake.url} has ${OLLAMA_MODEL}` });
    const latest = createOllamaContender(baseOptions('ollama:llama3.2'), ollamaAt(fake.url));
    expect((await latest.check!()).ok).toBe(true);
    expect(fake.requests.at(-1)!.path).toBe('/api/tags');
  });

  it('check(): says which pull command to run when the model is missing', async () => {
    const c = createOllamaContender(baseOptions('ollama:qwen9:1b'), ollamaAt(fake.url));
    expect(await c.check!()).toEqual({ ok: false, message: 'model qwen9:1b is not pulled: run `ollama pull qwen9:1b`' });
  });

  it('check(): says Ollama is not reachable when nothing listens', async () => {
    const port = await closedPort();
    const c = createOllamaContender(baseOptions(SPEC), ollamaAt(`http://127.0.0.1:${port}`));
    expect(await c.check!()).toEqual({
      ok: false,
      message: `Ollama is not reachable at http://127.0.0.1:${port}: is \`ollama serve\` running?`,
    });
  });

  it('maps 503 (Ollama busy) to overloaded', async () => {
    fake.setBehaviour({ status: 503, errorMessage: 'server busy, please try again.  maximum pending requests exceeded' });
    const err = (await make().draw('pelican').catch((e) => e)) as ContenderError;
    expect(err.kind).toBe('overloaded');
    expect(err.message).toBe('Ollama is overloaded (503), try again later');
  });
});
