/**
 * Screenshots of the web arena for the README (docs/screenshots/), from the real server with
 * fake model servers: a fresh temp database is filled through the arena's own HTTP API
 * (duels started, voted on by several signed voters, closed), then headless Chromium
 * (playwright-core, /usr/bin/chromium) photographs each page at 1280 and 390 px wide.
 *
 *   node --import tsx scripts/web-screenshots.ts [--out docs/screenshots] [--review /tmp/shots]
 *
 * `--review DIR` also writes the pages nobody commits but a designer should look at: a duel
 * being drawn, a no-contest duel with a long error, a 404, the arena with a limit reached.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { startWebServer } from '../src/bots/web/index.js';
import { createEngine } from '../src/cli/engine.js';
import { loadConfig } from '../src/core/config/config.js';
import { startFakeAnthropic } from '../test/fakes/fake-anthropic.js';
import { pelicanSvg, type Behaviour, type FakeRequest } from '../test/fakes/fake-model-common.js';
import { startFakeOllama } from '../test/fakes/fake-ollama.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const outDir = resolve(arg('out') ?? 'docs/screenshots');
const reviewDir = arg('review') ? resolve(arg('review')!) : undefined;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTHS = [1280, 390] as const;
const PALETTE = ['#e07a5f', '#3d5a80', '#81b29a', '#f2cc8f', '#9b5de5', '#00bbf9', '#f15bb5', '#ef476f', '#06d6a0'];

const promptOf = (req: FakeRequest): string => {
  const msgs = Array.isArray(req.body?.messages) ? req.body.messages : [];
  const last = msgs[msgs.length - 1];
  return typeof last?.content === 'string' ? last.content : JSON.stringify(last?.content ?? '');
};
const hash = (s: string) => [...s].reduce((h, ch) => (Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0), 2166136261);

/** A pelican coloured by prompt and model; "slow" prompts take a minute, "broken" ones fail on Anthropic. */
function reply(provider: 'ollama' | 'anthropic') {
  return (req: FakeRequest): Behaviour => {
    const prompt = promptOf(req);
    const model = String(req.body?.model ?? '');
    if (provider === 'anthropic' && prompt.includes('broken')) return { status: 401, errorMessage: 'invalid x-api-key' };
    const h = hash(prompt + model);
    const style = provider === 'ollama' ? 'flat' : h % 2 ? 'line' : 'night';
    const svg = pelicanSvg(PALETTE[h % PALETTE.length], style);
    return { text: `Here is my drawing:\n\n\`\`\`svg\n${svg}\n\`\`\`\n`, chunkSize: 256, firstChunkDelayMs: prompt.includes('slow') ? 90_000 : 20 };
  };
}

const ollama = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'llama3.2:latest'], reply: reply('ollama') });
const anthropic = await startFakeAnthropic({ reply: reply('anthropic') });
const dir = mkdtempSync(join(tmpdir(), 'prompt-duel-shots-'));
const config = loadConfig({
  DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,ollama:llama3.2:latest,anthropic:claude-opus-4-7,anthropic:claude-haiku-4-5=Claude Haiku 4.5',
  OLLAMA_HOST: ollama.url,
  ANTHROPIC_BASE_URL: anthropic.url,
  ANTHROPIC_API_KEY: 'fake',
  DUEL_DB: join(dir, 'duels.db'),
  DUEL_COOLDOWN: '0',
  DUEL_CONCURRENCY: 'ollama=2,anthropic=4',
  DUEL_MAX_GENERATING: '10',
  DUEL_RENDER_SIZE: '512',
  DUEL_VOTE_WINDOW: '1h',
  DUEL_WEB_VOTERS_PER_HOUR: '0',
  DUEL_WEB_VOTES_PER_HOUR: '0',
  DUEL_WEB_DUELS_PER_HOUR: '0',
});
const logger = pino({ level: 'warn' });
const engine = createEngine(config, logger, { contenderOverrides: { maxRetries: 0 } });
const web = await startWebServer({ service: engine.service, store: engine.store, config: { ...config.web, port: 0 }, logger });
const base = web.url;

/** A signed voter, the way a browser gets one: from the first page view. */
async function voter() {
  const res = await fetch(`${base}/`);
  await res.arrayBuffer();
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const post = async (path: string, body: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-duel-client': '1', origin: base, 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  return { cookie, post };
}

async function settle(id: string, until = (s: string) => s !== 'generating') {
  for (let i = 0; i < 600; i++) {
    if (until((await engine.service.getDuel(id))!.status)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`duel ${id} did not finish`);
}

async function duel(prompt: string) {
  const author = await voter();
  const res = await author.post('/api/duels', { prompt });
  if (res.status !== 201) throw new Error(`could not start "${prompt}": ${JSON.stringify(res.body)}`);
  return { id: res.body.id as string, author };
}

const voters = await Promise.all(Array.from({ length: 9 }, () => voter()));
const PROMPTS = [
  'a pelican riding a bicycle',
  'a lighthouse in a storm, seen from a small boat',
  'a fox reading a newspaper on a park bench',
  'a robot watering a tiny garden on a windowsill',
  'a whale carrying a village on its back',
  'an octopus playing four drums at once',
  'a snail racing a tortoise, photo finish',
  'a hot air balloon shaped like a teapot',
  'a cat astronaut planting a flag on the moon',
  'a bicycle built for three penguins',
];
const closed: string[] = [];
for (const [i, prompt] of PROMPTS.entries()) {
  const { id, author } = await duel(prompt);
  await settle(id);
  const duelRecord = (await engine.service.getDuel(id))!;
  // Votes lean towards the first Qwen and the Opus, so the board has a shape.
  const favoured = (spec: string) => (spec.includes('35b') ? 3 : spec.includes('opus') ? 2 : spec.includes('haiku') ? 1 : 0);
  const lean = favoured(duelRecord.aSpec) - favoured(duelRecord.bSpec);
  for (const [k, v] of voters.slice(0, 3 + (i % 6)).entries()) {
    const roll = (hash(`${id}${k}`) % 10) / 10;
    const choice = roll < 0.12 ? 'tie' : roll < 0.18 ? 'bad' : roll < 0.5 + lean * 0.12 ? 'A' : 'B';
    await v.post(`/api/duels/${id}/vote`, { choice });
  }
  if (i < PROMPTS.length - 2) {
    await author.post(`/api/duels/${id}/close`, {});
    closed.push(id);
  }
}
const open = await duel('a heron fishing at dawn, in the style of a woodcut');
await settle(open.id);
for (const v of voters.slice(0, 4)) await v.post(`/api/duels/${open.id}/vote`, { choice: 'A' });
const revealed = closed[0]!;

mkdirSync(outDir, { recursive: true });
const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });

async function shoot(path: string, file: string, width: number, opts: { cookie?: string; dir?: string; waitFor?: string; fold?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width, height: width > 600 ? 900 : 844 }, deviceScaleFactor: 1, colorScheme: 'light' });
  if (opts.cookie) {
    const [name, value] = opts.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: base }]);
  }
  const page = await context.newPage();
  await page.goto(`${base}${path}`, { waitUntil: 'networkidle' }).catch(() => page.waitForLoadState('load'));
  if (opts.waitFor) await page.waitForSelector(opts.waitFor, { timeout: 20_000 });
  // Let lazy images arrive.
  await page.evaluate(() => {
    for (const img of Array.from(document.images)) img.loading = 'eager';
  });
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, { timeout: 20_000 }).catch(() => undefined);
  const out = join(opts.dir ?? outDir, `${file}-${width}.png`);
  // `fold`: only what the first screen shows (is a drawing in view without scrolling?).
  await page.screenshot({ path: out, fullPage: !opts.fold });
  await context.close();
  console.log(`wrote ${out}`);
}

for (const width of WIDTHS) {
  await shoot('/', 'arena', width, { cookie: voters[0]!.cookie });
  await shoot(`/duels/${open.id}`, 'duel', width, { cookie: voters[1]!.cookie });
  await shoot(`/duels/${revealed}`, 'duel-revealed', width, { cookie: voters[1]!.cookie });
  await shoot('/leaderboard', 'leaderboard', width, { waitFor: 'table' });
  await shoot('/gallery', 'gallery', width);
}

if (reviewDir) {
  mkdirSync(reviewDir, { recursive: true });
  const broken = await duel('a broken kite (the hosted model is misconfigured)');
  await settle(broken.id);
  const long = await duel(`a very long prompt that a newcomer pasted from a chat: ${'a heron standing in a reed bed at dawn, mist over the water, a fish in its beak, '.repeat(5)}drawn in ink`);
  await settle(long.id);
  const slow = await duel('a slow sloth drawing very slowly');
  await new Promise((r) => setTimeout(r, 2500));
  for (const width of WIDTHS) {
    await shoot(`/duels/${broken.id}`, 'no-contest', width, { dir: reviewDir });
    await shoot(`/duels/${slow.id}`, 'drawing', width, { dir: reviewDir, waitFor: '[data-live-elapsed]:not(:empty)' });
    await shoot('/nope', 'not-found', width, { dir: reviewDir });
    await shoot(`/duels/${closed[1]}`, 'duel-revealed-2', width, { dir: reviewDir });
    await shoot(`/duels/${long.id}`, 'long-prompt-fold', width, { dir: reviewDir, fold: true });
  }
}

await browser.close();
await web.stop();
await engine.close();
await Promise.all([ollama.close(), anthropic.close()]);
rmSync(dir, { recursive: true, force: true });
