/**
 * A real engine for tests: a real SQLite temp file, the real sandboxed renderer, and the real
 * Ollama and Anthropic clients pointed at protocol fakes on 127.0.0.1. Bots and the CLI tests
 * build on it, so every platform test runs the same engine a user runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { afterEach } from 'vitest';
import { createEngine, type Engine } from '../../src/cli/engine.js';
import { loadConfig, type Config } from '../../src/core/config/config.js';
import type { DuelApi } from '../../src/core/duel/duel-api.js';
import type { Clock } from '../../src/core/model/types.js';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama, type Behaviour, type FakeModelServer, type ReplyFn } from '../fakes/fake-ollama.js';

export const OLLAMA_SPEC = 'ollama:qwen3.6:35b-a3b';
export const ANTHROPIC_SPEC = 'anthropic:claude-opus-4-7';

export interface TestEngineOptions {
  /** Reuse a DB file to simulate a restart (default: a new temp file). */
  dbPath?: string;
  voteWindowMs?: number;
  cooldownMs?: number;
  maxOpenPerCommunity?: number;
  clock?: Clock;
  random?: () => number;
  ollamaBehaviour?: ReplyFn | Behaviour;
  anthropicBehaviour?: ReplyFn | Behaviour;
  /** Extra environment variables for loadConfig (e.g. DUEL_BLIND_WORDS). */
  env?: Record<string, string>;
  logger?: Logger;
}

export interface TestEngine {
  service: DuelApi;
  engine: Engine;
  config: Readonly<Config>;
  dbPath: string;
  ollama: FakeModelServer;
  anthropic: FakeModelServer;
  /** The environment the engine was configured from (to start the CLI as a child process). */
  env: Record<string, string>;
  close(): Promise<void>;
}

export function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'prompt-duel-')), 'duels.db');
}

export async function createTestEngine(opts: TestEngineOptions = {}): Promise<TestEngine> {
  const ollama = await startFakeOllama({ reply: opts.ollamaBehaviour ?? { text: `Here you go:\n${pelicanSvg('#e07a5f')}` } });
  const anthropic = await startFakeAnthropic({ reply: opts.anthropicBehaviour ?? { text: `\`\`\`svg\n${pelicanSvg('#3d5a80')}\n\`\`\`` } });
  const ownsDb = !opts.dbPath;
  const dbPath = opts.dbPath ?? tempDbPath();
  const env: Record<string, string> = {
    DUEL_CONTENDERS: `${OLLAMA_SPEC},${ANTHROPIC_SPEC}`,
    OLLAMA_HOST: ollama.url,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    DUEL_DB: dbPath,
    DUEL_VOTE_WINDOW: `${opts.voteWindowMs ?? 60_000}ms`,
    DUEL_COOLDOWN: `${opts.cooldownMs ?? 0}ms`,
    DUEL_MAX_GENERATING: String(opts.maxOpenPerCommunity ?? 3),
    DUEL_TIMEOUT: '20s',
    DUEL_IDLE_TIMEOUT: '10s',
    DUEL_RENDER_WORKERS: '2',
    DUEL_RENDER_SIZE: '256',
    ...opts.env,
  };
  // DUEL_COOLDOWN=0ms is not a positive duration; 0 means "no cooldown".
  if ((opts.cooldownMs ?? 0) === 0) env.DUEL_COOLDOWN = '0';
  const config = loadConfig(env);
  const logger = opts.logger ?? pino({ level: 'silent' });
  const engine = await createEngine(config, logger, { clock: opts.clock, random: opts.random, contenderOverrides: { maxRetries: 0 } });
  let closed = false;
  return {
    service: engine.service,
    engine,
    config,
    dbPath,
    ollama,
    anthropic,
    env,
    async close() {
      // Idempotent: a test may close an engine to simulate a restart, and afterEach closes it again.
      if (closed) return;
      closed = true;
      await engine.close();
      await Promise.all([ollama.close(), anthropic.close()]);
      if (ownsDb) rmSync(join(dbPath, '..'), { recursive: true, force: true });
    },
  };
}

/** Engines for one test file: each test's engines are closed after it, whatever happened. */
export function useTestEngines(defaults: TestEngineOptions = {}): (opts?: TestEngineOptions) => Promise<TestEngine> {
  const live: TestEngine[] = [];
  afterEach(async () => {
    while (live.length) await live.pop()!.close();
  });
  return async (opts = {}) => {
    const e = await createTestEngine({ ...defaults, ...opts });
    live.push(e);
    return e;
  };
}
