/**
 * The per-provider limiter, wrapped around the real Ollama contender talking to the fake: draws
 * on a limit-1 provider run one at a time, waiters see their queue place, aborted waiters leave.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createContender,
  createLimitedContenders,
  createLimiter,
  withLimit,
} from '../../../src/core/contenders/index.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import type { DrawProgress } from '../../../src/core/model/types.js';
import { startFakeOllama, type FakeModelServer } from '../../fakes/fake-ollama.js';
import { baseOptions, OLLAMA_MODEL, ollamaAt, waitFor } from './helpers.js';

const SPEC = `ollama:${OLLAMA_MODEL}`;

describe('limiter', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    // Every reply: 5 chunks, 60 ms apart.
    fake = await startFakeOllama({ models: [OLLAMA_MODEL], reply: { text: 'abcde', chunkSize: 1, chunkDelayMs: 60 } });
  });
  afterAll(async () => {
    await fake.close();
  });
  const contender = () => createContender(baseOptions(SPEC), { ollama: ollamaAt(fake.url) });

  it('runs three draws on a limit-1 provider one at a time, reporting queue places 1 and 2', async () => {
    const limiter = createLimiter(1);
    const c = withLimit(contender(), limiter);
    const events: DrawProgress[][] = [[], [], []];
    const before = fake.requests.length;
    const results = await Promise.all(
      [0, 1, 2].map((i) => c.draw(`serial ${i}`, { onProgress: (p) => events[i]!.push(p) })),
    );
    expect(results.map((r) => r.text)).toEqual(['abcde', 'abcde', 'abcde']);
    // First went straight in; second waited at place 1; third at 2, then 1.
    expect(events[0]!.some((e) => e.state === 'queued')).toBe(false);
    expect(events[1]!.filter((e) => e.state === 'queued').map((e) => e.queuePosition)).toEqual([1]);
    expect(events[2]!.filter((e) => e.state === 'queued').map((e) => e.queuePosition)).toEqual([2, 1]);
    // The server saw them strictly one after another, in FIFO order.
    const reqs = fake.requests.slice(before);
    expect(reqs.map((r) => r.body.messages[0].content)).toEqual(['serial 0', 'serial 1', 'serial 2']);
    expect(reqs[1]!.receivedAt).toBeGreaterThanOrEqual(reqs[0]!.finishedAt!);
    expect(reqs[2]!.receivedAt).toBeGreaterThanOrEqual(reqs[1]!.finishedAt!);
    expect(limiter.active).toBe(0);
    expect(limiter.pending).toBe(0);
  });

  it('does not count time in the queue in ms', async () => {
    const c = withLimit(contender(), createLimiter(1));
    let leftQueueAt = 0;
    const first = c.draw('one');
    const calledAt = performance.now();
    const second = c.draw('two', {
      onProgress: (p) => {
        if (p.state !== 'queued' && !leftQueueAt) leftQueueAt = performance.now();
      },
    });
    const [, r2] = await Promise.all([first, second]);
    const doneAt = performance.now();
    expect(leftQueueAt).toBeGreaterThan(calledAt);
    // ms covers at most the time after leaving the queue (+1 ms rounding).
    expect(r2.ms).toBeLessThanOrEqual(Math.ceil(doneAt - leftQueueAt) + 1);
  });

  it('removes an aborted waiter from the queue and moves the others up', async () => {
    const limiter = createLimiter(1);
    const c = withLimit(contender(), limiter);
    const positions: number[] = [];
    const ac = new AbortController();
    const first = c.draw('one');
    const second = c.draw('aborted-waiter', { signal: ac.signal }).catch((e) => e);
    const third = c.draw('three', {
      onProgress: (p) => {
        if (p.state === 'queued') positions.push(p.queuePosition!);
      },
    });
    await waitFor(() => limiter.pending === 2);
    ac.abort();
    const err = (await second) as ContenderError;
    expect(err).toBeInstanceOf(ContenderError);
    expect(err.kind).toBe('aborted');
    expect(err.message).toMatch(/cancelled while waiting for its turn/);
    expect(limiter.pending).toBe(1);
    expect(positions).toEqual([2, 1]);
    const [r1, r3] = await Promise.all([first, third]);
    expect(r1.text).toBe('abcde');
    expect(r3.text).toBe('abcde');
    // The aborted draw never reached the server.
    expect(fake.requests.some((r) => r.body?.messages?.[0]?.content === 'aborted-waiter')).toBe(false);
  });

  it('releases the slot when a draw fails', async () => {
    const limiter = createLimiter(1);
    const broken = withLimit(createContender(baseOptions('ollama:not-pulled:1b'), { ollama: ollamaAt(fake.url) }), limiter);
    const good = withLimit(contender(), limiter);
    const [bad, ok] = await Promise.allSettled([broken.draw('x'), good.draw('y')]);
    expect(bad.status).toBe('rejected');
    expect(ok.status === 'fulfilled' && ok.value.text).toBe('abcde');
    expect(limiter.active).toBe(0);
  });

  it('releases the slot when a running draw is aborted', async () => {
    const limiter = createLimiter(1);
    const c = withLimit(contender(), limiter);
    const ac = new AbortController();
    const first = c.draw('one', { signal: ac.signal }).catch((e) => e);
    const second = c.draw('two');
    await waitFor(() => limiter.active === 1 && limiter.pending === 1);
    ac.abort();
    expect(((await first) as ContenderError).kind).toBe('aborted');
    expect((await second).text).toBe('abcde');
  });

  it('lets up to `concurrency` draws run together', async () => {
    const limiter = createLimiter(2);
    const c = withLimit(contender(), limiter);
    const queued: number[] = [];
    const all = Promise.all([0, 1, 2].map((i) => c.draw(`p${i}`, { onProgress: (p) => p.state === 'queued' && queued.push(i) })));
    await waitFor(() => limiter.active === 2);
    expect(limiter.pending).toBe(1);
    await all;
    expect(queued).toEqual([2]);
  });

  it('createLimitedContenders shares one limiter per provider with the provider default', () => {
    const { contenders, limiters } = createLimitedContenders([
      baseOptions(SPEC),
      baseOptions('ollama:llama3.2'),
      baseOptions('anthropic:claude-opus-4-7'),
    ]);
    expect(contenders.map((c) => c.spec)).toEqual([SPEC, 'ollama:llama3.2', 'anthropic:claude-opus-4-7']);
    expect(limiters.get('ollama')!.concurrency).toBe(1);
    expect(limiters.get('anthropic')!.concurrency).toBe(4);
    const custom = createLimitedContenders([baseOptions(SPEC)], {}, { ollama: 2 });
    expect(custom.limiters.get('ollama')!.concurrency).toBe(2);
    expect(typeof contenders[0]!.check).toBe('function');
  });

  it('rejects a nonsense concurrency', () => {
    expect(() => createLimiter(0)).toThrow(/concurrency/);
  });
});
