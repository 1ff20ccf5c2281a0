/**
 * The render pool under hostile animations (issue 17): how long a still render takes while two
 * GIFs with slow frames are in flight (they run in the frame lane, stills in their own), how soon
 * the frame budget gives those GIFs up, and whether any render worker outlives a server killed
 * with kill -9 (a stand-in server, scripts/render-pool-parent.mjs, running the built pool).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { RENDER_DEFAULTS } from '../src/core/model/settings.js';
import { createRenderer } from '../src/render/renderer.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STILL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><circle cx="50" cy="50" r="40" fill="teal"/></svg>';
/** Cheap still, slow frames: a `<set>` raises a dilate radius over the whole canvas. */
const HOSTILE = `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="768"><filter id="m" x="0" y="0" width="1" height="1"><feMorphology operator="dilate" radius="1"><set attributeName="radius" to="300" begin="0.2s"/></feMorphology></filter>${Array.from({ length: 6 }, (_, i) => `<rect x="${i * 10}" y="${i * 10}" width="700" height="700" fill="#${i}0${i}0f0" filter="url(#m)"/>`).join('')}<circle r="20" cx="50" cy="50"><animate attributeName="cx" from="50" to="700" dur="2s" repeatCount="indefinite"/></circle></svg>`;
const AFTER_KILL_MS = 5_000;

async function hostileRows(): Promise<BenchRow[]> {
  const renderer = createRenderer({});
  try {
    await renderer.render(STILL); // a warm still worker, as a running server has
    const started = performance.now();
    const gifs = [0, 1].map(() => renderer.animation(HOSTILE).then(() => 'made', (e: Error) => e.message));
    while (renderer.pool.busyPids('frames').length === 0) await new Promise((r) => setTimeout(r, 10));
    const t = performance.now();
    await renderer.render(STILL);
    const stillS = (performance.now() - t) / 1000;
    const outcomes = await Promise.all(gifs);
    const givenUpS = (performance.now() - started) / 1000;
    const budgeted = outcomes.every((o) => o.includes('DUEL_GIF_FRAME_BUDGET_MS'));
    return [
      { name: 'render: a still drawn while 2 hostile GIFs are in flight', value: `${stillS.toFixed(2)} s`, target: '< 10 s', ok: stillS < 10 },
      {
        name: `render: 2 hostile GIFs given up by the frame budget (${RENDER_DEFAULTS.frameBudgetMs} ms CPU a frame), both done after`,
        value: budgeted ? `${givenUpS.toFixed(1)} s` : `not by the budget: ${outcomes.join(' / ').slice(0, 60)}`,
        target: `< ${RENDER_DEFAULTS.gifTimeoutMs / 1000} s (the GIF limit)`,
        ok: budgeted && givenUpS * 1000 < RENDER_DEFAULTS.gifTimeoutMs,
      },
    ];
  } finally {
    await renderer.close();
  }
}

function alive(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

async function orphanRow(): Promise<BenchRow> {
  const parent = spawn(process.execPath, [resolve(ROOT, 'scripts/render-pool-parent.mjs'), 'busy'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: parent.stdout! }).once('line', done);
    parent.once('exit', (code) => fail(new Error(`the stand-in server exited (${code})`)));
  });
  const { pid } = JSON.parse(line) as { pid: number };
  parent.kill('SIGKILL');
  await new Promise((r) => setTimeout(r, AFTER_KILL_MS));
  const left = alive(pid) ? 1 : 0;
  if (left) process.kill(pid, 'SIGKILL');
  return { name: 'render: workers alive 5 s after kill -9 of the server (busy in a render)', value: String(left), target: '0', ok: left === 0 };
}

export async function benchRenderCapacity(): Promise<BenchRow[]> {
  return [...(await hostileRows()), await orphanRow()];
}
