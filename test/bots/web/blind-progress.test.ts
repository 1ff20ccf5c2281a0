/**
 * Blind progress on the web (issue 12.1): the event stream carries one state for the duel while
 * it is drawn, the same whichever side answers first. One contender answers at once; the other
 * is held until the test has seen the first side finish. Assertions are on every event's content.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Read `state` events of a duel's stream until `stop` says so; returns their parsed data. */
async function readStates(url: string, cookie: string, stop: (state: any, all: any[]) => boolean): Promise<any[]> {
  const res = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(60_000) });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const states: any[] = [];
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return states;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame.split('\n').find((l) => l.startsWith('data:'));
        if (!frame.includes('event: state') || !data) continue;
        const state = JSON.parse(data.slice(5));
        states.push(state);
        if (stop(state, states)) return states;
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

describe('the live event stream while a duel is drawn', () => {
  it('shows the same duel-level state whichever side answers first, and nothing per side', async () => {
    const beforeRelease: string[][] = [];
    // random < 0.5 puts Ollama (answering at once) on A, >= 0.5 on B; Anthropic is held.
    for (const random of [() => 0.1, () => 0.9]) {
      h = await startHarness({ held: true, random, ollamaBehaviour: {} });
      const client = await newClient(h.web.url);
      const res = await client.post('/api/duels', { prompt: 'a pelican' });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      const ollama = h.engine.ollama;
      let released = false;
      let afterDone = 0;
      const states = await readStates(`${h.web.url}/api/duels/${id}/events`, client.cookie, (s) => {
        if (!released) {
          // The instant side has finished; let two more events (a tick each) pass, then release the held side.
          if (ollama.requests.some((r) => r.finishedAt !== undefined)) afterDone++;
          if (afterDone >= 3) {
            released = true;
            s.__last = true;
            h!.release();
          }
        }
        return s.status !== 'generating';
      });
      const held = states.slice(0, states.findIndex((s) => s.__last) + 1);
      expect(held.length).toBeGreaterThan(2);
      for (const s of states) {
        expect(s).not.toHaveProperty('sides');
        if (s.status !== 'generating') continue;
        expect(Object.keys(s.progress ?? {}).sort()).toEqual(s.progress ? ['elapsedMs', 'queue', 'state', 'text', 'words'] : []);
        if (s.progress) expect(s.progress.text).toMatch(/^(drawing|rendering|done) · \d+ s$/);
        // The page's words are duel-level too: a headline, the seconds, and (here) no queue.
        if (s.progress) expect(Object.keys(s.progress.words).sort()).toEqual(['elapsed', 'headline', 'queue', 'state']);
        if (s.progress) expect(s.progress.words.headline).toMatch(/^(Both models are drawing|Turning the drawings into pictures|Done: opening the vote)$/);
      }
      // While one side was done and the other held, the duel only ever said "drawing".
      beforeRelease.push([...new Set(held.filter((s) => s.progress).map((s) => s.progress.state as string))]);
      expect(states.at(-1).status).toBe('open');
      await h.close();
      h = undefined;
    }
    expect(beforeRelease).toEqual([['drawing'], ['drawing']]);
  });
});
