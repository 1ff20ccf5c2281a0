/**
 * The arena in a real headless Chromium (playwright-core) against the real engine with fake
 * model servers: start a duel, watch it draw, vote, reveal, and find it in the gallery and on
 * the leaderboard. The model replies wait on a gate, so the live progress is seen for sure.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { CHROMIUM, CHROMIUM_ARGS, startHarness, type Harness } from './web-harness.js';

describe.skipIf(!existsSync(CHROMIUM))('the web arena in Chromium', () => {
  let h: Harness;
  let browser: Browser;
  let pageErrors: string[];

  // Generous limits per test: a shared 2-core machine makes each fresh browser context take seconds.
  beforeAll(async () => {
    // Held drawings must outlive a slow machine: the queue test holds three duels while it opens four browsers.
    h = await startHarness({ held: true, voteWindowMs: 600_000, env: { DUEL_IDLE_TIMEOUT: '120s', DUEL_TIMEOUT: '180s' } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function newPage(viewport = { width: 1200, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    pageErrors = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A CSP violation or a failed script shows up as a console error.
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    return page;
  }

  it('runs a duel from prompt to reveal, then shows it in the gallery and on the leaderboard', async () => {
    const page = await newPage();
    await page.goto(h.web.url);
    await expect.poll(() => page.locator('.status-list li.ok').count(), { timeout: 10_000 }).toBe(2);

    const prompt = 'a pelican riding a bicycle';
    await page.fill('textarea[name=prompt]', prompt);
    await page.click('button[data-submit]');
    await page.waitForURL(/\/duels\/[A-Za-z0-9_-]+$/);
    const id = page.url().split('/').pop()!;

    // Live progress over server-sent events while the models are held: one panel for the duel,
    // and the same blank frame on both sides (nothing per side until the reveal).
    const live = page.locator('[data-live]');
    await expect.poll(() => live.getAttribute('data-state'), { timeout: 10_000 }).toMatch(/^(waiting|drawing)$/);
    await expect.poll(() => live.locator('[data-live-elapsed]').textContent(), { timeout: 10_000 }).toMatch(/^\d+ s$/);
    expect(await live.locator('[data-live-headline]').textContent()).toBe('Both models are drawing');
    expect(await page.locator('.side[data-side="A"] .placeholder').innerHTML()).toBe('<span>A</span>');
    expect(await page.locator('.side[data-side="B"] .placeholder').innerHTML()).toBe('<span>B</span>');
    expect(await page.locator('h1.prompt').textContent()).toBe(prompt);
    await page.screenshot({ path: '/tmp/web-test-progress.png' });

    h.release();
    // The page reloads itself when the drawings are ready.
    await page.waitForSelector('img.drawing[alt="Drawing B"]', { timeout: 20_000 });
    await expect
      .poll(() => page.$$eval('img.drawing', (imgs) => imgs.map((i: any) => i.complete && i.naturalWidth > 0)), { timeout: 15_000 })
      .toEqual([true, true]);
    expect(await page.locator('.side-label').count()).toBe(0);

    await page.click('[data-choice="B"]');
    await expect.poll(() => page.locator('[data-choice="B"]').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.locator('[data-vote-status]').textContent()).toContain('You voted: B is better');
    expect((await h.engine.service.votes(id)).size).toBe(1);
    // The count is worded by the server: "1 vote so far", never "1 votes" (nor "2 vote" later).
    await expect.poll(() => page.locator('[data-vote-panel] p.muted').first().textContent()).toMatch(/^1 vote so far/);
    await page.screenshot({ path: '/tmp/web-test-open.png' });
    // Another voter agrees: the author's own vote is left out of the ratings when they close early.
    const other = await newClient(h.web.url);
    expect((await other.post(`/api/duels/${id}/vote`, { choice: 'B' })).status).toBe(200);

    await page.click('[data-close]');
    await page.waitForSelector('[data-reveal]');
    const reveal = (await h.engine.service.getReveal(id))!;
    expect(await page.locator('.winner-line').textContent()).toBe(`${reveal.sides.B.label} (B) wins.`);
    expect(await page.locator('.side[data-side="A"] .side-label').textContent()).toBe(reveal.sides.A.label);
    expect(await page.locator('a.download').count()).toBe(2);
    await page.screenshot({ path: '/tmp/web-test-reveal.png', fullPage: true });

    await page.click('nav a[href="/gallery"]');
    const card = page.locator(`.card a[href="/duels/${id}"]`);
    expect(await card.locator('.card-prompt').textContent()).toBe(prompt);
    expect(await page.locator('.card-outcome').first().textContent()).toContain(`${reveal.sides.B.label} won`);

    await page.click('nav a[href="/leaderboard"]');
    expect(await page.locator('.lede').textContent()).toContain('1 battle');
    expect(await page.locator('.board-notes .note-author-early').textContent()).toBe('1 vote by authors on their own duels closed early left out.');
    const rows = page.locator('table.board tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().locator('.model').textContent()).toBe(reveal.sides.B.label);
    // The chart PNG is rendered on request: wait for it to load rather than sample it once.
    await expect.poll(() => page.$eval('img.chart', (i: any) => i.complete && i.naturalWidth > 0), { timeout: 15_000 }).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('keeps a prompt with <script> as text', async () => {
    const page = await newPage({ width: 390, height: 844 });
    await page.goto(h.web.url);
    const evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">';
    await page.fill('textarea[name=prompt]', evil);
    await page.click('button[data-submit]');
    await page.waitForSelector('img.drawing', { timeout: 20_000 });
    expect(await page.locator('h1.prompt').textContent()).toBe(evil);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    // The gallery's pages are served from memory for a moment (WEB_DEFAULTS.listCacheMs): reload until the new duel is listed.
    await expect
      .poll(async () => {
        await page.goto(`${h.web.url}/gallery`);
        return page.locator('.card-prompt').first().textContent();
      }, { timeout: 15_000 })
      .toBe(evil);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    await page.screenshot({ path: '/tmp/web-test-mobile-gallery.png', fullPage: true });
  }, 180_000);

  it('shows a cooldown or queue rejection on the arena page', async () => {
    // Fill the web queue: three held duels from three other browsers.
    h.hold();
    const starters = await Promise.all([0, 1, 2].map(() => newPage()));
    for (const p of starters) {
      await p.goto(h.web.url);
      await p.fill('textarea[name=prompt]', 'a queue filler');
      await p.click('button[data-submit]');
      await p.waitForURL(/\/duels\//);
    }
    const page = await newPage();
    await page.goto(h.web.url);
    await page.fill('textarea[name=prompt]', 'one too many');
    await page.click('button[data-submit]');
    const error = page.locator('form [data-error]');
    await expect.poll(() => error.isVisible(), { timeout: 20_000 }).toBe(true);
    expect(await error.textContent()).toMatch(/being drawn here already/);
    expect(page.url()).toBe(`${h.web.url}/`);
    h.release();
  }, 180_000);
});
