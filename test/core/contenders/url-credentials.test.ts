/**
 * Secrets never shown (issue 16 part 6): user info in a provider URL becomes the request's Basic
 * auth, with the real `ollama`, `openai` and `@anthropic-ai/sdk` clients against the fakes; the URL
 * is kept and shown without it (settings, messages, `duel models`, the arena page), and the arena
 * names providers, not hosts, unless DUEL_WEB_SHOW_HOSTS=1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';
import { createContender } from '../../../src/core/contenders/index.js';
import { readAnthropicSettings } from '../../../src/core/contenders/anthropic.js';
import { listModels } from '../../../src/core/contenders/model-list.js';
import { readOllamaSettings } from '../../../src/core/contenders/ollama.js';
import { readOpenAISettings } from '../../../src/core/contenders/openai.js';
import { splitUserInfo, withoutUserInfo } from '../../../src/core/contenders/env-values.js';
import { ConfigError } from '../../../src/core/model/errors.js';
import { formatModels } from '../../../src/cli/models.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { startHarness } from '../../bots/web/web-harness.js';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { baseOptions, CLAUDE_MODEL, OLLAMA_MODEL, OPENAI_MODEL } from './helpers.js';

const PASSWORD = 's3cret-pw@x';
const USER = 'duel';
const BASIC = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
/** `http://127.0.0.1:123/v1` -> `http://duel:s3cret-pw%40x@127.0.0.1:123/v1`. */
const withCredentials = (url: string) => url.replace('://', `://${USER}:${encodeURIComponent(PASSWORD)}@`);
const authOf = (fake: FakeModelServer, path: string) => fake.requests.filter((r) => r.path === path).map((r) => r.headers['authorization']);

describe('user info in a provider URL', () => {
  let ollama: FakeModelServer;
  let ollama2: FakeModelServer;
  let openai: FakeModelServer;
  let anthropic: FakeModelServer;
  beforeAll(async () => {
    [ollama, ollama2, openai, anthropic] = await Promise.all([
      startFakeOllama({ models: [OLLAMA_MODEL] }),
      startFakeOllama({ models: [OLLAMA_MODEL] }),
      startFakeOpenAI({ models: [OPENAI_MODEL] }),
      startFakeAnthropic({ apiKey: 'sk-ant' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([ollama.close(), ollama2.close(), openai.close(), anthropic.close()]);
  });

  it('is split off the URL and becomes Basic auth; messages show the URL without it', () => {
    expect(splitUserInfo('http://u:p%40w@gpu:11434/')).toEqual({ url: 'http://gpu:11434', authorization: `Basic ${Buffer.from('u:p@w').toString('base64')}` });
    expect(splitUserInfo('http://gpu:11434/')).toEqual({ url: 'http://gpu:11434' });
    expect(withoutUserInfo('at http://u:pw@gpu:11434 and https://k@x.example/v1')).toBe('at http://gpu:11434 and https://x.example/v1');
    const err = (() => {
      try {
        readOllamaSettings({ OLLAMA_HOST: 'http://u:pw@gpu:11434,ftp://u:pw@x' });
      } catch (e) {
        return e as ConfigError;
      }
    })()!;
    expect(err.message).toMatch(/OLLAMA_HOST has "ftp:\/\/u:pw@x"|OLLAMA_HOST has/);
    expect(readOllamaSettings({ OLLAMA_HOST: 'http://u:pw@gpu:11434' })).toMatchObject({ hosts: ['http://gpu:11434'] });
    expect(() => readOpenAISettings({ OPENAI_BASE_URL: 'http://u:pw@box:8080/v1', OPENAI_API_KEY: 'sk' }, [])).toThrow(/both would be the request's Authorization header/);
  });

  it('Ollama: draws, checks and model lists carry the Basic auth, one host or several', async () => {
    const one = { ollama: readOllamaSettings({ OLLAMA_HOST: withCredentials(ollama.url) }) };
    expect(JSON.stringify(one)).not.toContain(PASSWORD);
    const c = createContender(baseOptions(`ollama:${OLLAMA_MODEL}`), one);
    expect((await c.check!()).message).toBe(`Ollama at ${ollama.url} has ${OLLAMA_MODEL}`);
    await c.draw('a pelican');
    expect(authOf(ollama, '/api/chat')).toEqual([BASIC]);
    expect(authOf(ollama, '/api/tags')).toEqual([BASIC]);

    const two = { ollama: readOllamaSettings({ OLLAMA_HOST: `${withCredentials(ollama.url)},${ollama2.url}` }) };
    await createContender(baseOptions(`ollama:${OLLAMA_MODEL}`), two).draw('a heron');
    await createContender(baseOptions(`ollama:${OLLAMA_MODEL}`), two).draw('an egret');
    // Each host gets its own credentials: the second has none.
    expect(new Set(authOf(ollama, '/api/tags'))).toEqual(new Set([BASIC]));
    expect(new Set(authOf(ollama2, '/api/tags'))).toEqual(new Set([undefined]));
  });

  it('OpenAI-compatible and Anthropic: the same, through their SDKs', async () => {
    const openaiSettings = readOpenAISettings({ OPENAI_BASE_URL: withCredentials(openai.url) }, []);
    expect(openaiSettings.servers['']!.baseUrl).toBe(openai.url);
    await createContender(baseOptions(`openai:${OPENAI_MODEL}`), { openai: openaiSettings }).draw('a pelican');
    expect(authOf(openai, '/v1/chat/completions')).toEqual([BASIC]);

    const anthropicSettings = readAnthropicSettings({ ANTHROPIC_BASE_URL: withCredentials(anthropic.url), ANTHROPIC_API_KEY: 'sk-ant' });
    expect(anthropicSettings.baseUrl).toBe(anthropic.url);
    await createContender(baseOptions(`anthropic:${CLAUDE_MODEL}`), { anthropic: anthropicSettings }).draw('a pelican');
    const sent = anthropic.requests.find((r) => r.path === '/v1/messages')!;
    expect(sent.headers['authorization']).toBe(BASIC);
    expect(sent.headers['x-api-key']).toBe('sk-ant');
  });

  it('`duel models` lists the hosts without the password', async () => {
    const config = loadConfig({ DUEL_CONTENDERS: `${OLLAMA_SPEC},openai:${OPENAI_MODEL}`, OLLAMA_HOST: withCredentials(ollama.url), OPENAI_BASE_URL: withCredentials(openai.url) });
    const list = await listModels(config);
    expect(list.every((p) => p.ok)).toBe(true);
    const text = formatModels(list, new Map()).join('\n');
    expect(text).toContain(`ollama at ${ollama.url}`);
    expect(`${text}${JSON.stringify(list)}`).not.toContain(PASSWORD);
    expect(`${text}${JSON.stringify(list)}`).not.toContain(encodeURIComponent(PASSWORD));
  });
});

describe('the public arena page', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeOllama({ models: [OLLAMA_MODEL] });
  });
  afterAll(async () => {
    await fake.close();
  });

  /** The arena page once its model card is listed. */
  async function arenaPage(showHosts: boolean | undefined): Promise<string> {
    const h = await startHarness({ env: { OLLAMA_HOST: withCredentials(fake.url) }, web: showHosts === undefined ? {} : { showHosts } });
    try {
      let page = '';
      await expect.poll(async () => (page = await (await fetch(`${h.web.url}/`)).text()).includes('data-offered'), { timeout: 15_000 }).toBe(true);
      return page;
    } finally {
      await h.close();
    }
  }

  it('names providers, not hosts, by default; shows hosts without user info with DUEL_WEB_SHOW_HOSTS', async () => {
    expect(loadConfig({}).web.showHosts).toBe(false);
    expect(loadConfig({ DUEL_WEB_SHOW_HOSTS: '1' }).web.showHosts).toBe(true);
    const hidden = await arenaPage(undefined);
    expect(hidden).toContain('data-provider="ollama"');
    expect(hidden).not.toContain(`:${fake.port}`);
    expect(hidden).not.toContain(PASSWORD);
    expect(hidden).not.toContain(encodeURIComponent(PASSWORD));
    const shown = await arenaPage(true);
    expect(shown).toContain(fake.url);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain(encodeURIComponent(PASSWORD));
    // The model list reached the host with the Basic auth.
    expect(authOf(fake, '/api/tags')).toContain(BASIC);
  });

  it('hides the host in a down provider\'s message too', async () => {
    const { arenaBody } = await import('../../../src/bots/web/views/arena.js');
    const down = { provider: 'ollama', server: 'http://gpu-internal:11434', ok: false, error: 'Ollama is not reachable at http://gpu-internal:11434: is `ollama serve` running?', models: [], missing: [] };
    const status = [{ spec: ANTHROPIC_SPEC, label: 'Claude', ok: false, message: 'Anthropic API is not reachable at http://proxy.internal/x: check your network' }];
    const page = String(arenaBody({ contenders: [], status, offered: [down], recent: [], promptMax: 500 }));
    expect(page).not.toContain('gpu-internal');
    expect(page).not.toContain('proxy.internal');
    expect(page).toContain('Ollama is not reachable at its server');
    expect(String(arenaBody({ contenders: [], status, offered: [down], recent: [], showHosts: true, promptMax: 500 }))).toContain('http://gpu-internal:11434');
  });
});
