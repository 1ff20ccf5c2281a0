/** The arena's prompt box counts to the engine's own limit (not a copy of the default). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arenaBody } from '../../../src/bots/web/views/arena.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('the prompt limit on the arena page', () => {
  it('is the one the engine admits by', async () => {
    const page = await (await fetch(`${h.web.url}/`)).text();
    const limit = h.engine.service.promptMaxChars();
    expect(page).toContain(`data-max="${limit}"`);
    expect(page).toContain(`/${limit}</span>`);
  });

  it('follows whatever limit it is given', () => {
    const page = String(arenaBody({ contenders: [], status: [], recent: [], promptMax: 42 }));
    expect(page).toContain('data-max="42"');
    expect(page).toContain('/42</span>');
  });
});
