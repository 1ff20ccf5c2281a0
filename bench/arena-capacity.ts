/**
 * The arena under hostile load (issue 17), measured from outside against the built `duel serve`:
 * - `/healthz` latency while 40 gallery loads run at once over 24 duels of ~2 MB drawings
 *   (target < 500 ms: pages read stored drawing facts, never the SVG text, and lists are cached);
 * - 2,000 event-stream attempts from one address (target: at most 20 accepted, server memory
 *   growth < 100 MB, `/healthz` < 1 s meanwhile);
 * - an ordinary duel's open time with two hostile animations in flight (target: within 10 s, and
 *   the hostile duels open with their PNG within 15 s: voting never waits for a GIF).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteStore } from '../src/core/store/sqlite-store.js';
import { startFakeAnthropic } from '../test/fakes/fake-anthropic.js';
import { pelicanSvg, startFakeOllama } from '../test/fakes/fake-ollama.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = resolve(ROOT, 'bin/duel.mjs');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

interface Served {
  base: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function serve(dbPath: string, env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DUEL_DB: dbPath, DUEL_WEB_PORT: '0', DUEL_COOLDOWN: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 60_000;
  let base: string | undefined;
  while (!(base = /open (http:\/\/\S+?) to duel/.exec(out)?.[1])) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`serve printed no URL: ${out.slice(-300)}`);
    await sleep(100);
  }
  return {
    base,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      if (child.exitCode === null) await new Promise((r) => child.once('close', r));
    },
  };
}

/** Milliseconds of one `/healthz`, on its own connection (node:http, not fetch's pool the load uses). */
function healthz(base: string): Promise<number> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpGet(`${base}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', reject);
  });
}

/**
 * The longest `/healthz` while `load` runs, probed back to back by bench/healthz-probe.mjs in its
 * own process (a monitor is another client: probing from this process, whose event loop is busy
 * with the load's thousands of fetches, would time this process's backlog as well as the server).
 */
async function worstHealthzDuring(base: string, load: () => Promise<unknown>): Promise<number> {
  const probe = fork(resolve(ROOT, 'bench/healthz-probe.mjs'), [base], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    await new Promise((r) => probe.once('message', r));
    await load();
    probe.send('stop');
    const samples = (await new Promise((r) => probe.once('message', r))) as number[];
    if (process.env.BENCH_DEBUG) console.error(samples.map((s) => s.toFixed(0)).join(' '));
    return Math.max(0, ...samples);
  } finally {
    probe.kill();
  }
}

/** A ~2 MB drawing: many small shapes, as a verbose model writes them. */
function bigSvg(n: number): string {
  const shapes: string[] = [];
  for (let i = 0, length = 0; length < 2_000_000; i++, length += shapes.at(-1)!.length) shapes.push(`<circle cx="${(i * 7) % 400}" cy="${(i * 13) % 400}" r="${(i % 9) + 1}" fill="#${((i * 2654435761 + n) >>> 8).toString(16).padStart(6, '0').slice(0, 6)}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400">${shapes.join('')}</svg>`;
}

async function seedBigGallery(dbPath: string, duels: number): Promise<void> {
  const store = openSqliteStore(dbPath);
  const png = Buffer.from('89504e470d0a1a0a', 'hex');
  try {
    for (let k = 0; k < duels; k++) {
      const id = `big${k}`;
      const at = Date.now() - (duels - k) * 60_000;
      await store.insertDuel({ id, platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:bench', prompt: `a busy city #${k}`, aSpec: 'ollama:a', bSpec: 'anthropic:b', createdAt: at, closesAt: null, closedAt: null, status: 'generating', flags: [] });
      for (const side of ['A', 'B'] as const) {
        const svg = bigSvg(k * 2 + (side === 'A' ? 0 : 1));
        await store.putEntry({ duelId: id, side, spec: side === 'A' ? 'ollama:a' : 'anthropic:b', label: side, rawText: null, svg, ok: true, error: null, errorKind: null, ms: 1000, tokens: { input: 1, output: 1 }, facts: { animated: false, width: 512, height: 512 } });
      }
      await store.putImage(id, 'composite', png);
      await store.finishGeneration(id, 'open', at + 60_000, [], null);
      await store.markClosed(id, at + 60_000);
    }
  } finally {
    await store.close();
  }
}

async function benchGallery(dir: string): Promise<BenchRow[]> {
  const db = join(dir, 'gallery.db');
  await seedBigGallery(db, 24);
  const server = await serve(db, {});
  try {
    // 40 visitors load the gallery at once, five times over (without cookies when BENCH_NO_COOKIE is set).
    const cookie = (await fetch(`${server.base}/`)).headers.get('set-cookie')?.split(';')[0] ?? '';
    const headers: Record<string, string> = process.env.BENCH_NO_COOKIE ? {} : { cookie };
    const load = async () => {
      for (let round = 0; round < 5; round++) await Promise.all(Array.from({ length: 40 }, (_, i) => fetch(`${server.base}/gallery?page=${1 + (i % 2)}`, { headers }).then((r) => r.text())));
    };
    const worst = await worstHealthzDuring(server.base, load);
    return [{ name: '/healthz under 40 concurrent gallery loads (24 duels x 2 MB drawings)', value: `${worst.toFixed(0)} ms (worst)`, target: '< 500 ms', ok: worst < 500 }];
  } finally {
    await server.stop();
  }
}

async function benchStreams(dir: string): Promise<BenchRow[]> {
  const db = join(dir, 'streams.db');
  const store = openSqliteStore(db);
  const at = Date.now();
  await store.insertDuel({ id: 'openduel', platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:bench', prompt: 'a lighthouse', aSpec: 'ollama:a', bSpec: 'anthropic:b', createdAt: at, closesAt: null, closedAt: null, status: 'generating', flags: [] });
  await store.finishGeneration('openduel', 'open', at + 3_600_000, [], null);
  await store.close();
  const server = await serve(db, {});
  const aborts: AbortController[] = [];
  try {
    await healthz(server.base);
    const before = rssMb(server.child.pid!);
    let statuses: number[] = [];
    const attempts = async () => {
      statuses = await Promise.all(
        Array.from({ length: 2000 }, async () => {
          const abort = new AbortController();
          aborts.push(abort);
          try {
            return (await fetch(`${server.base}/api/duels/openduel/events`, { signal: abort.signal })).status;
          } catch {
            return 0;
          }
        }),
      );
    };
    const worst = await worstHealthzDuring(server.base, attempts);
    const accepted = statuses.filter((s) => s === 200).length;
    const growth = rssMb(server.child.pid!) - before;
    return [
      { name: 'event streams accepted of 2,000 attempts from one address', value: `${accepted} (${statuses.filter((s) => s === 429).length} refused 429)`, target: '<= 20', ok: accepted <= 20 },
      { name: 'server memory growth with 2,000 stream attempts', value: `${growth.toFixed(0)} MB`, target: '< 100 MB', ok: growth < 100 },
      { name: '/healthz during 2,000 stream attempts', value: `${worst.toFixed(0)} ms (worst)`, target: '< 1000 ms', ok: worst < 1000 },
    ];
  } finally {
    for (const a of aborts) a.abort();
    await server.stop();
  }
}

/** Cheap as a still, slow as frames: a `<set>` raises an feMorphology radius after the first instant. */
const HOSTILE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400"><defs><filter id="f"><feMorphology operator="dilate" radius="0"><set attributeName="radius" to="60" begin="0.01s"/></feMorphology></filter></defs><g filter="url(#f)">${Array.from({ length: 60 }, (_, i) => `<circle cx="${(i * 37) % 400}" cy="${(i * 53) % 400}" r="4" fill="#e33"><animate attributeName="r" values="4;8;4" dur="2s" repeatCount="indefinite"/></circle>`).join('')}</g></svg>`;

async function benchHostileAnimations(dir: string): Promise<BenchRow[]> {
  const reply = (fenced: boolean) => (prompt: string) => {
    const svg = prompt.includes('hostile') ? HOSTILE_SVG : pelicanSvg(fenced ? '#3d5a80' : '#e07a5f');
    return { text: fenced ? `\`\`\`svg\n${svg}\n\`\`\`` : `Here:\n${svg}` };
  };
  const ollama = await startFakeOllama({ reply: (req) => reply(false)(JSON.stringify(req)) });
  const anthropic = await startFakeAnthropic({ reply: (req) => reply(true)(JSON.stringify(req)) });
  const server = await serve(join(dir, 'hostile.db'), {
    OLLAMA_HOST: ollama.url,
    ANTHROPIC_BASE_URL: anthropic.url,
    ANTHROPIC_API_KEY: 'sk-ant-bench',
    DUEL_WEB_DUELS_PER_HOUR: '100',
    DUEL_MAX_GENERATING: '10',
  });
  try {
    const page = await fetch(server.base);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    const headers = { cookie, 'x-duel-client': '1', 'content-type': 'application/json', origin: server.base };
    const start = async (prompt: string) => {
      const t = performance.now();
      const res = await fetch(`${server.base}/api/duels`, { method: 'POST', headers, body: JSON.stringify({ prompt }) });
      const { id, error } = (await res.json()) as { id?: string; error?: string };
      if (!id) throw new Error(`duel did not start: ${res.status} ${error}`);
      for (;;) {
        const state = (await (await fetch(`${server.base}/api/duels/${id}`, { headers: { cookie } })).json()) as { status: string };
        if (state.status !== 'generating') return { status: state.status, s: (performance.now() - t) / 1000 };
        if (performance.now() - t > 120_000) throw new Error(`duel ${id} stayed generating`);
        await sleep(100);
      }
    };
    const hostile = [start('a hostile sun one'), start('a hostile sun two')];
    await sleep(1500); // the hostile duels are drawn first, so their GIFs are in flight
    const ordinary = await start('a pelican riding a bicycle');
    const hostileOpen = await Promise.all(hostile);
    const worstHostile = Math.max(...hostileOpen.map((h) => h.s));
    return [
      { name: 'ordinary duel open time, two hostile animations in flight', value: `${ordinary.s.toFixed(1)} s (${ordinary.status})`, target: '<= 10 s', ok: ordinary.s <= 10 && ordinary.status === 'open' },
      { name: 'hostile animated duels open with their PNG', value: `${worstHostile.toFixed(1)} s (slowest; ${hostileOpen.map((h) => h.status).join(', ')})`, target: '<= 15 s', ok: worstHostile <= 15 && hostileOpen.every((h) => h.status === 'open') },
    ];
  } finally {
    await server.stop();
    await ollama.close();
    await anthropic.close();
  }
}

export async function benchArenaCapacity(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'duel-bench-capacity-'));
  try {
    return [...(await benchHostileAnimations(dir)), ...(await benchGallery(dir)), ...(await benchStreams(dir))];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `node --import tsx bench/arena-capacity.ts [hostile|gallery|streams]` runs these rows alone (the machine is shared).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { printTable } = await import('./table.js');
  const only = { hostile: benchHostileAnimations, gallery: benchGallery, streams: benchStreams }[process.argv[2] ?? ''];
  const dir = mkdtempSync(join(tmpdir(), 'duel-bench-capacity-'));
  try {
    console.log(printTable(only ? await only(dir) : await benchArenaCapacity()));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
