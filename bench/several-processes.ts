/**
 * Issue 20: the arena on PostgreSQL, one `duel serve` against three on one database, and SQLite
 * against PostgreSQL for one process. Measured from outside through the web API, as a voter would:
 * - votes per second: 600 votes (200 voters, 3 open duels) sent 16 at a time, spread over the
 *   processes (each voter's cookie from one process, its votes through another);
 * - duel open time: from POST /api/duels to the duel being open (a fake Ollama that answers at
 *   once, so this is the arena's own work: queue, render, store, the change feed), median of 6.
 * Needs Debian's PostgreSQL binaries (a throwaway cluster); without them the rows say so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from '../src/core/ratings/index.js';
import { newClient } from '../test/bots/web/web-client.js';
import { startFakeOllama } from '../test/fakes/fake-ollama.js';
import { freshDatabase, postgresBinaries, startCluster } from '../test/helpers/postgres-cluster.js';
import { startServe, type ServeChild } from '../test/helpers/serve-child.js';
import type { BenchRow } from './table.js';

const VOTERS = 200;
/**
 * A busy moment: 1,000 people voting on a duel within its first 20 s is 50 votes a second. Votes
 * are transactions that hold the store's write lock (on PostgreSQL an advisory lock shared by every
 * process), so more processes on the same two cores add no vote throughput; they add connections.
 */
const VOTES_TARGET = 50;
const AT_ONCE = 16;


async function measure(procs: ServeChild[]): Promise<{ votesPerSecond: number; openMs: number }> {
  const opens: number[] = [];
  const duels: string[] = [];
  for (let i = 0; i < 6; i++) {
    const author = await newClient(procs[i % procs.length]!.url);
    const t = performance.now();
    duels.push(await author.duel(`a pelican riding a bicycle, number ${i}`));
    opens.push(performance.now() - t);
  }
  const voters = await Promise.all(Array.from({ length: VOTERS }, (_, k) => newClient(procs[k % procs.length]!.url, { postTo: procs[(k + 1) % procs.length]!.url })));
  const jobs = voters.flatMap((v, k) => duels.slice(0, 3).map((d) => () => v.post(`/api/duels/${d}/vote`, { choice: k % 2 ? 'A' : 'B' })));
  const t = performance.now();
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: AT_ONCE }, async () => {
      while (next < jobs.length) {
        const res = await jobs[next++]!();
        if (res.status !== 200) failed++;
        await res.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - t) / 1000;
  if (failed > 0) throw new Error(`${failed} of ${jobs.length} votes were refused`);
  return { votesPerSecond: jobs.length / seconds, openMs: median(opens)! };
}

async function run(count: number, database: Record<string, string>, ollamaUrl: string): Promise<{ votesPerSecond: number; openMs: number }> {
  const env = {
    ...{ OLLAMA_HOST: ollamaUrl, DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,ollama:gemma3:27b', DUEL_VOTE_WINDOW: '10m', DUEL_COOLDOWN: '0', DUEL_RENDER_WORKERS: '1', LOG_LEVEL: 'warn', DUEL_MAX_GENERATING: '10' },
    ...{ DUEL_WEB_VOTES_PER_HOUR: '100000', DUEL_WEB_VOTERS_PER_HOUR: '100000', DUEL_WEB_DUELS_PER_HOUR: '1000' },
    ...database,
  };
  const procs: ServeChild[] = [];
  try {
    for (let i = 0; i < count; i++) procs.push(await startServe(env));
    return await measure(procs);
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}

export async function benchSeveralProcesses(): Promise<BenchRow[]> {
  const bin = postgresBinaries();
  if (!bin) return [{ name: 'several processes', value: 'skipped: PostgreSQL is not installed (apt-get install postgresql)', target: '-', ok: null }];
  const cluster = await startCluster(bin);
  const ollama = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'gemma3:27b'] });
  const dir = mkdtempSync(join(tmpdir(), 'duel-bench-procs-'));
  try {
    const sqlite = await run(1, { DUEL_DB: join(dir, 'duels.db') }, ollama.url);
    const pg1 = await run(1, { DUEL_DATABASE_URL: await freshDatabase(cluster.url) }, ollama.url);
    const pg3 = await run(3, { DUEL_DATABASE_URL: await freshDatabase(cluster.url) }, ollama.url);
    const votes = (r: { votesPerSecond: number }) => `${r.votesPerSecond.toFixed(0)} votes/s`;
    const open = (r: { openMs: number }) => `${(r.openMs / 1000).toFixed(2)} s`;
    return [
      { name: 'votes/s, 1 process, SQLite', value: votes(sqlite), target: `>= ${VOTES_TARGET}`, ok: sqlite.votesPerSecond >= VOTES_TARGET },
      { name: 'votes/s, 1 process, PostgreSQL', value: votes(pg1), target: `>= ${VOTES_TARGET}`, ok: pg1.votesPerSecond >= VOTES_TARGET },
      { name: 'votes/s, 3 processes, one PostgreSQL', value: votes(pg3), target: `>= ${VOTES_TARGET}`, ok: pg3.votesPerSecond >= VOTES_TARGET },
      { name: 'duel open time, 1 process, SQLite (median)', value: open(sqlite), target: '< 5 s', ok: sqlite.openMs < 5000 },
      { name: 'duel open time, 1 process, PostgreSQL', value: open(pg1), target: '< 5 s', ok: pg1.openMs < 5000 },
      { name: 'duel open time, 3 processes, PostgreSQL', value: open(pg3), target: '< 5 s', ok: pg3.openMs < 5000 },
    ];
  } finally {
    await ollama.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
