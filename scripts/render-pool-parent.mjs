// A stand-in for `duel serve` in the test and the bench of render workers dying with their
// server: starts the built render pool (dist/, `node scripts/build.mjs`), leaves its worker busy
// with a render that takes minutes (`busy`) or idle after one quick render (`idle`), prints
// {"pid": <worker pid>} on one line, and waits to be killed.
//   node scripts/render-pool-parent.mjs busy|idle [pdeathsig-off]
import { RenderPool } from '../dist/render/pool.js';

const [mode = 'busy', option] = process.argv.slice(2);
const pool = new RenderPool({ size: 1, frameWorkers: 1, idleMs: 600_000, pdeathsig: option !== 'pdeathsig-off' });
const QUICK = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';
// Stacked turbulence over the whole canvas: resvg is busy for minutes in one synchronous call.
const rects = Array.from({ length: 400 }, () => '<rect width="2000" height="2000" filter="url(#t)"/>').join('');
const SLOW = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="2000"><filter id="t" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="30"/></filter>${rects}</svg>`;

await pool.run({ svg: QUICK });
if (mode === 'busy') {
  pool.run({ svg: SLOW, box: 2000, timeoutMs: 600_000 }).catch(() => {});
  while (pool.busyPids().length === 0) await new Promise((r) => setTimeout(r, 10));
}
process.stdout.write(`${JSON.stringify({ pid: pool.pids()[0] })}\n`);
setInterval(() => {}, 60_000); // wait to be killed
