/**
 * OpenAI-compatible specifics, with the real `openai` client against the SSE fake: keys and
 * keyless local servers, named servers side by side, usage, reasoning, refusals, token limits,
 * and the configuration that names them.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContender, createLimitedContenders, defaultLabel } from '../../../src/core/contenders/index.js';
import { serverTitle } from '../../../src/core/contenders/openai.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { ConfigError, ContenderError } from '../../../src/core/model/errors.js';
import { pelicanSvg, startFakeOpenAI, type FakeModelServer } from '../../fakes/fake-openai.js';
import { baseOptions, OPENAI_MODEL, openaiAt, openaiServer, recorder } from './helpers.js';

const SPEC = `openai:${OPENAI_MODEL}`;

async function failure(p: Promise<unknown>): Promise<ContenderError> {
  const err = await p.then(
    () => new Error('expected the draw to fail'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ContenderError);
  return err as ContenderError;
}

describe('openai contender', () => {
  let hosted: FakeModelServer; // needs a key, like OpenAI or OpenRouter
  let local: FakeModelServer; // needs none, like llama.cpp
  beforeAll(async () => {
    hosted = await startFakeOpenAI({ models: [OPENAI_MODEL, 'x-ai/grok-4'], apiKey: 'sk-hosted' });
    local = await startFakeOpenAI({ models: ['qwen3-32b'] });
  });
  afterAll(async () => {
    await Promise.all([hosted.close(), local.close()]);
  });
  const atHosted = (over = {}) => createContender(baseOptions(SPEC, over), { openai: openaiAt({ '': openaiServer(hosted.url, 'sk-hosted') }) });

  it('streams with include_usage and records the tokens, sending the key as a bearer token', async () => {
    hosted.setBehaviour({ text: pelicanSvg('#ef476f'), inputTokens: 17, outputTokens: 900 });
    const r = await atHosted().draw('pelican');
    expect(r.tokens).toEqual({ input: 17, output: 900 });
    const req = hosted.requests.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer sk-hosted');
    expect(req.body.stream_options).toEqual({ include_usage: true });
    expect(req.body.max_tokens).toBe(32_000);
    expect(req.body.reasoning_effort).toBeUndefined();
  });

  it('sends no Authorization header at all to a server configured without a key', async () => {
    local.setBehaviour({ text: 'ok' });
    const c = createContender(baseOptions('openai@local:qwen3-32b'), { openai: openaiAt({ local: openaiServer(local.url, undefined, 'local') }) });
    expect((await c.draw('pelican')).text).toBe('ok');
    expect(local.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('maps a wrong key (401) to auth, naming the variable to check', async () => {
    const c = createContender(baseOptions(SPEC), { openai: openaiAt({ '': openaiServer(hosted.url, 'sk-wrong') }) });
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('auth');
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/^OpenAI-compatible server refused the request \(401\): check OPENAI_API_KEY/);
  });

  it('a missing key for a server that needs one says which variable to set', async () => {
    const c = createContender(baseOptions('openai@router:x-ai/grok-4'), { openai: openaiAt({ router: openaiServer(hosted.url, undefined, 'router') }) });
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('auth');
    expect(err.message).toMatch(/^OpenAI-compatible server "router" refused the request \(401\): set OPENAI_ROUTER_API_KEY to its API key/);
  });

  it('maps an unknown model (404) to model-missing, naming the spec', async () => {
    const c = createContender(baseOptions('openai:gpt-9'), { openai: openaiAt({ '': openaiServer(hosted.url, 'sk-hosted') }) });
    const err = await failure(c.draw('pelican'));
    expect(err.kind).toBe('model-missing');
    expect(err.status).toBe(404);
    expect(err.message).toBe('OpenAI-compatible server does not know the model gpt-9: check the spec openai:gpt-9 in DUEL_CONTENDERS');
  });

  it('asks for reasoning only when thinking is on, and keeps reasoning text apart', async () => {
    hosted.setBehaviour({ thinking: 'A pelican has <svg>not this</svg> a pouch.', text: 'ANSWER', chunkSize: 7 });
    const rec = recorder();
    const r = await atHosted({ thinking: true }).draw('pelican', { onProgress: rec.onProgress });
    expect(hosted.requests.at(-1)!.body.reasoning_effort).toBe('high');
    expect(r.text).toBe('ANSWER');
    expect(r.thinking).toBe('A pelican has <svg>not this</svg> a pouch.');
    expect(rec.events[0]!.state).toBe('thinking');
  });

  it('a refusal is a plain "declined", not a missing drawing', async () => {
    hosted.setBehaviour({ refusal: "I'm sorry, I can't help with that." });
    const err = await failure(atHosted().draw('something'));
    expect(err.kind).toBe('refused');
    expect(err.message).toBe(`GPT-5.1 declined to draw this prompt: "I'm sorry, I can't help with that."`);
  });

  it('a stream that ends without a finish reason is a dropped stream', async () => {
    hosted.setBehaviour({ text: pelicanSvg(), chunkSize: 100, noFinish: true });
    const err = await failure(atHosted().draw('pelican'));
    expect(err.kind).toBe('stream-broken');
  });

  it('a 429 with a hostile retry-after says "later"', async () => {
    hosted.setBehaviour({ status: 429, retryAfterSeconds: 1e12 });
    const err = await failure(atHosted().draw('pelican'));
    expect(err.kind).toBe('rate-limited');
    expect(err.message).toBe('OpenAI-compatible server is rate-limiting requests (429): try again later');
  });

  it('two named servers at once, each with its own URL, key and queue', async () => {
    hosted.setBehaviour({ text: 'from the router' });
    local.setBehaviour({ text: 'from the box' });
    const servers = { router: openaiServer(hosted.url, 'sk-hosted', 'router'), box: openaiServer(local.url, undefined, 'box') };
    const { contenders, limiters } = createLimitedContenders(
      [baseOptions('openai@router:x-ai/grok-4'), baseOptions('openai@box:qwen3-32b')],
      { openai: openaiAt(servers) },
      { 'openai@box': 1 },
    );
    const [a, b] = await Promise.all(contenders.map((c) => c.draw('pelican')));
    expect(a!.text).toBe('from the router');
    expect(b!.text).toBe('from the box');
    expect([...limiters.keys()].sort()).toEqual(['openai@box', 'openai@router']);
    expect(limiters.get('openai@box')!.concurrency).toBe(1);
    expect(limiters.get('openai@router')!.concurrency).toBe(4);
  });

  it('check(): the model list says whether the model is there', async () => {
    expect(await atHosted().check!()).toEqual({ ok: true, message: `OpenAI-compatible server at ${hosted.url} has ${OPENAI_MODEL}` });
    const missing = createContender(baseOptions('openai:gpt-9'), { openai: openaiAt({ '': openaiServer(hosted.url, 'sk-hosted') }) });
    expect((await missing.check!()).ok).toBe(false);
    const wrongKey = createContender(baseOptions(SPEC), { openai: openaiAt({ '': openaiServer(hosted.url, 'sk-nope') }) });
    expect(await wrongKey.check!()).toMatchObject({ ok: false, message: expect.stringContaining('check OPENAI_API_KEY') });
  });

  it('names OpenAI itself as OpenAI, others as OpenAI-compatible', () => {
    expect(serverTitle(openaiServer('https://api.openai.com/v1', 'k'))).toBe('OpenAI');
    expect(serverTitle(openaiServer('http://127.0.0.1:8080/v1'))).toBe('OpenAI-compatible server');
    expect(serverTitle(openaiServer('https://openrouter.ai/api/v1', 'k', 'openrouter'))).toBe('OpenAI-compatible server "openrouter"');
  });

  it('labels: the model for the default server, the model and server for a named one', () => {
    expect(defaultLabel('openai:gpt-5.1')).toBe('GPT-5.1');
    expect(defaultLabel('openai@openrouter:openai/gpt-oss-120b')).toBe('GPT-OSS-120b (openrouter)');
  });

  it('loads the SDK lazily: no value import of openai at module load', () => {
    const src = readFileSync(new URL('../../../src/core/contenders/openai.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/^import (?!type )[^;]*from 'openai'/m);
    expect(src).toMatch(/import\('openai'\)/);
  });
});

describe('OpenAI-compatible servers in the configuration', () => {
  const two = 'ollama:qwen3.6:35b-a3b';

  it('openai: uses OPENAI_BASE_URL and OPENAI_API_KEY, defaulting to api.openai.com', () => {
    expect(loadConfig({ DUEL_CONTENDERS: `${two},openai:gpt-5.1` }).providers.openai.servers).toEqual({
      '': { name: '', baseUrl: 'https://api.openai.com/v1', baseUrlVariable: 'OPENAI_BASE_URL', apiKeyVariable: 'OPENAI_API_KEY' },
    });
    const c = loadConfig({ DUEL_CONTENDERS: `${two},openai:qwen3`, OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1/', OPENAI_API_KEY: 'sk-x' });
    expect(c.providers.openai.servers['']).toMatchObject({ baseUrl: 'http://127.0.0.1:8080/v1', apiKey: 'sk-x' });
  });

  it('openai@name: reads OPENAI_<NAME>_BASE_URL and _API_KEY, and lists servers set but unused', () => {
    const c = loadConfig({
      DUEL_CONTENDERS: `${two},openai@open-router:x-ai/grok-4`,
      OPENAI_OPEN_ROUTER_BASE_URL: 'https://openrouter.ai/api/v1',
      OPENAI_OPEN_ROUTER_API_KEY: 'sk-or',
      OPENAI_LLAMACPP_BASE_URL: 'http://127.0.0.1:8080/v1',
    });
    expect(Object.keys(c.providers.openai.servers).sort()).toEqual(['llamacpp', 'open-router']);
    expect(c.providers.openai.servers['open-router']).toEqual({
      name: 'open-router',
      baseUrl: 'https://openrouter.ai/api/v1',
      apiKey: 'sk-or',
      baseUrlVariable: 'OPENAI_OPEN_ROUTER_BASE_URL',
      apiKeyVariable: 'OPENAI_OPEN_ROUTER_API_KEY',
    });
    expect(c.providers.openai.servers.llamacpp!.apiKey).toBeUndefined();
  });

  it('a named server without its URL stops with the variable to set', () => {
    let err: unknown;
    try {
      loadConfig({ DUEL_CONTENDERS: `${two},openai@router:x` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe('OPENAI_ROUTER_BASE_URL');
    expect((err as ConfigError).message).toBe(
      'OPENAI_ROUTER_BASE_URL is not set: DUEL_CONTENDERS names the server openai@router; set OPENAI_ROUTER_BASE_URL to its OpenAI-compatible URL, such as http://127.0.0.1:8080/v1.',
    );
  });

  it('a URL that is not http(s) is refused by name', () => {
    expect(() => loadConfig({ DUEL_CONTENDERS: `${two},openai:x`, OPENAI_BASE_URL: 'ftp://x' })).toThrow(/^OPENAI_BASE_URL is "ftp:\/\/x": use the server's http\(s\) URL/);
  });

  it('DUEL_CONCURRENCY takes a named server', () => {
    const c = loadConfig({ DUEL_CONTENDERS: `${two},openai@box:q`, OPENAI_BOX_BASE_URL: 'http://127.0.0.1:1/v1', DUEL_CONCURRENCY: 'openai@box=1,openai=8' });
    expect(c.concurrency).toMatchObject({ 'openai@box': 1, openai: 8 });
  });

  it('@server on a provider with one server is refused', () => {
    expect(() => createContender(baseOptions('ollama@gpu:qwen3'))).toThrow(/names a server \(@gpu\), but ollama: has only one: write ollama:qwen3/);
  });
});
