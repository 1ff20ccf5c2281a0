/**
 * The draw skeleton every provider shares, driven by an in-memory stream: what a provider
 * supplies (open, read, end, mapError) is all it writes; deadlines, the cap and progress come free.
 */
import { describe, expect, it } from 'vitest';
import { streamDraw, type StreamCall } from '../../../src/core/contenders/draw-stream.js';
import { ContenderError } from '../../../src/core/model/errors.js';
import { baseOptions, recorder } from './helpers.js';

type Chunk = { t?: string; x?: string; done?: boolean };

async function* chunks(list: Chunk[], delayMs = 0, signal?: AbortSignal): AsyncGenerator<Chunk> {
  for (const c of list) {
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    if (signal?.aborted) return;
    yield c;
  }
}

function call(list: Chunk[], delayMs = 0): StreamCall<Chunk> & { signal?: AbortSignal } {
  let done = false;
  const c: StreamCall<Chunk> & { signal?: AbortSignal } = {
    open: async (signal) => {
      c.signal = signal;
      return chunks(list, delayMs, signal);
    },
    read: (chunk) => {
      done ||= !!chunk.done;
      return { thinking: chunk.t, text: chunk.x };
    },
    end: () => {
      if (!done) throw new ContenderError('cut short', 'echo:v1', 'stream-broken');
      return { tokens: { input: 1, output: 2 }, truncated: false };
    },
    mapError: (err) => (err instanceof ContenderError ? err : new ContenderError(String(err), 'echo:v1', 'server')),
  };
  return c;
}

const o = (over = {}) => baseOptions('echo:v1', { label: 'Echo', ...over });

describe('streamDraw', () => {
  it('collects the answer, keeps thinking apart, and reports thinking then drawing with chars', async () => {
    const rec = recorder();
    const r = await streamDraw(o(), { onProgress: rec.onProgress }, call([{ t: 'hmm ' }, { t: '<svg>no</svg>' }, { x: '<svg>' }, { x: 'yes</svg>', done: true }]), { what: 'echo' });
    expect(r).toMatchObject({ text: '<svg>yes</svg>', thinking: 'hmm <svg>no</svg>', tokens: { input: 1, output: 2 }, truncated: false });
    expect(rec.events).toEqual([{ state: 'thinking' }, { state: 'drawing', chars: 5 }, { state: 'drawing', chars: 14 }]);
  });

  it("asks the provider's end whether the stream finished", async () => {
    const err = (await streamDraw(o(), {}, call([{ x: 'half' }]), { what: 'echo' }).catch((e) => e)) as ContenderError;
    expect(err.kind).toBe('stream-broken');
  });

  it('stops a reply past its cap, in the words that name the setting, and aborts the request', async () => {
    const c = call(Array.from({ length: 100 }, () => ({ x: 'x'.repeat(1024) })));
    const err = (await streamDraw(o({ maxReplyBytes: 10 * 1024 }), {}, c, { what: 'echo' }).catch((e) => e)) as ContenderError;
    expect(err.kind).toBe('too-large');
    expect(err.message).toMatch(/^Echo sent more than 10 KB and was stopped: .*DUEL_MAX_REPLY_BYTES/);
    expect(c.signal?.aborted).toBe(true);
  });

  it('stops at the idle deadline and at the caller abort', async () => {
    const slow = call([{ x: 'a' }, { x: 'b', done: true }], 400);
    const idle = (await streamDraw(o({ idleTimeoutMs: 100 }), {}, slow, { what: 'echo' }).catch((e) => e)) as ContenderError;
    expect(idle.kind).toBe('idle-timeout');
    expect(slow.signal?.aborted).toBe(true);
    const aborted = (await streamDraw(o(), { signal: AbortSignal.abort() }, call([{ x: 'a', done: true }]), { what: 'echo' }).catch((e) => e)) as ContenderError;
    expect(aborted.kind).toBe('aborted');
  });
});
