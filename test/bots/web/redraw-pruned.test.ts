/**
 * A closed duel whose pictures DUEL_KEEP_IMAGES pruned: the web arena draws each one again from the
 * stored SVG when it is asked for (the real engine and sandboxed renderer), serves it with status
 * 200, and stores it again; the duel page still shows the drawings.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from '../../../src/bots/web/index.js';
import { createImageRedraw } from '../../../src/core/duel/redraw-images.js';
import { createTestEngine, type TestEngine } from '../../helpers/engine.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';
import { NO_LIMITS } from './web-harness.js';

const SUN = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">
  <rect width="100" height="100" fill="#bde0fe"/>
  <circle cx="50" cy="50" r="20" fill="#ffd166"><animate attributeName="r" values="10;30;10" dur="2s" repeatCount="indefinite"/></circle>
</svg>`;

let t: TestEngine;
let web: WebServer;
const stopping = new AbortController();
let id: string;

const PNG = [0x89, 0x50, 0x4e, 0x47];

beforeAll(async () => {
  t = await createTestEngine({
    voteWindowMs: 600_000,
    ollamaBehaviour: { text: `Here is a sun:\n${SUN}` },
    anthropicBehaviour: { text: `\`\`\`svg\n${pelicanSvg('#3d5a80')}\n\`\`\`` },
  });
  const logger = pino({ level: 'silent' });
  const images = createImageRedraw({ store: t.engine.store, renderer: t.engine.renderer, logger, settings: t.config.duel, shutdown: stopping.signal, now: () => t.service.now() });
  web = await startWebServer({ service: t.service, store: t.engine.store, config: { port: 0, host: '127.0.0.1', limits: NO_LIMITS }, logger, images });
  const outcome = await t.service.startDuel({ platform: 'web', community: 'web', channel: 'arena', author: 'web:redraw', prompt: 'a sun and a pelican' });
  expect(outcome.contest).toBe(true);
  expect(await outcome.animation).toBeDefined();
  id = outcome.duel.id;
  await t.service.close(id);
  // As the daily prune does once the duel is older than DUEL_KEEP_IMAGES.
  const pruned = await t.engine.store.pruneImages(Number.MAX_SAFE_INTEGER, 100);
  expect(pruned.images).toBe(4);
  expect(await t.engine.store.imageKinds(id)).toEqual([]);
});

afterAll(async () => {
  stopping.abort();
  await web?.stop();
  await t?.close();
});

describe('pruned pictures', () => {
  it('are drawn again when asked for: a side PNG, 200 with a PNG body, stored again', async () => {
    const res = await fetch(`${web.url}/duels/${id}/A.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const body = new Uint8Array(await res.arrayBuffer());
    expect([...body.subarray(0, 4)]).toEqual(PNG);
    expect(await t.engine.store.imageKinds(id)).toContain('A');
    expect(Buffer.compare(Buffer.from(body), (await t.engine.store.image(id, 'A'))!)).toBe(0);
  });

  it('draw the composite once for requests at the same time', async () => {
    const [one, two] = await Promise.all([fetch(`${web.url}/duels/${id}/composite.png`), fetch(`${web.url}/duels/${id}/composite.png`)]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const [a, b] = [Buffer.from(await one.arrayBuffer()), Buffer.from(await two.arrayBuffer())];
    expect([...a.subarray(0, 4)]).toEqual(PNG);
    expect(Buffer.compare(a, b)).toBe(0);
    expect(await t.engine.store.imageKinds(id)).toEqual(expect.arrayContaining(['A', 'B', 'composite']));
  });

  it('make the animated composite again', async () => {
    const res = await fetch(`${web.url}/duels/${id}/animated.gif`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/gif');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 4).toString('latin1')).toBe('GIF8');
    expect(await t.engine.store.imageKinds(id)).toContain('animated');
  });

  it('leave the duel page showing both drawings', async () => {
    // Another duel closed and pruned: its page is read before any of its pictures is redrawn.
    const outcome = await t.service.startDuel({ platform: 'web', community: 'web', channel: 'arena', author: 'web:redraw2', prompt: 'another sun' });
    await outcome.animation;
    await t.service.close(outcome.duel.id);
    await t.engine.store.pruneImages(Number.MAX_SAFE_INTEGER, 100);
    expect(await t.engine.store.imageKinds(outcome.duel.id)).toEqual([]);
    const page = await (await fetch(`${web.url}/duels/${outcome.duel.id}`)).text();
    expect(page).not.toContain('No drawing.');
    expect(page).toContain(`src="/duels/${outcome.duel.id}/A.`);
    expect(page).toContain(`src="/duels/${outcome.duel.id}/B.`);
  });

  it('serve a side\'s SVG without drawing its picture again (a download reads only what is stored)', async () => {
    const outcome = await t.service.startDuel({ platform: 'web', community: 'web', channel: 'arena', author: 'web:redraw3', prompt: 'a third sun' });
    await outcome.animation;
    await t.service.close(outcome.duel.id);
    await t.engine.store.pruneImages(Number.MAX_SAFE_INTEGER, 100);
    const res = await fetch(`${web.url}/duels/${outcome.duel.id}/A.svg?download`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<svg');
    expect(await t.engine.store.imageKinds(outcome.duel.id)).toEqual([]);
  });
});
