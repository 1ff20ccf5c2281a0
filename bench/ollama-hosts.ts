/**
 * Duels per minute with one and with three Ollama hosts (issue 10 point 6): two local contenders,
 * both models on every fake host, one draw at a time per host, each draw taking a fixed time
 * (20 chunks 50 ms apart, about 1 s), many duels started at once through the real engine.
 * Three hosts should give close to three times the duels per minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import type { BenchRow } from './table.js';

const DUELS = 12;
const MODELS = ['qwen3.6:35b-a3b', 'gemma3:27b'];

async function duelsPerMinute(hostCount: number): Promise<number> {
  const { startFakeOllama, pelicanSvg } = await import('../test/fakes/fake-ollama.js');
  const { loadConfig } = await import('../src/core/config/config.js');
  const { createEngine } = await import('../src/cli/engine.js');
  const svg = pelicanSvg('#e07a5f');
  const hosts = await Promise.all(
    Array.from({ length: hostCount }, () => startFakeOllama({ models: MODELS, reply: { text: svg, chunkSize: Math.ceil(svg.length / 20), chunkDelayMs: 50 } })),
  );
  const dir = mkdtempSync(join(tmpdir(), 'prompt-duel-hosts-'));
  const config = loadConfig({
    DUEL_CONTENDERS: MODELS.map((m) => `ollama:${m}`).join(','),
    OLLAMA_HOST: hosts.map((h) => h.url).join(','),
    DUEL_CONCURRENCY: 'ollama=1',
    DUEL_DB: join(dir, 'duels.db'),
    DUEL_COOLDOWN: '0',
    DUEL_MAX_GENERATING: '100',
    DUEL_RENDER_SIZE: '256',
    DUEL_RENDER_WORKERS: '2',
  });
  const engine = await createEngine(config, pino({ level: 'silent' }));
  try {
    // Warm the render workers so they are not counted.
    await engine.service.startDuel({ platform: 'cli', community: 'bench', channel: 'b', author: 'cli:warm', prompt: 'warm up' });
    const started = performance.now();
    const outcomes = await Promise.all(
      Array.from({ length: DUELS }, (_, i) => engine.service.startDuel({ platform: 'cli', community: 'bench', channel: 'b', author: `cli:u${i}`, prompt: `pelican ${i}` })),
    );
    const minutes = (performance.now() - started) / 60_000;
    const failed = outcomes.filter((o) => !o.contest).length;
    if (failed) throw new Error(`${failed} bench duels failed: ${outcomes.find((o) => !o.contest)!.entries.A.error}`);
    return DUELS / minutes;
  } finally {
    await engine.close();
    await Promise.all(hosts.map((h) => h.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchOllamaHosts(): Promise<BenchRow[]> {
  const one = await duelsPerMinute(1);
  const three = await duelsPerMinute(3);
  const ratio = three / one;
  return [
    { name: 'duels per minute, one Ollama host (1 s draws)', value: `${one.toFixed(1)} /min`, target: '-', ok: null },
    { name: 'duels per minute, three Ollama hosts', value: `${three.toFixed(1)} /min (${ratio.toFixed(2)}x)`, target: '>= 2.5x one host', ok: ratio >= 2.5 },
  ];
}
