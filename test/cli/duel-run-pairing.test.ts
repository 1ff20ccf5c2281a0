/**
 * `duel run` among four configured contenders from three providers (two Ollama models, one
 * Anthropic, one on a named OpenAI-compatible server): the real ollama, Anthropic and openai clients
 * against protocol fakes, the real renderer and one SQLite file shared by the runs. With no pair named every
 * pair meets (24 runs of the command in this process, on the engine the CLI wires: spawning 24
 * processes would test node's start-up, not pairing); --a/--b and unknown names through the real
 * CLI process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../src/cli/engine.js';
import { runCommand } from '../../src/cli/run.js';
import { loadConfig } from '../../src/core/config/config.js';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { startFakeOpenAI } from '../fakes/fake-openai.js';
import { lastJsonLine, runCli } from './run-cli.js';

const QWEN = 'ollama:qwen3.6:35b-a3b';
const GEMMA = 'ollama:gemma3:27b';
const OPUS = 'anthropic:claude-opus-4-7';
const GPT = 'openai@openrouter:openai/gpt-5.1';

let ollama: FakeModelServer;
let anthropic: FakeModelServer;
let openai: FakeModelServer;
let dir: string;

beforeAll(async () => {
  ollama = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'gemma3:27b'], reply: { text: pelicanSvg('#e07a5f') } });
  anthropic = await startFakeAnthropic({ reply: { text: pelicanSvg('#3d5a80') } });
  openai = await startFakeOpenAI({ models: ['openai/gpt-5.1'], apiKey: 'sk-or-cli-test', reply: { text: pelicanSvg('#81b29a') } });
  dir = mkdtempSync(join(tmpdir(), 'duel-cli-pairing-'));
});

afterAll(async () => {
  await Promise.all([ollama?.close(), anthropic?.close(), openai?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function env(db: string): Record<string, string> {
  return {
    DUEL_CONTENDERS: `${QWEN}=Qwen,${GEMMA}=Gemma,${OPUS}=Opus,${GPT}=GPT`,
    OLLAMA_HOST: ollama.url,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-cli-test',
    OPENAI_OPENROUTER_BASE_URL: openai.url,
    OPENAI_OPENROUTER_API_KEY: 'sk-or-cli-test',
    DUEL_DB: join(dir, db),
    DUEL_COOLDOWN: '0',
    DUEL_RENDER_SIZE: '64',
    DUEL_RENDER_WORKERS: '1',
    DUEL_CONCURRENCY: 'ollama=2',
  };
}

const key = (a: string, b: string) => [a, b].sort().join(' vs ');

describe('duel run with four contenders from three providers', () => {
  it('meets every pair at least twice over 24 runs with no pair named, and the JSON names both contenders with tokens', async () => {
    const results: any[] = [];
    const meetings = new Map<string, number>();
    const engine = await createEngine(loadConfig(env('balance.db')), pino({ level: 'silent' }));
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    try {
      for (let k = 0; k < 24; k++) {
        printed.length = 0;
        expect(await runCommand(['a pelican, take ' + k, '--json', '--out', join(dir, `run-${k}`)], engine, { user: 'tester', dataDir: dir })).toBe(0);
        results.push(lastJsonLine(printed.join('')));
      }
    } finally {
      write.mockRestore();
      await engine.close();
    }
    for (const result of results) {
      expect(result.contenders).toHaveLength(2);
      for (const c of result.contenders) {
        expect([QWEN, GEMMA, OPUS, GPT]).toContain(c.spec);
        expect(c.label).toMatch(/^(Qwen|Gemma|Opus|GPT)$/);
        expect(c.tokens.output).toBeGreaterThan(0);
        expect(c.tokens.input).toBeGreaterThan(0);
      }
      const k2 = key(result.contenders[0].spec, result.contenders[1].spec);
      meetings.set(k2, (meetings.get(k2) ?? 0) + 1);
    }
    expect(meetings.size).toBe(6);
    // Three providers really drew, each through its own client and fake server.
    const providers = new Set(results.flatMap((r) => r.contenders.map((c: any) => c.spec.split(/[:@]/)[0])));
    expect([...providers].sort()).toEqual(['anthropic', 'ollama', 'openai']);
    for (const fake of [ollama, anthropic, openai]) expect(fake.requests.length).toBeGreaterThan(0);
    for (const [pair, n] of meetings) expect(n, pair).toBeGreaterThanOrEqual(2);
  }, 600_000);

  it('--a and --b name one or both contenders, by label or spec, in any case', async () => {
    const both = lastJsonLine((await runCli(['run', 'a cat', '--json', '--a', 'gemma', '--b', GPT, '--out', join(dir, 'named-2')], env('named.db'))).stdout);
    expect(both.contenders.map((c: any) => c.spec).sort()).toEqual([GEMMA, GPT].sort());
    const one = lastJsonLine((await runCli(['run', 'a dog', '--json', '--b', 'OPUS', '--out', join(dir, 'named-1')], env('named.db'))).stdout);
    expect(one.contenders.map((c: any) => c.spec)).toContain(OPUS);
    expect(new Set(one.contenders.map((c: any) => c.spec)).size).toBe(2);
  }, 120_000);

  it('refuses an unknown name with the valid ones, and draws nothing', async () => {
    const before = ollama.requests.length + anthropic.requests.length + openai.requests.length;
    const r = await runCli(['run', 'a cat', '--a', 'llama'], env('unknown.db'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `duel: "llama" names no contender. Name one of: Qwen (${QWEN}), Gemma (${GEMMA}), Opus (${OPUS}), GPT (${GPT}).`,
    );
    expect(ollama.requests.length + anthropic.requests.length + openai.requests.length).toBe(before);
  }, 60_000);
});
