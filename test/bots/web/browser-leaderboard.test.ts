/**
 * The leaderboard in real Chromium at 1280 and 390 px wide, with a realistic board (eight models,
 * style control, metrics, categories, the visitor's own board): the ranking needs no sideways
 * scrolling on a phone, no text is under 12 px there, and the page raises no error. Screenshots go
 * to DUEL_SHOTS_DIR (default: the temp directory) as web-leaderboard-*.png, to be looked at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { startBoardServer, voterIdOf, type BoardServer } from './board-server.js';
import { CHROMIUM, CHROMIUM_ARGS } from './web-harness.js';

const SHOTS = process.env.DUEL_SHOTS_DIR ?? tmpdir();

/** Layout facts measured in the page (run there, hence a string). */
const MEASURE = `(() => {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const small = [];
  for (const el of document.querySelectorAll('main *')) {
    const text = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (text && visible(el) && size < 12) small.push(el.tagName + '.' + el.className + ' ' + size + 'px: ' + el.textContent.trim().slice(0, 30));
  }
  const wrap = document.querySelector('table.board:not(.your)').parentElement;
  return {
    pageWidth: document.documentElement.scrollWidth,
    boardScrolls: wrap.scrollWidth > wrap.clientWidth,
    small,
    columns: Array.from(document.querySelectorAll('table.board:not(.your) thead th')).filter(visible).map((th) => th.innerText.replace(/\\s+/g, ' ').trim().toLowerCase()),
  };
})()`;

/** The whole page, and the same in slices of at most 1200 px (a full phone page is too tall to look at in one image). */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  const { width, height } = (await page.evaluate('({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight })')) as { width: number; height: number };
  for (let y = 0, k = 1; y < height; y += 1200, k++) {
    await page.screenshot({ path: join(SHOTS, 'parts', `${name}-${k}.png`), fullPage: true, clip: { x: 0, y, width, height: Math.min(1200, height - y) } });
  }
}

describe.skipIf(!existsSync(CHROMIUM))('the leaderboard in Chromium', () => {
  let s: BoardServer;
  let browser: Browser;
  let cookie: string;
  beforeAll(async () => {
    s = await startBoardServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    cookie = (await newClient(s.url)).cookie;
    s.votes.set(`web:${voterIdOf(cookie)}`, 14);
    mkdirSync(join(SHOTS, 'parts'), { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function open(width: number, path: string): Promise<{ page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const [name, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: s.url }]);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(`${s.url}${path}`);
    // The chart is drawn on request: wait for it, so the screenshot shows it.
    await expect.poll(() => page.$eval('img.chart', (i: any) => i.complete && i.naturalWidth > 0), { timeout: 30_000 }).toBe(true);
    return { page, errors };
  }

  it('at 1280 px shows every column, the panel, your board and the metrics', async () => {
    const { page, errors } = await open(1280, '/leaderboard?scope=web');
    await shoot(page, 'web-leaderboard-1280');
    const m = (await page.evaluate(MEASURE)) as any;
    expect(m.columns).toEqual(['rank', 'model', 'rating 95 % interval', 'style held equal rank · change', 'battles', 'w / l / t', 'both bad', 'win rate', 'online elo order-dependent']);
    expect(m.boardScrolls).toBe(false);
    expect(m.small).toEqual([]);
    expect(await page.locator('.style-panel li.feature').count()).toBe(5);
    expect(await page.locator('#your-board table.your tbody tr').count()).toBe(8);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('at 390 px keeps the ranking within the screen and all text at 12 px or more', async () => {
    for (const [name, path] of [
      ['web-leaderboard-390', '/leaderboard?scope=web'],
      ['web-leaderboard-390-animals-style', '/leaderboard?scope=web&category=animals&control=style'],
    ] as const) {
      const { page, errors } = await open(390, path);
      await shoot(page, name);
      const m = (await page.evaluate(MEASURE)) as any;
      expect(m.pageWidth).toBeLessThanOrEqual(390);
      expect(m.boardScrolls).toBe(false);
      expect(m.small).toEqual([]);
      expect(m.columns).toEqual(['#', 'model', 'rating 95 % interval', 'style held equal rank · change']);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  }, 180_000);

  it('fits the ranking without sideways scrolling at the widths between (700, 920 and 1100 px)', async () => {
    for (const width of [700, 920, 1100]) {
      const { page } = await open(width, '/leaderboard?scope=web');
      await page.screenshot({ path: join(SHOTS, 'parts', `web-leaderboard-${width}-top.png`) });
      const m = (await page.evaluate(MEASURE)) as any;
      expect({ width, scrolls: m.boardScrolls, page: m.pageWidth <= width }).toEqual({ width, scrolls: false, page: true });
      await page.context().close();
    }
  }, 180_000);
});
