/**
 * Live event streams are capped: per client address (DUEL_WEB_STREAMS_PER_ADDRESS, default 20)
 * and in total (DUEL_WEB_STREAMS), refused with 429 and a Retry-After; a stream ends when its duel
 * is revealed, and after its idle limit. Real HTTP against the real server and engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WEB_DEFAULTS } from '../../../src/core/model/settings.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness | undefined;
const streams: AbortController[] = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.abort();
  await h?.close();
  h = undefined;
});

async function openDuel(harness: Harness): Promise<string> {
  const outcome = await harness.engine.service.startDuel({ platform: 'web', community: 'web', channel: 'arena', author: 'web:streams', prompt: 'a lighthouse' });
  expect(outcome.duel.status).toBe('open');
  return outcome.duel.id;
}

/** Open an event stream (from `address` when the server trusts one proxy); resolves once the answer's headers arrived. */
async function stream(harness: Harness, id: string, address?: string): Promise<Response> {
  const abort = new AbortController();
  streams.push(abort);
  return fetch(`${harness.web.url}/api/duels/${id}/events`, { signal: abort.signal, headers: address ? { 'X-Forwarded-For': address } : {} });
}

/** Everything a stream sends until the server ends it. */
async function readToEnd(res: Response): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  return text;
}

async function firstEvent(res: Response): Promise<{ text: string; reader: ReadableStreamDefaultReader<Uint8Array> }> {
  const reader = res.body!.getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  return { text, reader };
}

describe('caps on live event streams', () => {
  it('refuses the 21st stream from one address with 429 and Retry-After, and admits again once one ends', async () => {
    h = await startHarness();
    const id = await openDuel(h);
    const open: Response[] = [];
    for (let i = 0; i < WEB_DEFAULTS.streams.perAddress; i++) open.push(await stream(h, id));
    expect(open.map((r) => r.status)).toEqual(Array(20).fill(200));
    const refused = await stream(h, id);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toContain('DUEL_WEB_STREAMS_PER_ADDRESS');
    // One tab closes: its place is free again (the server notices the closed connection).
    streams[0].abort();
    let again: Response;
    do {
      again = await stream(h, id);
    } while (again.status === 429);
    expect(again.status).toBe(200);
  }, 60_000);

  it('refuses streams over the total cap, whatever the address', async () => {
    h = await startHarness({ web: { trustProxy: 1, streams: { perAddress: 0, total: 3, idleMs: 60_000 } } });
    const id = await openDuel(h);
    const statuses = [];
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) statuses.push((await stream(h, id, address)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await stream(h, id, '10.0.0.5');
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(((await refused.json()) as { error: string }).error).toContain('DUEL_WEB_STREAMS');
  }, 60_000);

  it('ends a stream when its duel is revealed', async () => {
    h = await startHarness();
    const id = await openDuel(h);
    const res = await stream(h, id);
    const { text, reader } = await firstEvent(res);
    expect(text).toContain('"status":"open"');
    await h.engine.service.close(id);
    let rest = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      rest += new TextDecoder().decode(value);
    }
    // The server ended the stream after sending the closed state.
    expect(rest).toContain('"status":"closed"');
  }, 60_000);

  it('ends a stream that has had nothing new to send for its idle limit', async () => {
    h = await startHarness({ web: { streams: { perAddress: 20, total: 1000, idleMs: 50 } } });
    const id = await openDuel(h);
    const res = await stream(h, id);
    const all = await readToEnd(res);
    // One state, then the stream ended by itself while the duel is still open.
    expect(all.match(/event: state/g)).toHaveLength(1);
    expect((await h.engine.service.getDuel(id))?.status).toBe('open');
  }, 60_000);
});
