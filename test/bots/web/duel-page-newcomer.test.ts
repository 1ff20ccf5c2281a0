/**
 * What a newcomer missed on a duel page, against the real server and engine: link previews (Open
 * Graph, the blind composite while open), the next open duel and a copy-link button after the
 * reveal, "in the command line" for a CLI duel; and in Chromium: the start form counts characters
 * as the server does and says when a paste is too long, and a long prompt leaves the drawings in view.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { newClient, type Client } from './web-client.js';
import { CHROMIUM, CHROMIUM_ARGS, startHarness, type Harness } from './web-harness.js';

let h: Harness;
let base: string;
let client: Client;

beforeAll(async () => {
  h = await startHarness({ voteWindowMs: 600_000 });
  base = h.web.url;
  client = await newClient(base);
});
afterAll(async () => {
  await h?.close();
});

function meta(page: string, property: string): string | undefined {
  return new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(page)?.[1];
}

describe('link previews', () => {
  it('an open duel page carries og:title, og:url and og:image = its blind composite, at absolute URLs', async () => {
    const id = await client.duel('a heron <fishing> & "waiting"');
    const page = await (await client.get(`/duels/${id}`)).text();
    expect(meta(page, 'og:title')).toBe('“a heron &lt;fishing&gt; &amp; &quot;waiting&quot;”: which drawing is better?');
    expect(meta(page, 'og:url')).toBe(`${base}/duels/${id}`);
    expect(meta(page, 'og:image')).toBe(`${base}/duels/${id}/composite.png`);
    expect(meta(page, 'twitter:card')).toBe('summary_large_image');
    const image = await fetch(meta(page, 'og:image')!);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals((await h.engine.service.image(id, 'composite'))!)).toBe(true);
    const head = page.slice(0, page.indexOf('</head>')).toLowerCase();
    for (const secret of [OLLAMA_SPEC, ANTHROPIC_SPEC, 'qwen', 'claude']) expect(head).not.toContain(secret.toLowerCase());
  });

  it('ignores X-Forwarded-Proto from a proxy it was not told to trust', async () => {
    const id = await client.duel('a kingfisher');
    const page = await (await client.get(`/duels/${id}`, { 'x-forwarded-proto': 'https' })).text();
    expect(meta(page, 'og:image')).toBe(`${base}/duels/${id}/composite.png`);
    expect(base.startsWith('http://')).toBe(true);
  });
});

describe('after the reveal', () => {
  it('links to the next open duel and offers to copy this one; with none open, to a new duel', async () => {
    // Only the duels of this test are open: the next one is the other.
    for (const d of await h.engine.service.openDuels('web')) await client.post(`/api/duels/${d.id}/close`, {});
    const other = await client.duel('an owl at night');
    const done = await client.duel('a crane in the snow');
    expect((await client.post(`/api/duels/${done}/close`, {})).status).toBe(200);
    const page = await (await client.get(`/duels/${done}`)).text();
    expect(page).toMatch(new RegExp(`<a class="next-link primary-link" href="/duels/${other}" data-next-duel>Next open duel →</a>`));
    expect(page).toContain(`data-copy-link="/duels/${done}"`);
    // Close every other open duel: the page then offers to start one.
    for (const d of await h.engine.service.openDuels('web')) await client.post(`/api/duels/${d.id}/close`, {});
    const alone = await (await client.get(`/duels/${done}`)).text();
    expect(alone).not.toContain('data-next-duel');
    expect(alone).toContain('No other duel is open: start one →');
  });

  it('an open duel page has no next link yet (vote here first)', async () => {
    const id = await client.duel('a stork on a chimney');
    const page = await (await client.get(`/duels/${id}`)).text();
    expect(page).not.toContain('data-next-duel');
    expect(page).not.toContain('data-copy-link');
  });

  it('a duel started in the terminal is voted on "in the command line"', async () => {
    const { duel } = await h.engine.service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:newcomer', prompt: 'a puffin' });
    const page = await (await client.get(`/duels/${duel.id}`)).text();
    expect(page).toContain('This duel is being voted on in the command line, where it was posted.');
  });
});

describe.skipIf(!existsSync(CHROMIUM))('in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, viewport: { width: number; height: number }): Promise<{ page: Page; errors: string[] }> {
    const page = await (await browser.newContext({ viewport })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}${path}`);
    return { page, errors };
  }

  it('counts characters as the server does: 260 cats are 260 and can be sent; 600 pasted characters are refused in words', async () => {
    const { page, errors } = await open('/', { width: 1280, height: 900 });
    await page.fill('textarea[name=prompt]', '🐱'.repeat(260));
    expect(await page.locator('[data-count]').textContent()).toBe('260');
    expect(await page.locator('textarea[name=prompt]').inputValue()).toBe('🐱'.repeat(260));
    expect(await page.locator('button[data-submit]').isDisabled()).toBe(false);
    await page.fill('textarea[name=prompt]', 'x'.repeat(600));
    expect(await page.locator('[data-count]').textContent()).toBe('600');
    expect(await page.locator('[data-error]').textContent()).toBe('The prompt is 600 characters long; the limit is 500. Shorten it to start the duel.');
    expect(await page.locator('button[data-submit]').isDisabled()).toBe(true);
    await page.fill('textarea[name=prompt]', 'a pelican');
    expect(await page.locator('[data-error]').isHidden()).toBe(true);
    expect(await page.locator('button[data-submit]').isDisabled()).toBe(false);
    // And the server takes the 260 cats the page let through.
    await page.fill('textarea[name=prompt]', '🐱'.repeat(260));
    await page.click('button[data-submit]');
    await page.waitForURL(/\/duels\/[a-z0-9]+$/);
    expect(await page.locator('h1.prompt').textContent()).toBe('🐱'.repeat(260));
    expect(errors).toEqual([]);
  });

  it('clamps a 500-character prompt so both drawings start on the first screen, and expands it on request', async () => {
    const prompt = 'a heron standing in a reed bed at dawn, mist over the water, a fish in its beak, '.repeat(6).slice(0, 499) + '.';
    const id = await client.duel(prompt);
    for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
      const { page, errors } = await open(`/duels/${id}`, viewport);
      const drawing = await page.locator('.side[data-side="A"] img.drawing').boundingBox();
      expect(drawing!.y, `width ${viewport.width}`).toBeLessThan(viewport.height);
      const expand = page.locator('[data-expand]');
      expect(await expand.isVisible()).toBe(true);
      const clamped = (await page.locator('h1.prompt').boundingBox())!.height;
      await expand.click();
      expect((await page.locator('h1.prompt').boundingBox())!.height).toBeGreaterThan(clamped * 2);
      expect(await expand.getAttribute('aria-expanded')).toBe('true');
      expect(await page.locator('h1.prompt').textContent()).toBe(prompt);
      expect(errors).toEqual([]);
    }
  });

  it('a short prompt gets no expander', async () => {
    const id = await client.duel('a tern');
    const { page } = await open(`/duels/${id}`, { width: 1280, height: 800 });
    expect(await page.locator('[data-expand]').isHidden()).toBe(true);
  });
});
