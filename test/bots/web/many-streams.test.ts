/**
 * Many live streams at once are normal (up to DUEL_WEB_STREAMS): each listens for the server's
 * stop, and that must not read as a listener leak (Node warns from the 11th listener on a signal
 * unless told otherwise). Real engine and server; 12 streams on one duel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './web-harness.js';
import { newClient } from './web-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ voteWindowMs: 600_000 });
});
afterAll(() => h?.close());

describe('many live streams', () => {
  it('open at once without a MaxListenersExceededWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const base = h.web.url.replace(/\/$/, '');
      const client = await newClient(base);
      const id = await client.duel('a heron at dawn');
      const streams = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await fetch(`${base}/api/duels/${id}/events`, { headers: { cookie: client.cookie } });
          const reader = res.body!.getReader();
          await reader.read(); // the first state: the stream is open and listening
          return reader;
        }),
      );
      expect(streams).toHaveLength(12);
      await Promise.all(streams.map((r) => r.cancel()));
      // A warning is emitted on the next tick after the listener that crossed the limit.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
