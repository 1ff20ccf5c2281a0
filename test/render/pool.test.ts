import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
import { RenderPool } from '../../src/render/pool.js';
import { PANIC_SVG, pngSize, slowSvg } from './helpers.js';

const small = (fill: string) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="${fill}"/></svg>`;

const pools: RenderPool[] = [];
function pool(options: ConstructorParameters<typeof RenderPool>[0]): RenderPool {
  const p = new RenderPool(options);
  pools.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

async function waitFor<T>(fn: () => T | undefined, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('RenderPool', () => {
  it('sanitizes untrusted SVG in the worker and fits it to the box', async () => {
    const p = pool({ size: 1 });
    const out = await p.run({ svg: '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>x</script><rect width="4" height="4"/></svg>', box: 100 });
    expect([out.width, out.height]).toEqual([100, 50]);
    expect(out.svg).not.toContain('script');
    expect(out.removed).toContain('element script');
  });

  it('renders trusted SVG at the requested width, and at its own size without one', async () => {
    const p = pool({ size: 1 });
    const fitted = await p.run({ svg: small('#123456'), trusted: true, width: 400 });
    expect([fitted.width, fitted.height]).toEqual([400, 300]);
    expect(pngSize(fitted.png)).toEqual({ width: 400, height: 300 });
    const original = await p.run({ svg: small('#123456'), trusted: true });
    expect([original.width, original.height]).toEqual([40, 30]);
  });

  it('runs queued jobs on at most `size` workers and finishes them all', async () => {
    const p = pool({ size: 2 });
    const seen = new Set<number>();
    const jobs = Array.from({ length: 7 }, (_, i) => p.run({ svg: small(i % 2 ? '#f00' : '#00f'), trusted: true, width: 50 + i }));
    const timer = setInterval(() => p.pids().forEach((x) => seen.add(x)), 1);
    const results = await Promise.all(jobs);
    clearInterval(timer);
    expect(results.map((r) => r.width)).toEqual([50, 51, 52, 53, 54, 55, 56]);
    expect(seen.size).toBeLessThanOrEqual(2);
  });

  it('replaces a worker killed mid-render; the next render succeeds', async () => {
    const p = pool({ size: 1, timeoutMs: 60_000 });
    const slow = p.run({ svg: slowSvg(30) });
    const pid = await waitFor(() => p.busyPids()[0]);
    process.kill(pid, 'SIGKILL');
    const err = await slow.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).reason).toBe('crashed');
    const next = await p.run({ svg: small('#0f0'), box: 20 });
    expect(next.width).toBe(20);
    expect(p.pids()).not.toContain(pid);
  });

  it('kills a render that passes the time limit', async () => {
    const p = pool({ size: 1, timeoutMs: 300 });
    await expect(p.run({ svg: slowSvg(10) })).rejects.toMatchObject({ reason: 'timeout', message: expect.stringMatching(/took too long/) });
    expect((await p.run({ svg: small('#000'), box: 40 })).width).toBe(40);
  });

  it('kills a render that passes the memory limit', async () => {
    const p = pool({ size: 1, memoryMb: 256, timeoutMs: 30_000 });
    // A 20000 x 20000 pixmap is 1.6 GB: over the limit however the allocation happens.
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000"><rect width="20000" height="20000" fill="#f00"/></svg>';
    await expect(p.run({ svg: huge, trusted: true })).rejects.toMatchObject({ reason: 'out-of-memory', message: expect.stringMatching(/too much memory/) });
    expect((await p.run({ svg: small('#000'), box: 40 })).width).toBe(40);
  });

  it('kills a worker whose resident memory passes the limit (RSS poll, without prlimit)', async () => {
    const p = pool({ size: 1, memoryMb: 200, timeoutMs: 30_000, prlimit: false });
    // The pixmap is allocated lazily and filled page by page: RSS climbs until the poll sees it.
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="12000" height="12000"><rect width="12000" height="12000" fill="#f00"/></svg>';
    await expect(p.run({ svg: huge, trusted: true })).rejects.toMatchObject({ reason: 'out-of-memory' });
    expect((await p.run({ svg: small('#000'), box: 40 })).width).toBe(40);
  });

  it('turns a resvg panic into a RenderError and keeps serving', async () => {
    const p = pool({ size: 1 });
    await expect(p.run({ svg: PANIC_SVG })).rejects.toMatchObject({ reason: 'crashed' });
    await expect(p.run({ svg: PANIC_SVG })).rejects.toMatchObject({ reason: 'crashed' });
    expect((await p.run({ svg: small('#000'), box: 10 })).width).toBe(10);
  });

  it('reports SVG that resvg cannot parse as invalid', async () => {
    const p = pool({ size: 1 });
    await expect(p.run({ svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', trusted: true })).rejects.toMatchObject({ reason: 'invalid' });
    // Untrusted input is sanitized in the worker; its errors keep their reason.
    await expect(p.run({ svg: '<html/>' })).rejects.toMatchObject({ reason: 'invalid', message: expect.stringMatching(/not an SVG/) });
    await expect(p.run({ svg: '<svg><g>' })).rejects.toMatchObject({ reason: 'truncated' });
  });

  it('rejects queued and new jobs after close', async () => {
    const p = pool({ size: 1, timeoutMs: 60_000 });
    // Settled into values at once, so no rejection is ever unhandled.
    const running = p.run({ svg: slowSvg(30) }).catch((e: unknown) => e);
    const queued = p.run({ svg: small('#000') }).catch((e: unknown) => e);
    await waitFor(() => p.busyPids()[0]);
    await p.close();
    expect(await queued).toMatchObject({ reason: 'closed' });
    expect(await running).toMatchObject({ reason: 'closed' });
    await expect(p.run({ svg: small('#000') })).rejects.toMatchObject({ reason: 'closed' });
    expect(p.pids()).toEqual([]);
  });
});

describe('RenderPool start failure', () => {
  it('says the renderer could not start, and what to do, when workers die at start', async () => {
    const p = pool({ size: 1 });
    // Break the install the way a bad deploy would: the worker's sanitizer bundle is gone.
    rmSync((p as unknown as { sanitizerBundle: string }).sanitizerBundle);
    const err = await p.run({ svg: small('#000') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).reason).toBe('crashed');
    expect((err as RenderError).message).toMatch(/^the renderer could not start \(.+\): reinstall with `npm ci` and check the server log$/);
    expect((err as RenderError).message).toMatch(/Cannot find module/);
  });
});
