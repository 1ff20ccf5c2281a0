/**
 * The stream gate answers stream requests over a cap before the web framework sees them (a flood
 * of refusals stays cheap), passes everything else through, and never admits: the route does.
 * A real node HTTP server on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { StreamCaps } from '../../../src/bots/web/stream-caps.js';
import { gateStreams } from '../../../src/bots/web/stream-gate.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serveGated(caps: StreamCaps, trustProxy = 0): Promise<{ url: string; passed: string[] }> {
  const passed: string[] = [];
  server = createServer(
    gateStreams(caps, trustProxy, (req, res) => {
      passed.push(req.url ?? '');
      res.end('passed');
    }),
  );
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, passed };
}

describe('the stream gate', () => {
  it('refuses a stream over the per-address cap with 429, Retry-After and the setting named, without passing it on', async () => {
    const logged: Array<{ cap: string; refused: number }> = [];
    const caps = new StreamCaps({ perAddress: 1, total: 10, idleMs: 60_000 }, (info) => logged.push(info));
    const held = caps.admit('127.0.0.1');
    expect(held.ok).toBe(true);
    const { url, passed } = await serveGated(caps);
    const res = await fetch(`${url}/api/duels/abc/events`);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await res.json()) as { error: string }).error).toContain('DUEL_WEB_STREAMS_PER_ADDRESS');
    expect(passed).toEqual([]);
    expect(logged).toEqual([{ cap: 'address', open: 1, refused: 1 }]);
    // A second refusal within the interval is counted, not logged again.
    expect((await fetch(`${url}/api/duels/abc/events?x=1`)).status).toBe(429);
    expect(logged).toHaveLength(1);
    expect(caps.open).toBe(1);
  });

  it('passes streams under the cap (unadmitted: the route admits), other paths and other methods', async () => {
    const caps = new StreamCaps({ perAddress: 1, total: 10, idleMs: 60_000 });
    const { url, passed } = await serveGated(caps);
    expect(await (await fetch(`${url}/api/duels/abc/events`)).text()).toBe('passed');
    expect(caps.open).toBe(0);
    caps.admit('127.0.0.1');
    expect(await (await fetch(`${url}/healthz`)).text()).toBe('passed');
    expect(await (await fetch(`${url}/api/duels/abc`)).text()).toBe('passed');
    expect(await (await fetch(`${url}/api/duels/abc/events`, { method: 'POST' })).text()).toBe('passed');
    expect(passed).toEqual(['/api/duels/abc/events', '/healthz', '/api/duels/abc', '/api/duels/abc/events']);
  });

  it('counts the address a trusted proxy saw, as the route does', async () => {
    const caps = new StreamCaps({ perAddress: 1, total: 10, idleMs: 60_000 });
    caps.admit('203.0.113.7');
    const { url } = await serveGated(caps, 1);
    expect((await fetch(`${url}/api/duels/abc/events`, { headers: { 'X-Forwarded-For': '203.0.113.7' } })).status).toBe(429);
    expect((await fetch(`${url}/api/duels/abc/events`, { headers: { 'X-Forwarded-For': '203.0.113.8' } })).status).toBe(200);
  });
});
