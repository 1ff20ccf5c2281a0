/**
 * `duel` is plain JavaScript built at install time (dist/), not TypeScript compiled at run time:
 * it starts in a small address space, says what to do when it was never built, and loads the
 * heavy SDKs only when a command needs them.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pelicanSvg, startFakeOllama } from '../fakes/fake-ollama.js';
import { BIN, lastJsonLine, ROOT, runCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'duel-built-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module resolve hook that records every bare package a process imports, one per line. */
function traceImports(): { args: string[]; packages: () => string[] } {
  const log = join(dir, `imports-${Math.random().toString(36).slice(2)}.txt`);
  const hooks = join(dir, 'trace-hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!/^(node:|[./]|file:|data:)/.test(specifier)) appendFileSync(${JSON.stringify(log)}, specifier + '\\n');
  return next(specifier, context);
}\n`,
  );
  const register = join(dir, 'trace-register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${hooks}`)});\n`);
  writeFileSync(log, '');
  return { args: ['--import', register], packages: () => [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))] };
}

/** The packages among `loaded` specifiers (`openai/streaming` counts as `openai`). */
function loadedPackages(loaded: string[], packages: string[]): string[] {
  return packages.filter((p) => loaded.some((s) => s === p || s.startsWith(`${p}/`)));
}

const CHAT_SDKS = ['discord.js', '@slack/bolt'];
const MODEL_SDKS = ['ollama', '@anthropic-ai/sdk', 'openai'];

describe('the built program', () => {
  it('prints its help under a 4 GB address-space limit (no TypeScript loader at run time)', () => {
    const r = spawnSync('bash', ['-c', `ulimit -v 4000000 && exec "${process.execPath}" "${BIN}" --help`], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('duel run "<prompt>"');
  });

  it('says to run the build when dist/ is missing', () => {
    const root = join(dir, 'unbuilt');
    mkdirSync(join(root, 'bin'), { recursive: true });
    copyFileSync(BIN, join(root, 'bin', 'duel.mjs'));
    const r = spawnSync(process.execPath, [join(root, 'bin', 'duel.mjs'), '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/dist\/cli\.js is missing\): run `npm run build`/);
  });

  it('loads no SDK, database or renderer to print its help', () => {
    const trace = traceImports();
    const r = spawnSync(process.execPath, [...trace.args, BIN, '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(trace.packages()).toEqual([]);
  });

  it('loads neither chat SDK for a command that needs no chat', () => {
    const trace = traceImports();
    const db = join(dir, 'duels.db');
    const r = spawnSync(process.execPath, [...trace.args, BIN, 'vote', 'no-such-duel', 'A', '--voter', 'cli:me'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', DUEL_DB: db },
    });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/no-such-duel/);
    const loaded = trace.packages();
    expect(loaded).toContain('better-sqlite3');
    expect(loadedPackages(loaded, [...CHAT_SDKS, ...MODEL_SDKS, 'playwright-core'])).toEqual([]);
  });

  it('loads only the model SDK of the contenders that draw, not those of other configured providers', async () => {
    const ollama = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'gemma3:27b'], reply: { text: pelicanSvg('#e07a5f') } });
    try {
      const trace = traceImports();
      const env = {
        // Anthropic and OpenAI-compatible contenders are configured but not named, so never drawn.
        DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b=Qwen,ollama:gemma3:27b=Gemma,anthropic:claude-opus-4-7=Opus,openai@local:gpt-5.1=GPT',
        OLLAMA_HOST: ollama.url,
        ANTHROPIC_API_KEY: 'sk-ant-unused',
        OPENAI_LOCAL_BASE_URL: 'http://127.0.0.1:9/v1',
        DUEL_DB: join(dir, 'lazy.db'),
        DUEL_COOLDOWN: '0',
        DUEL_RENDER_SIZE: '64',
        DUEL_RENDER_WORKERS: '1',
      };
      const r = await runCli(['run', 'a pelican', '--json', '--a', 'Qwen', '--b', 'Gemma', '--out', join(dir, 'lazy-out')], env, { nodeArgs: trace.args });
      expect(r.code, r.stderr).toBe(0);
      expect(lastJsonLine(r.stdout).contenders.map((c: { label: string }) => c.label).sort()).toEqual(['Gemma', 'Qwen']);
      // The trace sees the one SDK that drew, so its silence about the others means something.
      expect(loadedPackages(trace.packages(), [...CHAT_SDKS, ...MODEL_SDKS])).toEqual(['ollama']);
    } finally {
      await ollama.close();
    }
  });
});
