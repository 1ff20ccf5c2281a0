/**
 * Engine figures: the overhead of a whole duel with instant fake contenders (the real clients,
 * renderer and SQLite, so what remains is our pipeline), and vote recording throughput.
 */
import { performance } from 'node:perf_hooks';
import { createTestEngine } from '../test/helpers/engine.js';
import type { BenchRow } from './table.js';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

export async function benchPipeline(runs = 30): Promise<BenchRow[]> {
  const t = await createTestEngine({ maxOpenPerCommunity: 100, env: { DUEL_RENDER_SIZE: '768' } });
  try {
    const times: number[] = [];
    for (let i = 0; i < runs + 3; i++) {
      const started = performance.now();
      const outcome = await t.service.startDuel({ platform: 'cli', community: 'bench', channel: 'bench', author: `cli:bench${i}`, prompt: `a pelican riding a bicycle #${i}` });
      if (!outcome.contest) throw new Error(`bench duel failed: ${outcome.entries.A.error ?? outcome.entries.B.error}`);
      if (i >= 3) times.push(performance.now() - started); // the first runs warm the worker processes
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 0.5);
    const p95 = percentile(times, 0.95);

    // Votes: many duels, many voters, every vote its own committed transaction as in production.
    const duelIds: string[] = [];
    for (let i = 0; i < 20; i++) {
      const { duel } = await t.service.startDuel({ platform: 'cli', community: 'votes', channel: 'v', author: `cli:v${i}`, prompt: `vote bench ${i}` });
      duelIds.push(duel.id);
    }
    const choices = ['A', 'B', 'tie', 'bad'] as const;
    const n = 20_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      await t.service.vote({ duelId: duelIds[i % duelIds.length], voter: `discord:${i % 997}`, choice: choices[i % 4], op: 'add', eventId: `ev-${i}` });
    }
    const votesPerSecond = n / ((performance.now() - started) / 1000);
    return [
      { name: 'duel pipeline overhead p50 (instant fakes, 768 px)', value: `${p50.toFixed(0)} ms`, target: '< 150 ms', ok: p50 < 150 },
      { name: 'duel pipeline overhead p95', value: `${p95.toFixed(0)} ms`, target: '-', ok: null },
      { name: 'votes recorded (committed, deduplicated)', value: `${Math.round(votesPerSecond)} /s`, target: '>= 5000 /s', ok: votesPerSecond >= 5000 },
    ];
  } finally {
    await t.close();
  }
}
