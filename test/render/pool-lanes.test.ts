/**
 * Lanes and the frame budget: GIF frames run on their own workers, so a still render never
 * waits behind a slow animation; an animation whose frames cost too much CPU is given up early
 * with a message naming the setting, while a real animated drawing passes and reports its cost.
 * Ordering is asserted through events (which promise settled first), never through times. A
 * worker's lifetime CPU ceiling is held by the kernel, and the pool retires workers before it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
import { RenderPool } from '../../src/render/pool.js';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';
import { PRLIMIT } from '../../src/render/worker-command.js';
import { shared } from '../helpers/shared.js';
import { slowFramesSvg, slowSvg } from './helpers.js';

const STILL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>';
const renderers: PoolRenderer[] = [];
afterEach(async () => {
  await Promise.all(renderers.splice(0).map((r) => r.close()));
});
function renderer(options: Parameters<typeof createRenderer>[0]): PoolRenderer {
  const r = createRenderer(options);
  renderers.push(r);
  return r;
}

async function until(fn: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the frame lane', () => {
  it('leaves the still workers free: a still is drawn while a slow GIF holds the frame worker', async () => {
    // One worker per lane and no frame budget: the GIF would take minutes.
    const r = renderer({ poolSize: 1, frameWorkers: 1, frameBudgetMs: 10_000_000 });
    let gifSettled = false;
    const gif = r
      .animation(slowFramesSvg(400), { timeoutMs: 600_000 })
      .catch((e: unknown) => e)
      .finally(() => (gifSettled = true));
    await until(() => r.pool.busyPids('frames').length === 1);
    const still = await r.render(STILL);
    expect(still.width).toBeGreaterThan(0);
    expect(gifSettled).toBe(false); // the still did not wait for the GIF
    expect(r.pool.busyPids('still')).toEqual([]);
    await r.close();
    expect(await gif).toMatchObject({ reason: 'closed' });
  });

  it('queues a second GIF behind the first, not on a still worker', async () => {
    const r = renderer({ poolSize: 2, frameWorkers: 1, frameBudgetMs: 10_000_000 });
    const first = r.animation(slowFramesSvg(400), { timeoutMs: 600_000 }).catch((e: RenderError) => e);
    const second = r.animation(slowFramesSvg(400), { timeoutMs: 600_000 }).catch((e: RenderError) => e);
    await until(() => r.pool.busyPids('frames').length === 1);
    expect(r.pool.waiting('frames')).toBe(1);
    await Promise.all([r.render(STILL), r.render(STILL)]);
    expect(r.pool.busyPids('frames')).toHaveLength(1);
    expect(r.pool.pids().length).toBeLessThanOrEqual(3); // 2 still workers + 1 frame worker
    await r.close();
    expect(await first).toMatchObject({ reason: 'closed' });
    expect(await second).toMatchObject({ reason: 'closed' });
  });
});

describe('the frame budget', () => {
  it('gives up a GIF whose frames cost over the budget, saying so and naming the setting', async () => {
    const r = renderer({ poolSize: 1, frameBudgetMs: 200 });
    const err = await r.animation(slowFramesSvg(200), { timeoutMs: 600_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderError);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect((err as Error).message).toMatch(/frame budget of 200 ms.*DUEL_GIF_FRAME_BUDGET_MS/);
  });

  it('stops a single frame that runs past its allowance while resvg is still drawing it (the pool watches its CPU)', async () => {
    // One frame at this radius costs minutes: only the pool, not the blocked worker, can stop it.
    const r = renderer({ poolSize: 1, frameBudgetMs: 300 });
    const err = await r.animation(slowFramesSvg(3000), { timeoutMs: 600_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'timeout' });
    expect((err as Error).message).toMatch(/frames that cost over the frame budget of 300 ms of CPU each \(DUEL_GIF_FRAME_BUDGET_MS\), so it was stopped/);
  });

  const corpus = shared('corpus');
  it.skipIf(corpus.missing)(`passes a real animated drawing and reports its mean frame cost${corpus.note}`, async () => {
    const r = renderer({ poolSize: 1 });
    const text = readFileSync(join(corpus.path, 'nagi__claude-fable-5__claude-code-max__pelican-cycling.svg'), 'utf8');
    const drawn = await r.render(await r.extract(text));
    const gif = await r.animatedComposite({ a: drawn.png, b: drawn.png, aSvg: drawn.svg, bSvg: null, caption: 'a pelican riding a bicycle' });
    expect(gif.frames).toBeGreaterThan(2);
    expect(gif.frameMs).toBeGreaterThan(0);
    expect(gif.frameMs).toBeLessThan(1_000);
  });
});

describe('the CPU ceiling of a worker', () => {
  it('retires a worker past half its CPU ceiling, between jobs, so the next job gets a fresh one', async () => {
    // No kernel limit here (prlimit off): only the pool's retiring is under test.
    const tight = new RenderPool({ size: 1, cpuSeconds: 0.001, prlimit: false });
    const roomy = new RenderPool({ size: 1, prlimit: false });
    try {
      // The worker that did a job, read as the job settles (a retired one is still listed until it exits).
      const workerOf = async (p: RenderPool) => {
        await p.run({ svg: STILL });
        return p.pids()[0];
      };
      const [tightFirst, roomyFirst] = [await workerOf(tight), await workerOf(roomy)];
      await until(() => tight.pids().length === 0); // retired after its first job
      expect(await workerOf(tight)).not.toBe(tightFirst);
      expect(await workerOf(roomy)).toBe(roomyFirst);
    } finally {
      await Promise.all([tight.close(), roomy.close()]);
    }
  });

  it.skipIf(!existsSync(PRLIMIT))('is enforced by the kernel even inside one long render, and said in words', async () => {
    const p = new RenderPool({ size: 1, cpuSeconds: 2 });
    try {
      const err = await p.run({ svg: slowSvg(200), timeoutMs: 600_000 }).catch((e: unknown) => e);
      expect(err).toMatchObject({ reason: 'timeout' });
      expect((err as Error).message).toMatch(/CPU-time ceiling \(2 s\)/);
    } finally {
      await p.close();
    }
  });
});
