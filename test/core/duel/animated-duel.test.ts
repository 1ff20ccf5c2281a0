/**
 * A duel whose drawing animates also gets an animated composite GIF (the real renderer and pool):
 * made after the vote opened (outcome.animation) and stored as image kind 'animated'; a still duel stays PNG only;
 * a GIF over its size budget, or a renderer without animation, leaves the PNG as the image.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDuelService, type DuelSettings } from '../../../src/core/duel/duel-service.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import type { Contender, Renderer } from '../../../src/core/model/types.js';
import { leaderboardChartSvg } from '../../../src/render/leaderboard-chart.js';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';

const STILL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#3355ff"/></svg>';
const SPIN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/><rect x="10" y="45" width="80" height="10" fill="#e33"><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="1s" repeatCount="indefinite"/></rect></svg>';

function contender(spec: string, svg: string): Contender {
  return { spec, label: spec, provider: spec.split(':')[0], draw: async () => ({ text: svg, ms: 5, tokens: { input: 1, output: 1 } }) };
}

let renderer: PoolRenderer;
beforeAll(() => {
  renderer = createRenderer({ poolSize: 2, box: 128 });
});
afterAll(() => renderer?.close());

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function duel(a: string, b: string, settings: Partial<DuelSettings> = {}, using: Renderer = renderer) {
  const dir = mkdtempSync(join(tmpdir(), 'duel-animated-'));
  const store = openSqliteStore(join(dir, 'duels.db'));
  const service = createDuelService({
    store,
    renderer: using,
    contenders: [contender('fake:one', a), contender('fake:two', b)],
    logger: pino({ level: 'silent' }),
    settings: { cooldownMs: 0, ...settings },
    chartSvg: leaderboardChartSvg,
  });
  cleanups.push(async () => {
    await service.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const outcome = await service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:a', prompt: 'a spinning bar' });
  return { outcome, service };
}

describe('animated duels', () => {
  it('make an animated composite GIF beside the PNG and store it', async () => {
    const { outcome, service } = await duel(SPIN, STILL);
    expect(outcome.contest).toBe(true);
    // The vote opened on the PNG; the GIF follows.
    expect(outcome.images.animated).toBeUndefined();
    const gif = (await outcome.animation)!;
    expect(gif.subarray(0, 6).toString()).toBe('GIF89a');
    // The composite's layout at 2/3 scale: 848 px wide.
    expect(gif.readUInt16LE(6)).toBe(848);
    expect(await service.image(outcome.duel.id, 'animated')).toEqual(gif);
    expect(outcome.images.composite.readUInt32BE(0)).toBe(0x89504e47);
  }, 120_000);

  it('keep a still duel PNG only', async () => {
    const { outcome, service } = await duel(STILL, STILL);
    expect(outcome.animation).toBeUndefined();
    expect(await service.image(outcome.duel.id, 'animated')).toBeUndefined();
  }, 60_000);

  it('fall back to the PNG when the GIF is over its size budget, or GIFs are off', async () => {
    const big = await duel(SPIN, STILL, { gifMaxBytes: 1000 });
    expect(big.outcome.contest).toBe(true);
    expect(await big.outcome.animation).toBeUndefined();
    expect(await big.service.image(big.outcome.duel.id, 'animated')).toBeUndefined();
    const off = await duel(SPIN, STILL, { gifTimeoutMs: 0 });
    expect(off.outcome.animation).toBeUndefined();
  }, 120_000);

  it('fall back to the PNG when the renderer has no animation', async () => {
    const plain: Renderer = {
      extract: (t) => renderer.extract(t),
      render: (svg, o) => renderer.render(svg, o),
      composite: (input) => renderer.composite(input),
      renderTrusted: (svg) => renderer.renderTrusted(svg),
      close: async () => {},
    };
    const { outcome } = await duel(SPIN, STILL, {}, plain);
    expect(outcome.contest).toBe(true);
    expect(outcome.animation).toBeUndefined();
  }, 60_000);
});

describe('DUEL_GIF_TIMEOUT', () => {
  it('sets the GIF budget, 0 turns GIFs off, and a bad value names the variable', async () => {
    const { loadConfig } = await import('../../../src/core/config/config.js');
    expect(loadConfig({}).duel.gifTimeoutMs).toBe(60_000);
    expect(loadConfig({ DUEL_GIF_TIMEOUT: '30s' }).duel.gifTimeoutMs).toBe(30_000);
    expect(loadConfig({ DUEL_GIF_TIMEOUT: '0s' }).duel.gifTimeoutMs).toBe(0);
    expect(() => loadConfig({ DUEL_GIF_TIMEOUT: 'soon' })).toThrow(/DUEL_GIF_TIMEOUT/);
  });
});
