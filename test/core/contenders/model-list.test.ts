/**
 * `duel models` and DuelApi.listModels: every configured provider asked at once with its real
 * client (Ollama /api/tags on each host, OpenAI-compatible /v1/models on each server, Anthropic's
 * model list through its SDK), contenders marked, one provider down never hides the others.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { listModels } from '../../../src/core/contenders/model-list.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { formatModels, modelsCommand } from '../../../src/cli/models.js';
import { startFakeAnthropic } from '../../fakes/fake-anthropic.js';
import type { FakeModelServer } from '../../fakes/fake-model-common.js';
import { startFakeOllama } from '../../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../../fakes/fake-openai.js';
import { closedPort } from './helpers.js';

describe('listing the models providers offer', () => {
  let gpuA: FakeModelServer;
  let gpuB: FakeModelServer;
  let claude: FakeModelServer;
  let router: FakeModelServer;
  let box: FakeModelServer;
  let downPort: number;
  beforeAll(async () => {
    gpuA = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'gemma3:27b', 'llama3.2:latest'] });
    gpuB = await startFakeOllama({ models: ['gemma3:27b'] });
    claude = await startFakeAnthropic({ apiKey: 'sk-ant', models: ['claude-opus-4-7', 'claude-sonnet-4-6'] });
    router = await startFakeOpenAI({ models: ['x-ai/grok-4', 'openai/gpt-5.1'], apiKey: 'sk-or' });
    box = await startFakeOpenAI({ models: ['qwen3-32b'] });
    downPort = await closedPort();
  });
  afterAll(async () => {
    await Promise.all([gpuA, gpuB, claude, router, box].map((f) => f.close()));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  const env = () => ({
    DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,ollama:gemma3,anthropic:claude-opus-4-7,openai@router:x-ai/grok-4,openai@box:qwen3-30b',
    OLLAMA_HOST: `${gpuA.url},${gpuB.url}`,
    ANTHROPIC_API_KEY: 'sk-ant',
    ANTHROPIC_BASE_URL: claude.url,
    OPENAI_ROUTER_BASE_URL: router.url,
    OPENAI_ROUTER_API_KEY: 'sk-or',
    OPENAI_BOX_BASE_URL: box.url,
  });

  it('lists every host and server, marks contenders, names contenders not offered', async () => {
    const list = await listModels(loadConfig(env()));
    const by = (provider: string, server: string) => list.find((p) => p.provider === provider && p.server === server)!;
    expect(list.map((p) => p.provider).sort()).toEqual(['anthropic', 'ollama', 'ollama', 'openai@box', 'openai@router']);
    expect(list.every((p) => p.ok)).toBe(true);

    const a = by('ollama', gpuA.url);
    expect(a.models.map((m) => [m.spec, m.contender])).toEqual([
      ['ollama:gemma3:27b', false],
      ['ollama:llama3.2:latest', false],
      ['ollama:qwen3.6:35b-a3b', true],
    ]);
    expect(a.missing).toEqual(['ollama:gemma3']); // gemma3 means gemma3:latest, which neither host has
    expect(by('ollama', gpuB.url).missing).toEqual(['ollama:qwen3.6:35b-a3b', 'ollama:gemma3']);

    expect(by('anthropic', claude.url).models).toEqual([
      { spec: 'anthropic:claude-opus-4-7', model: 'claude-opus-4-7', contender: true },
      { spec: 'anthropic:claude-sonnet-4-6', model: 'claude-sonnet-4-6', contender: false },
    ]);
    const r = by('openai@router', router.url);
    expect(r.models.find((m) => m.model === 'x-ai/grok-4')).toEqual({ spec: 'openai@router:x-ai/grok-4', model: 'x-ai/grok-4', contender: true });
    expect(router.requests.at(-1)!.headers.authorization).toBe('Bearer sk-or');
    expect(by('openai@box', box.url).missing).toEqual(['openai@box:qwen3-30b']);
  });

  it('a provider that is down gets a plain error; the others are still listed', async () => {
    const list = await listModels(loadConfig({ ...env(), OLLAMA_HOST: `${gpuA.url},http://127.0.0.1:${downPort}`, OPENAI_ROUTER_API_KEY: 'sk-wrong' }));
    const down = list.find((p) => p.server === `http://127.0.0.1:${downPort}`)!;
    expect(down).toMatchObject({ provider: 'ollama', ok: false, models: [] });
    expect(down.error).toBe(`Ollama is not reachable at http://127.0.0.1:${downPort}: is \`ollama serve\` running? Check OLLAMA_HOST`);
    const r = list.find((p) => p.provider === 'openai@router')!;
    expect(r.ok).toBe(false);
    expect(r.error).toBe('OpenAI-compatible server "router" refused the key (401): check OPENAI_ROUTER_API_KEY');
    expect(list.filter((p) => p.ok).map((p) => p.provider).sort()).toEqual(['anthropic', 'ollama', 'openai@box']);
  });

  it('Anthropic without a key says what to set, without asking', async () => {
    const before = claude.requests.length;
    const { ANTHROPIC_API_KEY: _drop, ...rest } = env();
    const list = await listModels(loadConfig(rest));
    expect(list.find((p) => p.provider === 'anthropic')).toMatchObject({ ok: false, error: 'ANTHROPIC_API_KEY is not set: set it to an API key from console.anthropic.com' });
    expect(claude.requests.length).toBe(before);
  });

  it('duel models prints a readable list and exits 1 when a provider is down', async () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
    const config = loadConfig({ ...env(), OPENAI_BOX_BASE_URL: `http://127.0.0.1:${downPort}/v1` });
    const code = await modelsCommand([], config);
    vi.restoreAllMocks();
    expect(code).toBe(1);
    expect(lines).toContain(`ollama at ${gpuA.url}: 3 models`);
    expect(lines).toContain('  * ollama:qwen3.6:35b-a3b  (contender: Qwen3.6-35B-A3B (local))');
    expect(lines).toContain('    ollama:llama3.2:latest');
    expect(lines).toContain(`openai@box at http://127.0.0.1:${downPort}/v1: OpenAI-compatible server "box" is not reachable at http://127.0.0.1:${downPort}/v1: is the server running? Check OPENAI_BOX_BASE_URL`);
    expect(lines.at(-1)).toBe('* = a contender in DUEL_CONTENDERS; copy any spec above into it to add a model');
  });

  it('duel models --json is one object with every provider', async () => {
    let printed = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    const code = await modelsCommand(['--json'], loadConfig(env()));
    vi.restoreAllMocks();
    expect(code).toBe(0);
    const parsed = JSON.parse(printed);
    expect(parsed.providers).toHaveLength(5);
    expect(parsed.providers[0]).toHaveProperty('models');
  });

  it('says so when nothing is configured to list', () => {
    expect(formatModels([], new Map())).toEqual(['no providers are configured: set DUEL_CONTENDERS (see README.md)']);
  });
});
