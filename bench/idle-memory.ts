/**
 * Resident memory of an idle `npm start` (`duel serve`, the built program) after ten duels
 * against fake models, started through the web arena as a visitor would. Main process target:
 * under 120 MB. The render workers are reported beside it (releasing idle ones is the pool's job).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeAnthropic } from '../test/fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama } from '../test/fakes/fake-ollama.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = resolve(ROOT, 'bin/duel.mjs');
const DUELS = 10;
const MAIN_TARGET_MB = 120;
/** How long the server sits idle after the last duel before it is measured. */
const IDLE_MS = 12_000; // past the render pool's idle timeout (10 s), after which idle workers exit

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** Every live descendant of pid (the render workers run under prlimit, which execs node: same pid). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

export async function benchIdleMemory(): Promise<BenchRow[]> {
  const ollama = await startFakeOllama({ reply: { text: `Here you go:\n${pelicanSvg('#e07a5f')}` } });
  const anthropic = await startFakeAnthropic({ reply: { text: `\`\`\`svg\n${pelicanSvg('#3d5a80')}\n\`\`\`` } });
  const dir = mkdtempSync(join(tmpdir(), 'duel-bench-idle-'));
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      OLLAMA_HOST: ollama.url,
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      DUEL_DB: join(dir, 'duels.db'),
      DUEL_WEB_PORT: '0',
      DUEL_COOLDOWN: '0',
      // One visitor starts all ten duels: lift the arena's per-address limit for this measurement.
      DUEL_WEB_DUELS_PER_HOUR: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  try {
    const base = await waitFor(() => /open (http:\/\/\S+?) to duel/.exec(stdout)?.[1], 60_000, () => `serve printed no URL:\n${stdout}\n${stderr}`);
    const page = await fetch(base);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { cookie, 'x-duel-client': '1', 'content-type': 'application/json', origin: base };
    for (let i = 0; i < DUELS; i++) {
      const res = await fetch(`${base}/api/duels`, { method: 'POST', headers, body: JSON.stringify({ prompt: `a pelican riding a bicycle #${i}` }) });
      const body = (await res.json()) as { id?: string; error?: string };
      if (!body.id) throw new Error(`duel ${i} did not start: ${res.status} ${body.error}`);
      await waitFor(async () => {
        const state = (await (await fetch(`${base}/api/duels/${body.id}`, { headers: { cookie } })).json()) as { status: string };
        return state.status !== 'generating' ? state.status : undefined;
      }, 60_000, () => `duel ${body.id} stayed generating`);
    }
    await sleep(IDLE_MS);
    const main = rssMb(child.pid!);
    const workers = descendants(child.pid!).map(rssMb);
    const workerTotal = workers.reduce((s, x) => s + x, 0);
    return [
      { name: `idle \`duel serve\` after ${DUELS} duels: main process RSS`, value: `${main.toFixed(0)} MB`, target: `< ${MAIN_TARGET_MB} MB`, ok: main < MAIN_TARGET_MB },
      { name: 'idle `duel serve`: render workers still alive', value: `${workers.length} (${workerTotal.toFixed(0)} MB RSS)`, target: '0 (released)', ok: workers.length === 0 },
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('close', r));
    await ollama.close();
    await anthropic.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, why: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(why());
    await sleep(100);
  }
}
