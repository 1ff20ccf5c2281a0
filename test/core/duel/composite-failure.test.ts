/**
 * A side-by-side image that fails (here: a real renderer whose time limit is 1 ms, so the real
 * pool kills the render) is an error for that duel, never a crash: the duel ends no contest, the
 * words name the side-by-side image rather than "the drawing", and a plain image stands in for it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createDuelService } from '../../../src/core/duel/duel-service.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import type { CompositeInput, Contender, Renderer } from '../../../src/core/model/types.js';
import { leaderboardChartSvg } from '../../../src/render/leaderboard-chart.js';
import { createRenderer } from '../../../src/render/renderer.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#ff0000"/></svg>';

function contender(spec: string): Contender {
  return { spec, label: spec, provider: spec.split(':')[0], draw: async () => ({ text: SVG, ms: 5, tokens: { input: 1, output: 1 } }) };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Real renderers: drawings through a normal one; the composite through one whose time limit no render can meet. */
function renderers(plainNoticeWorks: boolean): Renderer {
  const good = createRenderer({ poolSize: 1, box: 64 });
  const slow = createRenderer({ poolSize: 1, timeoutMs: 1 });
  cleanups.push(() => good.close(), () => slow.close());
  return {
    extract: (t) => good.extract(t),
    render: (svg, o) => good.render(svg, o),
    composite: (input: CompositeInput) => (input.notice && plainNoticeWorks ? good : slow).composite(input),
    renderTrusted: (svg) => good.renderTrusted(svg),
    close: async () => {},
  };
}

async function duelWith(renderer: Renderer) {
  const dir = mkdtempSync(join(tmpdir(), 'duel-composite-fail-'));
  const store = openSqliteStore(join(dir, 'duels.db'));
  const service = createDuelService({
    store,
    renderer,
    contenders: [contender('fake:one'), contender('fake:two')],
    logger: pino({ level: 'silent' }),
    settings: { cooldownMs: 0 },
    chartSvg: leaderboardChartSvg,
  });
  cleanups.push(async () => {
    await service.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const outcome = await service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:a', prompt: 'a red square' });
  return { outcome, service };
}

describe('a side-by-side image that fails', () => {
  it('ends the duel as no contest with words about the image, and a plain image stands in', async () => {
    const { outcome, service } = await duelWith(renderers(true));
    expect(outcome.contest).toBe(false);
    expect(outcome.duel.status).toBe('no-contest');
    expect(outcome.error).toMatch(/^the side-by-side image took too long to render \(over 0\.001 s, DUEL_RENDER_TIMEOUT\)/);
    expect(outcome.error).not.toMatch(/drawing/);
    // Both drawings were fine and are kept.
    expect(outcome.entries.A.ok && outcome.entries.B.ok).toBe(true);
    expect(outcome.images.A?.length).toBeGreaterThan(0);
    // The stand-in is a real PNG and is stored, so the gallery has a picture to show.
    expect(outcome.images.composite.readUInt32BE(0)).toBe(0x89504e47);
    expect(await service.image(outcome.duel.id, 'composite')).toEqual(outcome.images.composite);
  });

  it('never throws even when the plain image fails too', async () => {
    const { outcome, service } = await duelWith(renderers(false));
    expect(outcome.contest).toBe(false);
    expect(outcome.duel.status).toBe('no-contest');
    expect(outcome.error).toMatch(/side-by-side image/);
    expect(await service.image(outcome.duel.id, 'composite')).toBeUndefined();
    expect(await service.image(outcome.duel.id, 'A')).toBeDefined();
  });
});
