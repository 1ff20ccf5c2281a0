/**
 * The arena's model card shows what `duel models` shows (DuelApi.listModels): each provider's
 * offered models as specs to copy, the contenders marked, next to the readiness check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
});

describe('the arena model card', () => {
  it('lists every model the providers offer, as `duel models` does, with the contenders marked', async () => {
    const listed = await h.engine.service.listModels();
    const specs = listed.flatMap((p) => p.models.map((m) => m.spec));
    expect(specs).toEqual(expect.arrayContaining([OLLAMA_SPEC, ANTHROPIC_SPEC]));
    // The list is fetched in the background; the first page may still say it is asking.
    let page = '';
    await expect
      .poll(async () => {
        page = await (await fetch(`${h.web.url}/`)).text();
        return page.includes('data-offered');
      }, { timeout: 15_000 })
      .toBe(true);
    for (const p of listed) expect(page).toContain(`data-provider="${p.provider}"`);
    for (const spec of specs) expect(page).toContain(`<code>${spec}</code>`);
    const contenders = [...page.matchAll(/<li class="contender"><code>([^<]+)<\/code>/g)].map((m) => m[1]).sort();
    expect(contenders).toEqual(listed.flatMap((p) => p.models.filter((m) => m.contender).map((m) => m.spec)).sort());
    expect(contenders).toEqual([OLLAMA_SPEC, ANTHROPIC_SPEC].sort());
    // The readiness list is still there.
    expect(page).toContain('class="status-list"');
  });
});
