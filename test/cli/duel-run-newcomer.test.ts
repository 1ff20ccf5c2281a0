/**
 * `duel run` as a newcomer tries it: the real CLI against the protocol fakes drawing the fixtures
 * of scripts/fake-models.ts. An animated duel writes duel.gif (a real GIF89a with its frames), a
 * still one reports `"gif": null`; contenders are named by one word of their label; two contenders
 * with one label are refused at start.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic } from '../fakes/fake-anthropic.js';
import { fixtureSvg, promptInTemplate } from '../fakes/fake-drawings.js';
import type { FakeRequest } from '../fakes/fake-model-common.js';
import { startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { gifFrameCount } from '../helpers/gif-frames.js';
import { lastJsonLine, runCli } from './run-cli.js';

let ollama: FakeModelServer;
let anthropic: FakeModelServer;
let dir: string;

/** The person's prompt of a request, as scripts/fake-models.ts reads it. */
function promptOf(req: FakeRequest): string {
  const messages = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const last = messages[messages.length - 1];
  return promptInTemplate(typeof last?.content === 'string' ? last.content : '');
}

beforeAll(async () => {
  ollama = await startFakeOllama({ reply: (req) => ({ text: fixtureSvg(promptOf(req), { color: '#e07a5f', pick: 0 }) }) });
  anthropic = await startFakeAnthropic({ reply: (req) => ({ text: fixtureSvg(promptOf(req), { color: '#3d5a80', pick: 1 }) }) });
  dir = mkdtempSync(join(tmpdir(), 'duel-newcomer-'));
});

afterAll(async () => {
  await Promise.all([ollama.close(), anthropic.close()]);
  rmSync(dir, { recursive: true, force: true });
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OLLAMA_HOST: ollama.url,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-newcomer',
    DUEL_DB: join(dir, 'duels.db'),
    DUEL_COOLDOWN: '0',
    DUEL_RENDER_SIZE: '256',
    ...extra,
  };
}

describe('duel run writes duel.gif', () => {
  it('for an animated duel: "gif" is a GIF89a with at least 8 frames beside duel.png', async () => {
    const out = join(dir, 'dancing');
    const r = await runCli(['run', 'a dancing pinwheel', '--json', '--out', out], env(), { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    const result = lastJsonLine(r.stdout);
    expect(result.gif).toBe(join(out, 'duel.gif'));
    expect(dirname(result.gif)).toBe(dirname(result.image));
    const gif = readFileSync(result.gif);
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gifFrameCount(gif)).toBeGreaterThanOrEqual(8);
  }, 130_000);

  it('for a still duel: "gif" is null', async () => {
    const r = await runCli(['run', 'a quiet harbour', '--json', '--out', join(dir, 'still')], env());
    expect(r.code, r.stderr).toBe(0);
    expect(lastJsonLine(r.stdout).gif).toBeNull();
  });
});

describe('names as people type them', () => {
  it('--a claude --b qwen names the default contenders by one word of their labels', async () => {
    const r = await runCli(['run', 'a pelican', '--a', 'claude', '--b', 'QWEN', '--json', '--out', join(dir, 'named')], env());
    expect(r.code, r.stderr).toBe(0);
    const labels = lastJsonLine(r.stdout).contenders.map((c: { label: string }) => c.label).sort();
    expect(labels).toEqual(['Claude Opus 4.7', 'Qwen3.6-35B-A3B (local)']);
  });

  it('--a c names no contender: exit 2 with the candidates listed', async () => {
    const r = await runCli(['run', 'a pelican', '--a', 'c'], env());
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'duel: "c" names no contender. Name one of: Qwen3.6-35B-A3B (local) (ollama:qwen3.6:35b-a3b), Claude Opus 4.7 (anthropic:claude-opus-4-7).',
    );
  });

  it('a word two contenders share is ambiguous: both are listed', async () => {
    const r = await runCli(['run', 'a pelican', '--a', 'qwen3.6'], env({ DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,ollama:qwen3.6:27b,anthropic:claude-opus-4-7' }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/"qwen3\.6" names 2 contenders: .*\(ollama:qwen3\.6:35b-a3b\), .*\(ollama:qwen3\.6:27b\)\. Name one of them/);
  });

  it('refuses two contenders with one label at start, naming DUEL_CONTENDERS', async () => {
    const r = await runCli(['run', 'a pelican'], env({ DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b=Painter,anthropic:claude-opus-4-7=painter' }));
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      'duel: contenders "ollama:qwen3.6:35b-a3b" and "anthropic:claude-opus-4-7" in DUEL_CONTENDERS are both labelled "painter": give one its own label with =Label (e.g. anthropic:claude-opus-4-7=painter 2)',
    );
  });
});
