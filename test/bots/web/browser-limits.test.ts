/**
 * The per-address limits with real browsers: many fresh Chromium contexts (each its own
 * cookie jar, so each a "new browser") from one address, with the default settings as
 * `loadConfig` parses them. A refused vote or duel shows its reason on the page.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';
import { newClient } from './web-client.js';
import { CHROMIUM, CHROMIUM_ARGS, NO_LIMITS, startHarness, type Harness } from './web-harness.js';

const DEFAULTS = loadConfig({}).web.limits;

describe.skipIf(!existsSync(CHROMIUM))('per-address limits in Chromium', () => {
  let browser: Browser;
  const running: Harness[] = [];
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterEach(async () => {
    while (running.length) await running.pop()!.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function harness(limits = DEFAULTS) {
    const h = await startHarness({ maxOpenPerCommunity: 100, voteWindowMs: 600_000, web: { limits } });
    running.push(h);
    return h;
  }

  /** Run `fn` in `n` fresh browser contexts, a few at a time. */
  async function freshBrowsers<T>(n: number, fn: (page: Page, i: number) => Promise<T>): Promise<T[]> {
    const out: T[] = [];
    for (let start = 0; start < n; start += 5) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(5, n - start) }, async (_, k) => {
          const context = await browser.newContext({ viewport: { width: 800, height: 900 } });
          try {
            return await fn(await context.newPage(), start + k);
          } finally {
            await context.close();
          }
        }),
      );
      out.push(...batch);
    }
    return out;
  }

  /** Open the duel, press "A is better", and say what the page showed afterwards. */
  async function tryToVote(page: Page, url: string): Promise<'counted' | string> {
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    const button = page.locator('[data-choice="A"]');
    const error = page.locator('[data-vote-panel] [data-error]');
    if (await button.isDisabled()) return (await error.textContent()) ?? '';
    await button.click();
    await expect.poll(async () => (await button.getAttribute('aria-pressed')) === 'true' || (await error.isVisible()), { timeout: 10_000 }).toBe(true);
    return (await button.getAttribute('aria-pressed')) === 'true' ? 'counted' : ((await error.textContent()) ?? '');
  }

  it('defaults: 30 fresh browsers voting on one duel count 10 votes, and the others are told why', async () => {
    expect(DEFAULTS.votersPerHour).toBe(10);
    const h = await harness();
    const id = await (await newClient(h.web.url)).duel('a heron fishing at dawn');
    const results = await freshBrowsers(30, (page) => tryToVote(page, `${h.web.url}/duels/${id}`));
    // The harness's own client took one voter id.
    expect(results.filter((r) => r === 'counted')).toHaveLength(DEFAULTS.votersPerHour - 1);
    expect((await h.engine.service.votes(id)).size).toBe(DEFAULTS.votersPerHour - 1);
    const refused = results.filter((r) => r !== 'counted');
    expect(refused).toHaveLength(30 - (DEFAULTS.votersPerHour - 1));
    for (const text of refused) expect(text).toMatch(/cannot vote or start a duel: your network already made 10 new voters here in the last hour.*DUEL_WEB_VOTERS_PER_HOUR/);
  }, 240_000);

  it('a vote over DUEL_WEB_VOTES_PER_HOUR is refused with its reason on the page', async () => {
    const h = await harness({ ...NO_LIMITS, votesPerHour: DEFAULTS.votersPerHour });
    const id = await (await newClient(h.web.url)).duel('a fox in the snow');
    const results = await freshBrowsers(14, (page) => tryToVote(page, `${h.web.url}/duels/${id}`));
    expect(results.filter((r) => r === 'counted')).toHaveLength(10);
    expect((await h.engine.service.votes(id)).size).toBe(10);
    for (const text of results.filter((r) => r !== 'counted')) expect(text).toMatch(/^Your vote was not counted: .*DUEL_WEB_VOTES_PER_HOUR/);
  }, 240_000);

  it('defaults: 20 fresh browsers starting duels within a minute start 5', async () => {
    expect(DEFAULTS.duelsPerHour).toBe(5);
    const h = await harness();
    const results = await freshBrowsers(20, async (page, i) => {
      await page.goto(h.web.url, { waitUntil: 'domcontentloaded' });
      await page.fill('textarea[name=prompt]', `a lighthouse number ${i}`);
      const error = page.locator('form [data-error]');
      if (await page.locator('button[data-submit]').isDisabled()) return (await error.textContent()) ?? '';
      await page.click('button[data-submit]');
      await expect.poll(async () => /\/duels\//.test(page.url()) || (await error.isVisible()), { timeout: 15_000 }).toBe(true);
      return /\/duels\//.test(page.url()) ? 'started' : ((await error.textContent()) ?? '');
    });
    expect(results.filter((r) => r === 'started')).toHaveLength(5);
    expect((await h.engine.service.listDuels({ platform: 'web', limit: 50, offset: 0 })).total).toBe(5);
    const refused = results.filter((r) => r !== 'started');
    expect(refused.some((r) => /^The duel was not started: .*DUEL_WEB_DUELS_PER_HOUR/.test(r))).toBe(true);
    for (const text of refused) expect(text).toMatch(/DUEL_WEB_(DUELS|VOTERS)_PER_HOUR/);
  }, 240_000);
});
