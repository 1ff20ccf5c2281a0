/**
 * Render throughput: the sandboxed pool (sanitize + child processes) against plain in-process
 * resvg on one thread, over the real drawings in ../shared/corpus at 768 px, and the largest
 * event-loop delay of the parent while the pool works.
 */
import { Resvg } from '@resvg/resvg-js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { RenderError } from '../src/core/model/errors.js';
import { MAX_REPLY_CHARS } from '../src/render/extract.js';
import { createRenderer } from '../src/render/renderer.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** ../shared/corpus beside the clone; DUEL_BENCH_CORPUS points elsewhere (a worktree without ../shared). */
const CORPUS = process.env.DUEL_BENCH_CORPUS ?? resolve(ROOT, '../shared/corpus');
const BOX = 768;
/** Passes over the corpus per measurement, so a run lasts long enough to mean something. */
const ROUNDS = 2;

function fonts(): string[] {
  const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return readdirSync(dir)
    .filter((f) => /^DejaVuSans.*\.ttf$/.test(f))
    .map((f) => join(dir, f));
}

export async function benchRender(): Promise<BenchRow[]> {
  if (!existsSync(CORPUS)) {
    const skipped = 'skipped: ../shared/corpus not present';
    return [
      { name: 'render: pool vs in-process throughput', value: skipped, target: '>= 1.8x', ok: null },
      { name: 'render: max event-loop delay while rendering', value: skipped, target: '< 20 ms', ok: null },
    ];
  }
  const files = readdirSync(CORPUS)
    .filter((f) => f.endsWith('.svg'))
    .map((f) => ({ name: f, text: readFileSync(join(CORPUS, f), 'utf8') }));

  const renderer = createRenderer({ box: BOX });
  try {
    // Warm every worker, then find the files the pool cannot render (the resvg panic): they
    // would abort this very process in the in-process run, so both runs leave them out.
    const warm = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';
    await Promise.all(Array.from({ length: renderer.pool.size }, () => renderer.render(warm)));
    const failed = new Set<string>();
    await Promise.all(
      files.map((f) =>
        renderer.extract(f.text).then((svg) => renderer.render(svg)).catch((e: unknown) => {
          if (!(e instanceof RenderError)) throw e;
          failed.add(f.name);
        }),
      ),
    );
    const ok = files.filter((f) => !failed.has(f.name));

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let t = performance.now();
    // A render stopped by the time limit on a busy machine is counted, not fatal to the bench.
    let timedOut = 0;
    const one = (f: { text: string }) =>
      renderer
        .extract(f.text)
        .then((svg) => renderer.render(svg))
        .catch((e: unknown) => {
          if (!(e instanceof RenderError)) throw e;
          timedOut++;
        });
    for (let r = 0; r < ROUNDS; r++) await Promise.all(ok.map(one));
    const poolS = (performance.now() - t) / 1000;
    delay.disable();
    const maxDelayMs = delay.max / 1e6;
    const p99DelayMs = delay.percentile(99) / 1e6;

    // An 8 MB reply (prose, drafts, then the drawing): how long the caller's thread is held.
    // Decoded from bytes, as a reply arrives from the network: a flat string. (Built by repeat and
    // slice it would be a rope, and the first read would spend ~40-100 ms flattening it, the
    // bench's own work, inside the time it measures.)
    const big = Buffer.from(`${'Some thoughts about the drawing. <svg viewBox="0 0 9 9"><g>draft</g></svg> '.repeat(100_000)}${ok[0].text}`.slice(-MAX_REPLY_CHARS)).toString('utf8');
    const bigDelay = monitorEventLoopDelay({ resolution: 1 });
    bigDelay.enable();
    t = performance.now();
    const pending = renderer.extract(big).catch(() => '');
    const heldMs = performance.now() - t;
    await pending;
    const extractS = (performance.now() - t) / 1000;
    bigDelay.disable();

    const font = { loadSystemFonts: false, fontFiles: fonts(), defaultFontFamily: 'DejaVu Sans' };
    t = performance.now();
    for (let r = 0; r < ROUNDS; r++) {
      for (const f of ok) {
        // Same size as the pool: fit the longer side to the box.
        const probe = new Resvg(f.text, { font, logLevel: 'off' });
        const fitTo = probe.width >= probe.height ? ({ mode: 'width', value: BOX } as const) : ({ mode: 'height', value: BOX } as const);
        new Resvg(f.text, { font, fitTo, background: '#ffffff', logLevel: 'off' }).render().asPng();
      }
    }
    const inProcS = (performance.now() - t) / 1000;

    // What the bundled fonts of other scripts cost a render (each is read only for text in its script).
    const textSvg = (t: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="768" height="200"><text x="10" y="100" font-size="40">${t}</text></svg>`;
    const scripts: Record<string, string> = { Latin: 'A pelican riding a bicycle', Chinese: '鹈鹕骑自行车', Japanese: '猫がチェロを弾く', Korean: '고양이가 첼로를 켠다', 'Thai + emoji': 'แมวเล่นเชลโล 🎻' };
    const textMs: string[] = [];
    for (const [name, text] of Object.entries(scripts)) {
      await renderer.render(textSvg(text)); // the first CJK text also reads the fonts' character maps
      const t0 = performance.now();
      for (let i = 0; i < 3; i++) await renderer.render(textSvg(text));
      textMs.push(`${name} ${((performance.now() - t0) / 3).toFixed(0)}`);
    }

    const n = ok.length * ROUNDS;
    const poolRate = n / poolS;
    const inRate = n / inProcS;
    const ratio = poolRate / inRate;
    const cores = availableParallelism();
    return [
      { name: `render: pool files/s (${renderer.pool.size} workers, ${ok.length} files x${ROUNDS}, ${BOX} px)`, value: poolRate.toFixed(1), target: '-', ok: null },
      { name: 'render: in-process resvg files/s (1 thread)', value: inRate.toFixed(1), target: '-', ok: null },
      { name: `render: pool / in-process (${cores} cores)`, value: `${ratio.toFixed(2)}x`, target: '>= 1.8x', ok: ratio >= 1.8 },
      { name: 'render: max event-loop delay while rendering', value: `${maxDelayMs.toFixed(1)} ms (p99 ${p99DelayMs.toFixed(1)})`, target: '< 20 ms', ok: maxDelayMs < 20 },
      { name: 'render: corpus renders stopped by the time limit (busy machine)', value: String(timedOut), target: '0', ok: timedOut === 0 },
      {
        name: `render: extract from an ${(big.length / 1e6).toFixed(0)} MB reply, main thread held`,
        value: `${heldMs.toFixed(1)} ms (done in ${extractS.toFixed(2)} s; max loop delay ${(bigDelay.max / 1e6).toFixed(1)} ms)`,
        target: '< 20 ms',
        ok: heldMs < 20 && bigDelay.max / 1e6 < 20,
      },
      { name: 'render: a line of text, ms per render by script (bundled fonts)', value: textMs.join(', '), target: '-', ok: null },
      { name: 'render: corpus files refused (clear RenderError)', value: `${failed.size} of ${files.length}`, target: '-', ok: null },
    ];
  } finally {
    await renderer.close();
  }
}
