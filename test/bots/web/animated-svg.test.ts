/**
 * An animated drawing in the web arena: shown as the sanitized SVG through `<img src=".svg">`
 * (never inline), with its own strict CSP and nosniff, while a still drawing stays a PNG; played
 * live only when the server measured its frames as cheap (DUEL_WEB_LIVE_FRAME_MS), else shown as
 * its PNG with the reason in a tooltip and the animated composite GIF beside. The
 * model's reply also carries a `<script>`, `on*` handlers and an external image that would call
 * back to a beacon server here: in Chromium nothing of it runs and the beacon hears nothing.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Side } from '../../../src/core/model/types.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';
import { CHROMIUM, CHROMIUM_ARGS, startHarness, type Harness } from './web-harness.js';

let h: Harness;
let beacon: Server;
let beaconUrl: string;
const beaconHits: string[] = [];
let id: string;
let moving: Side;
let still: Side;

/** A spinning sun (SMIL) plus every way a reply could try to run something or phone home. */
function hostileAnimatedSvg(url: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 400" width="400" height="400" onload="window.pwned='onload';fetch('${url}/onload')">
  <script>window.pwned = 'script'; fetch('${url}/script');</script>
  <rect width="400" height="400" fill="#bde0fe"/>
  <circle cx="200" cy="200" r="60" fill="#ffd166" onclick="fetch('${url}/click')" onmouseover="window.pwned='hover'">
    <animate attributeName="r" values="40;80;40" dur="2s" repeatCount="indefinite"/>
  </circle>
  <rect x="180" y="60" width="40" height="20" fill="#e07a5f">
    <animateTransform attributeName="transform" type="rotate" from="0 200 200" to="360 200 200" dur="3s" repeatCount="indefinite"/>
  </rect>
  <image href="${url}/image.png" x="0" y="0" width="10" height="10"/>
  <a href="javascript:fetch('${url}/link')"><text x="20" y="380">hi</text></a>
</svg>`;
}

beforeAll(async () => {
  beacon = createServer((req, res) => {
    beaconHits.push(req.url ?? '');
    res.end('');
  });
  await new Promise<void>((r) => beacon.listen(0, '127.0.0.1', r));
  beaconUrl = `http://127.0.0.1:${(beacon.address() as AddressInfo).port}`;
  h = await startHarness({
    voteWindowMs: 600_000,
    ollamaBehaviour: { text: `Here is an animated sun:\n${hostileAnimatedSvg(beaconUrl)}` },
    anthropicBehaviour: { text: `\`\`\`svg\n${pelicanSvg('#3d5a80')}\n\`\`\`` },
  });
  const outcome = await h.engine.service.startDuel({ platform: 'web', community: 'web', channel: 'arena', author: 'web:animtest', prompt: 'a spinning sun' });
  expect(outcome.contest).toBe(true);
  id = outcome.duel.id;
  moving = await h.engine.service.isAnimated(id, 'A') ? 'A' : 'B';
  still = moving === 'A' ? 'B' : 'A';
  expect(await outcome.animation).toBeDefined();
  // The frames as the server measured them: cheap, so the page may play the drawing live.
  await h.engine.engine.store.setFrameMs(id, CHEAP_FRAME_MS);
}, 120_000);

const CHEAP_FRAME_MS = 2;
afterAll(async () => {
  await h?.close();
  await new Promise((r) => beacon?.close(r));
});

describe('an animated drawing over HTTP', () => {
  it('knows which side animates (by the renderer rule) and keeps the animation through the sanitizer', async () => {
    expect(await h.engine.service.isAnimated(id, moving)).toBe(true);
    expect(await h.engine.service.isAnimated(id, still)).toBe(false);
    expect(await h.engine.service.isAnimated(id)).toBe(true);
    const svg = (await h.engine.service.getEntries(id))![moving].svg!;
    expect(svg).toContain('<animate');
    expect(svg).not.toMatch(/<script|\son[a-z]+=|javascript:|127\.0\.0\.1/i);
  });

  it('serves the sanitized SVG as an image with its own strict CSP and nosniff, while the duel is open', async () => {
    expect((await h.engine.service.getDuel(id))!.status).toBe('open');
    const res = await fetch(`${h.web.url}/duels/${id}/${moving}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'none'", "style-src 'unsafe-inline'", 'img-src data:', 'sandbox']) expect(csp).toContain(d);
    expect(csp).not.toMatch(/script-src|'self'/);
    expect(res.headers.get('content-disposition')).toBeNull();
    const body = await res.text();
    expect(body).toBe((await h.engine.service.getEntries(id))![moving].svg);
    expect(body).toContain('<animate');
    expect(body).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('shows the animated side as <img src=".svg"> and the still side as a PNG, never inline; the gallery marks it', async () => {
    const page = await (await fetch(`${h.web.url}/duels/${id}`)).text();
    expect(page).toContain(`<img class="drawing drawing-animated" src="/duels/${id}/${moving}.svg"`);
    expect(page).toContain(`src="/duels/${id}/${still}.png"`);
    expect(page).not.toContain(`src="/duels/${id}/${still}.svg"`);
    expect(page).not.toMatch(/<svg|<animate/);
    const gallery = await (await fetch(`${h.web.url}/gallery`)).text();
    const card = gallery.slice(gallery.indexOf(`href="/duels/${id}"`));
    expect(card.slice(0, card.indexOf('</li>'))).toContain('badge-animated');
  });

  it('shows a drawing whose frames are costly, or not measured, as its PNG with the reason, and the GIF beside', async () => {
    const store = h.engine.engine.store;
    try {
      await store.setFrameMs(id, 400);
      const costly = await (await fetch(`${h.web.url}/duels/${id}`)).text();
      expect(costly).not.toContain(`src="/duels/${id}/${moving}.svg"`);
      const img = costly.slice(costly.indexOf(`src="/duels/${id}/${moving}.png"`));
      expect(img.slice(0, img.indexOf('>'))).toMatch(/title="This drawing moves, but each frame took the server 400 ms to draw \(more than \d+ ms, DUEL_WEB_LIVE_FRAME_MS\)/);
      expect(costly).toContain(`<img src="/duels/${id}/animated.gif"`);
      const gif = await fetch(`${h.web.url}/duels/${id}/animated.gif`);
      expect(gif.headers.get('content-type')).toBe('image/gif');
      expect(Buffer.from(await gif.arrayBuffer()).subarray(0, 6).toString()).toBe('GIF89a');
      // The still side never gets a tooltip.
      const stillImg = costly.slice(costly.indexOf(`src="/duels/${id}/${still}.png"`));
      expect(stillImg.slice(0, stillImg.indexOf('>'))).not.toContain('title=');
    } finally {
      await store.setFrameMs(id, CHEAP_FRAME_MS);
    }
    const live = await (await fetch(`${h.web.url}/duels/${id}`)).text();
    expect(live).toContain(`src="/duels/${id}/${moving}.svg"`);
    expect(live).not.toContain('animated.gif');
  });

  it('serves the SVG exactly when the PNG is served: not for a side with no picture or an unknown file', async () => {
    expect((await fetch(`${h.web.url}/duels/${id}/composite.svg`)).status).toBe(404);
    expect((await fetch(`${h.web.url}/duels/${id}/C.svg`)).status).toBe(404);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('an animated drawing in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plays it as an image and runs nothing from it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    const svgRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('.svg')) svgRequests.push(r.url());
    });
    await page.goto(`${h.web.url}/duels/${id}`);
    const img = page.locator(`.side[data-side="${moving}"] img.drawing`);
    expect(await img.getAttribute('src')).toBe(`/duels/${id}/${moving}.svg`);
    await expect.poll(() => img.evaluate((i: any) => i.complete && i.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    await img.hover();
    await img.click();
    expect(await page.locator(`.side[data-side="${still}"] img.drawing`).getAttribute('src')).toBe(`/duels/${id}/${still}.png`);
    expect(svgRequests).toEqual([`${h.web.url}/duels/${id}/${moving}.svg`]);

    // It moves: two screenshots of the image some time apart differ.
    const first = await img.screenshot();
    await expect.poll(async () => Buffer.compare(first, await img.screenshot()) !== 0, { timeout: 10_000 }).toBe(true);

    // Opened on its own, the SVG is a document: its CSP still keeps every script and request out.
    const direct = await (await browser.newContext()).newPage();
    await direct.goto(`${h.web.url}/duels/${id}/${moving}.svg`);
    await direct.mouse.click(200, 200);

    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(await direct.evaluate('window.pwned').catch(() => undefined)).toBeUndefined();
    expect(beaconHits).toEqual([]);
  }, 120_000);
});
