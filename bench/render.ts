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
import { RenderError } from '../src/core/errors.js';
import { createRenderer } from '../src/render/renderer.js';
import type { BenchRow } from './table.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CORPUS = resolve(ROOT, '../shared/corpus');
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
      { name: 'render: pool vs in-process throughput', value: skipped, target: '>= 1.6x', ok: null },
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
        renderer.render(renderer.extract(f.text)).catch((e: unknown) => {
          if (!(e instanceof RenderError)) throw e;
          failed.add(f.name);
        }),
      ),
    );
    const ok = files.filter((f) => !failed.has(f.name));

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let t = performance.now();
    for (let r = 0; r < ROUNDS; r++) await Promise.all(ok.map((f) => renderer.render(renderer.extract(f.text))));
    const poolS = (performance.now() - t) / 1000;
    delay.disable();
    const maxDelayMs = delay.max / 1e6;
    const p99DelayMs = delay.percentile(99) / 1e6;

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

    const n = ok.length * ROUNDS;
    const poolRate = n / poolS;
    const inRate = n / inProcS;
    const ratio = poolRate / inRate;
    const cores = availableParallelism();
    return [
      { name: `render: pool files/s (${renderer.pool.size} workers, ${ok.length} files x${ROUNDS}, ${BOX} px)`, value: poolRate.toFixed(1), target: '-', ok: null },
      { name: 'render: in-process resvg files/s (1 thread)', value: inRate.toFixed(1), target: '-', ok: null },
      { name: `render: pool / in-process (${cores} cores)`, value: `${ratio.toFixed(2)}x`, target: '>= 1.6x', ok: ratio >= 1.6 },
      { name: 'render: max event-loop delay while rendering', value: `${maxDelayMs.toFixed(1)} ms (p99 ${p99DelayMs.toFixed(1)})`, target: '< 20 ms', ok: maxDelayMs < 20 },
      { name: 'render: corpus files refused (clear RenderError)', value: `${failed.size} of ${files.length}`, target: '-', ok: null },
    ];
  } finally {
    await renderer.close();
  }
}
