/**
 * Start-up of the built program: `duel --help` against bare `node -e 0` (median of several runs,
 * target within 5x), and whether it starts at all under a 4 GB address-space limit.
 * It runs bin/duel.mjs, so it measures what `npm install` built (dist/), never a TypeScript loader.
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = resolve(ROOT, 'bin/duel.mjs');
const RUNS = 11;
const TARGET_RATIO = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeRuns(args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${String(r.stderr).trim().slice(0, 200)}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

export async function benchStartup(): Promise<BenchRow[]> {
  const bare = timeRuns(['-e', '0']);
  const help = timeRuns([BIN, '--help']);
  const ratio = help / bare;
  const limited = spawnSync('bash', ['-c', `ulimit -v 4000000 && exec "${process.execPath}" "${BIN}" --help`], { cwd: ROOT, encoding: 'utf8' });
  const startsLimited = limited.status === 0 && limited.stdout.includes('duel run');
  return [
    { name: 'start-up: `duel --help` median', value: `${help.toFixed(0)} ms (node -e 0: ${bare.toFixed(0)} ms)`, target: '-', ok: null },
    { name: 'start-up: `duel --help` / `node -e 0`', value: `${ratio.toFixed(1)}x`, target: `<= ${TARGET_RATIO}x`, ok: ratio <= TARGET_RATIO },
    { name: 'start-up under `ulimit -v 4000000`', value: startsLimited ? 'starts' : `fails (exit ${limited.status})`, target: 'starts', ok: startsLimited },
  ];
}
