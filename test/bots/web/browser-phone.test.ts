/**
 * The arena on a phone (390 px wide) in real Chromium: the two drawings are large enough to
 * judge (stacked, not ~160 px side by side), and an error naming a setting keeps the name on
 * one line (it used to break as `ANTHROPIC_API _KEY`).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { CHROMIUM, CHROMIUM_ARGS, startHarness, type Harness } from './web-harness.js';

describe.skipIf(!existsSync(CHROMIUM))('the arena on a phone', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    h = await startHarness({ voteWindowMs: 600_000 });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it('stacks the drawings at a usable size and keeps a setting name in an error on one line', async () => {
    const client = await newClient(h.web.url);
    const open = await client.duel('a pelican on a phone');
    h.engine.anthropic.setBehaviour({ status: 401, errorMessage: 'invalid x-api-key' });
    const failed = await client.duel('a pelican with a bad key');
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();

    await page.goto(`${h.web.url}/duels/${open}`);
    const widths = await page.$$eval('img.drawing', (imgs) => imgs.map((i) => i.getBoundingClientRect().width));
    expect(widths).toHaveLength(2);
    for (const w of widths) expect(w).toBeGreaterThan(300);

    await page.goto(`${h.web.url}/duels/${failed}`);
    // How many lines the setting name spans in the error box (run in the page, hence a string).
    const lines = await page.evaluate(`(() => {
      const el = document.querySelector('.side-error');
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.textContent.indexOf('ANTHROPIC_API_KEY');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + 'ANTHROPIC_API_KEY'.length);
        return new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
      }
      return 0;
    })()`);
    expect(lines).toBe(1);
    await context.close();
  }, 180_000);
});
