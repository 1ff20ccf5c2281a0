/**
 * A model that signs its drawing in every channel a voter could read (id, class, data-*,
 * aria-label, title, desc, metadata, a comment, display="none" text, text in a hidden group,
 * `<style>` class names and animation names) gets none of them served while the duel is open:
 * not in the page, the SVG, its download, the live `<img>` of the animated drawing, the JSON API
 * or the event stream. The real engine, fake model servers and the real renderer; the signed
 * drawing's gradient still draws (checked in the PNG's pixels), and the reply as the model sent
 * it is kept in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngPixels, pngSize } from '../../render/helpers.js';
import { newClient, type Client } from './web-client.js';
import { startHarness, type Harness } from './web-harness.js';

const SIGNED = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400" data-model="sigil-root" aria-label="sigil-root-aria">
  <!-- sigil-comment: drawn by the model -->
  <title>sigil-title</title><desc>sigil-desc</desc><metadata>sigil-metadata</metadata>
  <style>.sigil-style { stroke: #222; stroke-width: 4 } @keyframes sigil-spin { to { transform: rotate(360deg) } } .sigil-turns { animation: sigil-spin 4s linear infinite; transform-origin: 300px 300px }</style>
  <defs><linearGradient id="sigil-gradient" x1="0" x2="1"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient></defs>
  <rect width="400" height="400" fill="#ffffff"/>
  <rect id="sigil-id" class="sigil-style" data-model="sigil-data" aria-label="sigil-aria" role="img" x="0" y="0" width="400" height="200" fill="url(#sigil-gradient)"/>
  <circle cx="100" cy="300" r="40" fill="#ffd166"><animate attributeName="r" values="30;50;30" dur="2s" repeatCount="indefinite"/></circle>
  <rect class="sigil-turns" x="280" y="280" width="40" height="40" fill="#3d5a80"/>
  <text x="20" y="390" display="none">sigil-display-none</text>
  <g visibility="hidden"><text x="20" y="390">sigil-hidden-group</text></g>
  <g display="none"><text x="20" y="390">sigil-none-group</text></g>
</svg>`;

let h: Harness;
let voter: Client;
let id: string;

beforeAll(async () => {
  h = await startHarness({
    voteWindowMs: 600_000,
    ollamaBehaviour: { text: `Here it is:\n${SIGNED}` },
    anthropicBehaviour: { text: `\`\`\`svg\n${SIGNED}\n\`\`\`` },
  });
  voter = await newClient(h.web.url);
  id = await voter.duel('a signed sun');
  // The page plays an animated drawing live only once the server has measured its frames (with
  // the GIF that follows the vote), and only when they are cheap: wait for the GIF, then set a
  // cheap measure so the live <img> is served whatever this machine's load made of it.
  for (let tries = 0; !(await h.engine.service.image(id, 'animated')); tries++) {
    if (tries > 600) throw new Error('the animated composite was never stored');
    await new Promise((r) => setTimeout(r, 100));
  }
  await h.engine.engine.store.setFrameMs(id, 2);
}, 120_000);
afterAll(async () => {
  await h?.close();
});

function noSigil(what: string, text: string) {
  expect(text.length, what).toBeGreaterThan(0);
  expect(text.toLowerCase(), what).not.toContain('sigil');
}

describe('a drawing signed in every channel, while its duel is open', () => {
  it('is open, and its reply as sent is kept for export', async () => {
    const state = (await (await voter.get(`/api/duels/${id}`)).json()) as any;
    expect(state.status).toBe('open');
    const entries = (await h.engine.service.getEntries(id))!;
    expect(entries.A.rawText).toContain('sigil-title');
    expect(entries.A.rawText).toContain('sigil-display-none');
  });

  it('serves no marker through the page, the SVG, its download, the live <img>, the API or the events', async () => {
    const page = await (await voter.get(`/duels/${id}`)).text();
    noSigil('page', page);
    const live = [...page.matchAll(/<img[^>]+src="(\/duels\/[^"]+\.svg)"/g)].map((m) => m[1]);
    expect(live.length).toBeGreaterThan(0); // the animated drawing is shown live, from its SVG
    for (const src of live) noSigil(`live image ${src}`, await (await voter.get(src)).text());
    for (const side of ['A', 'B']) {
      noSigil(`${side}.svg`, await (await voter.get(`/duels/${id}/${side}.svg`)).text());
      const download = await voter.get(`/duels/${id}/${side}.svg?download`);
      expect(download.headers.get('content-disposition')).toMatch(/attachment/);
      noSigil(`${side}.svg?download`, await download.text());
    }
    noSigil('API', await (await voter.get(`/api/duels/${id}`)).text());
    const events = await voter.get(`/api/duels/${id}/events`);
    const reader = events.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    noSigil('events', new TextDecoder().decode(value));
  });

  it('still draws its gradient, its animation and its style rule from the renamed form', async () => {
    const svg = await (await voter.get(`/duels/${id}/A.svg`)).text();
    expect(svg).toMatch(/fill="url\(#i\d+\)"/);
    expect(svg).toMatch(/@keyframes k\d+/);
    expect(svg).toMatch(/class="c\d+"/);
    const png = Buffer.from(await (await voter.get(`/duels/${id}/A.png`)).arrayBuffer());
    const { width } = pngSize(png);
    const pixels = pngPixels(png);
    const at = (x: number, y: number) => [...pixels.subarray((Math.round(y * width) * width + Math.round(x * width)) * 4, (Math.round(y * width) * width + Math.round(x * width)) * 4 + 3)];
    const [lr, , lb] = at(0.05, 0.25); // the gradient's left end: red
    const [rr, , rb] = at(0.95, 0.25); // its right end: blue
    expect(lr).toBeGreaterThan(200);
    expect(lb).toBeLessThan(60);
    expect(rb).toBeGreaterThan(200);
    expect(rr).toBeLessThan(60);
    expect(h.engine.service.isAnimated ? await h.engine.service.isAnimated(id, 'A') : true).toBe(true);
  });

  it('serves the same blind form after the reveal', async () => {
    const before = await (await voter.get(`/duels/${id}/A.svg`)).text();
    await h.engine.service.close(id);
    const after = await (await voter.get(`/duels/${id}/A.svg`)).text();
    expect(after).toBe(before);
    noSigil('A.svg after the reveal', after);
  });
});
