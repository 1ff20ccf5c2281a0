/**
 * The web side of "voting never waits for a GIF": a web duel whose drawing animates opens on its
 * stills, and when the animated composite is stored the duel's event stream says so (the page
 * swaps the GIF in). How a page shows a drawing follows its stored frame cost (drawing-display.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { drawingDisplay } from '../../../src/bots/web/drawing-display.js';
import type { DrawingFacts } from '../../../src/core/model/records.js';
import type { Side } from '../../../src/core/model/types.js';
import { startHarness, type Harness } from './web-harness.js';
import { newClient } from './web-client.js';

const SPIN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/><rect x="10" y="45" width="80" height="10" fill="#e33"><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="1s" repeatCount="indefinite"/></rect></svg>';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('a web duel whose drawing animates', () => {
  it('opens, then its event stream announces the animated composite once stored', async () => {
    // The other side's model waits for release(), so the stream is open before the duel is drawn.
    h = await startHarness({ held: true, ollamaBehaviour: { text: `Here:\n${SPIN}` } });
    const client = await newClient(h.web.url);
    const res = await client.post('/api/duels', { prompt: 'a spinning bar' });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const events = await client.get(`/api/duels/${id}/events`);
    const reader = events.body!.getReader();
    const states: any[] = [];
    let buffer = '';
    const want = `/duels/${id}/animated.gif`;
    let released = false;
    while (!states.some((s) => s.animation === want)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended before the GIF was announced: ${JSON.stringify(states)}`);
      buffer += new TextDecoder().decode(value);
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const data = buffer.slice(0, cut).split('\n').find((l) => l.startsWith('data: '));
        if (data) states.push(JSON.parse(data.slice(6)));
        buffer = buffer.slice(cut + 2);
      }
      if (!released && states.length > 0) {
        released = true;
        h.release();
      }
    }
    await reader.cancel();
    // The stream saw the duel drawn, then open; the GIF is served from its announcement on. (That the
    // vote opens before the GIF is made is held in test/core/duel/animation-follows.test.ts, whose
    // renderer waits for the test.)
    expect(states[0].status).toBe('generating');
    expect(states.some((s) => s.status === 'open')).toBe(true);
    const gif = await client.get(want);
    expect(gif.status).toBe(200);
    expect(Buffer.from(await gif.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
  }, 90_000);
});

function facts(side: Side, animated: boolean, frameMs: number | null): DrawingFacts {
  return { side, spec: 'x', label: 'x', ok: true, error: null, animated, width: 512, height: 512, bytes: 100, frameMs };
}

describe('how a page shows a drawing', () => {
  it('plays an animated drawing live only when its measured frames are within the budget', () => {
    const cheap = drawingDisplay({ A: facts('A', true, 5), B: facts('B', false, null) }, true, 25);
    expect(cheap).toEqual({ animated: { A: true, B: false }, liveSvg: { A: true, B: false }, stillWhy: {}, gif: 'none' });
    const costly = drawingDisplay({ A: facts('A', true, 80), B: facts('B', false, null) }, true, 25);
    expect(costly.liveSvg.A).toBe(false);
    expect(costly.stillWhy.A).toMatch(/80 ms .*more than 25 ms, DUEL_WEB_LIVE_FRAME_MS/);
    expect(costly.gif).toBe('ready');
    const unmeasured = drawingDisplay({ A: facts('A', false, null), B: facts('B', true, null) }, false, 25);
    expect(unmeasured.liveSvg.B).toBe(false);
    expect(unmeasured.stillWhy.B).toMatch(/not measured/);
    expect(unmeasured.gif).toBe('pending');
    // A budget of 0 plays nothing live.
    expect(drawingDisplay({ A: facts('A', true, 0), B: facts('B', true, 1) }, true, 0).liveSvg).toEqual({ A: false, B: false });
    expect(drawingDisplay(undefined, false, 25).gif).toBe('none');
  });
});
