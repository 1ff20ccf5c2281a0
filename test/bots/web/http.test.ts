/**
 * The arena over plain HTTP, against the real engine: security headers, same-origin writes,
 * blindness of open duels, SVG downloads, and the engine's admission rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { newClient, type Client } from './web-client.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness;
let base: string;
let labels: string[];

beforeAll(async () => {
  h = await startHarness({ cooldownMs: 60_000, voteWindowMs: 600_000 });
  base = h.web.url;
  labels = h.engine.service.contenders().map((c) => c.label);
});
afterAll(async () => {
  await h?.close();
});

function mustNotNameContenders(text: string) {
  for (const secret of [OLLAMA_SPEC, ANTHROPIC_SPEC, ...labels, 'ollama', 'anthropic', 'claude', 'qwen']) {
    expect(text.toLowerCase()).not.toContain(secret.toLowerCase());
  }
}

describe('security headers', () => {
  it('sends a strict CSP and nosniff on pages, and serves script and style as files', async () => {
    const res = await fetch(`${base}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const d of ["default-src 'none'", "img-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'"]) {
      expect(csp).toContain(d);
    }
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const page = await res.text();
    // Nothing inline: every <script> has a src, and no style attribute or element.
    expect(page.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    expect(page).not.toMatch(/<style|\sstyle="/);
    const js = await fetch(`${base}/static/app.js`);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const css = await fetch(`${base}/static/style.css`);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await fetch(`${base}/static/../server.ts`)).status).toBe(404);
  });

  it('refuses a Host it does not know (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/`, { headers: { host: 'evil.example:8787' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });
});

describe('cross-site writes', () => {
  let client: Client;
  beforeAll(async () => {
    client = await newClient(base);
  });

  it('rejects a POST from another site with 403', async () => {
    const res = await client.post('/api/duels', { prompt: 'a cat' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error).toMatch(/cross-site/);
    const res2 = await client.post('/api/duels', { prompt: 'a cat' }, { origin: 'https://evil.example', 'sec-fetch-site': '' });
    expect(res2.status).toBe(403);
  });

  it('rejects a plain form post and a request without the client header', async () => {
    const form = await fetch(`${base}/api/duels`, {
      method: 'POST',
      headers: { cookie: client.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'prompt=a+cat',
    });
    expect(form.status).toBe(403);
    const noHeader = await client.post('/api/duels', { prompt: 'a cat' }, { 'x-duel-client': '' });
    expect(noHeader.status).toBe(403);
    expect((await h.engine.service.listDuels({ limit: 10, offset: 0, community: 'cats' })).total).toBe(0);
  });

  it('needs the voter cookie to start a duel', async () => {
    const res = await fetch(`${base}/api/duels`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-duel-client': '1' },
      body: JSON.stringify({ prompt: 'a cat' }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as any).error).toMatch(/cookie/);
  });
});

describe('a web duel over HTTP', () => {
  let author: Client;
  let voter: Client;
  let id: string;
  beforeAll(async () => {
    author = await newClient(base);
    voter = await newClient(base);
    id = await author.duel('a lighthouse <b>at night</b>');
  });

  it('records the duel in the web community', async () => {
    const duel = (await h.engine.service.getDuel(id))!;
    expect(duel.platform).toBe('web');
    expect(duel.community).toBe('web');
    expect(duel.author).toBe(`web:${author.cookie.split('=')[1]!.split('.')[0]}`);
    expect(duel.status).toBe('open');
  });

  it('keeps an open duel blind in its page, its JSON, the gallery and its event stream', async () => {
    const page = await (await voter.get(`/duels/${id}`)).text();
    expect(page).toContain('a lighthouse &lt;b&gt;at night&lt;/b&gt;');
    expect(page).toContain(`/duels/${id}/A.png`);
    mustNotNameContenders(page);
    const json = await (await voter.get(`/api/duels/${id}`)).text();
    mustNotNameContenders(json);
    expect(JSON.parse(json).reveal).toBeNull();
    const gallery = await (await voter.get('/gallery')).text();
    expect(gallery).toContain(`/duels/${id}`);
    // The gallery's model filter lists labels, so check only the card of this duel.
    const card = gallery.slice(gallery.indexOf(`href="/duels/${id}"`), gallery.indexOf('</li>', gallery.indexOf(`href="/duels/${id}"`)));
    mustNotNameContenders(card);
    const events = await fetch(`${base}/api/duels/${id}/events`, { headers: { cookie: voter.cookie }, signal: AbortSignal.timeout(3000) });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = events.body!.getReader();
    const { value } = await reader.read();
    await reader.cancel();
    const chunk = new TextDecoder().decode(value);
    expect(chunk).toContain('event: state');
    expect(chunk).toContain('"status":"open"');
    mustNotNameContenders(chunk);
  });

  it('serves the PNGs, and the sanitized SVG exactly like them (it names nobody)', async () => {
    const png = await voter.get(`/duels/${id}/A.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    const svg = await voter.get(`/duels/${id}/A.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    mustNotNameContenders(await svg.text());
    // Still drawings stay PNGs on the page, and the gallery marks nothing as animated.
    const duelPage = await (await voter.get(`/duels/${id}`)).text();
    expect(duelPage).toContain(`src="/duels/${id}/A.png"`);
    expect(duelPage).not.toContain(`src="/duels/${id}/A.svg"`);
    expect(await (await voter.get('/gallery')).text()).not.toContain('badge-animated');
    // A filter by model must not list an open duel (it would tell who is in it).
    const filtered = await (await voter.get(`/gallery?contender=${encodeURIComponent(OLLAMA_SPEC)}`)).text();
    expect(filtered).not.toContain(`/duels/${id}"`);
  });

  it('takes votes, replaces them, takes them back, and lets only the author close early', async () => {
    let res = await voter.post(`/api/duels/${id}/vote`, { choice: 'B' });
    expect((await res.json()) as any).toMatchObject({ accepted: true, current: 'B', votes: 1 });
    res = await voter.post(`/api/duels/${id}/vote`, { choice: 'tie' });
    expect((await res.json()) as any).toMatchObject({ current: 'tie', votes: 1 });
    res = await voter.post(`/api/duels/${id}/vote`, { choice: 'tie', op: 'remove' });
    expect((await res.json()) as any).toMatchObject({ current: null, votes: 0 });
    res = await voter.post(`/api/duels/${id}/vote`, { choice: 'nope' });
    expect(res.status).toBe(400);
    await voter.post(`/api/duels/${id}/vote`, { choice: 'A' });
    await author.post(`/api/duels/${id}/vote`, { choice: 'A' });
    expect((await h.engine.service.votes(id)).size).toBe(2);

    const notAuthor = await voter.post(`/api/duels/${id}/close`, {});
    expect(notAuthor.status).toBe(403);
    const closed = await author.post(`/api/duels/${id}/close`, {});
    expect((await closed.json()) as any).toMatchObject({ status: 'closed' });
    const late = await voter.post(`/api/duels/${id}/vote`, { choice: 'B' });
    expect(late.status).toBe(409);
    expect(((await late.json()) as any).error).toMatch(/closed/);
  });

  it('reveals after the close: labels, latency, tokens and SVG downloads as attachments', async () => {
    const reveal = (await h.engine.service.getReveal(id))!;
    const page = await (await voter.get(`/duels/${id}`)).text();
    expect(page).toContain(reveal.sides.A.label);
    expect(page).toContain(reveal.sides.B.label);
    expect(page).toContain(`${reveal.sides.A.label} (A) wins.`);
    expect(page).toMatch(/Tokens<\/dt><dd>\d+ in · \d+ out/);
    expect(page).toContain(`/duels/${id}/B.svg?download`);
    const svg = await voter.get(`/duels/${id}/B.svg?download`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('application/octet-stream');
    expect(svg.headers.get('content-disposition')).toBe(`attachment; filename="prompt-duel-${id}-B.svg"`);
    expect(svg.headers.get('x-content-type-options')).toBe('nosniff');
    expect(svg.headers.get('content-security-policy')).toContain('sandbox');
    const text = await svg.text();
    expect(text).toContain('<svg');
    expect(text).toBe((await h.engine.service.getEntries(id))!.B.svg);
    expect((await voter.get(`/duels/${id}/composite.svg`)).status).toBe(404);
  });

  it('shows the result on the leaderboard page and chart', async () => {
    const page = await (await voter.get('/leaderboard?scope=web')).text();
    expect(page).toContain('Web arena');
    expect(page).toContain('1 battle');
    for (const label of labels) expect(page).toContain(label);
    const chart = await voter.get('/leaderboard.png?scope=web&since=7d');
    expect(chart.headers.get('content-type')).toBe('image/png');
    expect((await chart.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

describe('admission rules come from the engine', () => {
  it('applies the cooldown and explains it', async () => {
    const c = await newClient(base);
    await c.duel('a red fox');
    const again = await c.post('/api/duels', { prompt: 'a blue fox' });
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await again.json()) as any).error).toMatch(/you can start another in/);
  });

  it('rejects an empty or too long prompt with the engine message', async () => {
    const c = await newClient(base);
    const empty = await c.post('/api/duels', { prompt: '   ' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as any).reason).toBe('empty-prompt');
    const long = await c.post('/api/duels', { prompt: 'x'.repeat(501) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as any).reason).toBe('prompt-too-long');
  });

  it('answers unknown duels with 404 pages', async () => {
    expect((await fetch(`${base}/duels/nope`)).status).toBe(404);
    expect((await fetch(`${base}/api/duels/nope`)).status).toBe(404);
    expect((await fetch(`${base}/duels/..%2F..%2Fetc/A.png`)).status).toBe(404);
  });
});

describe('naming a pair on the arena', () => {
  it('offers two selects with random as the default', async () => {
    const page = await (await fetch(`${base}/`)).text();
    const selects = page.match(/<select name="contender-(first|second)" data-contender>[\s\S]*?<\/select>/g) ?? [];
    expect(selects).toHaveLength(2);
    for (const s of selects) {
      expect(s).toMatch(/<option value="random" selected>random<\/option>/);
      expect(s).toContain(`<option value="${OLLAMA_SPEC}">`);
      expect(s).toContain(`<option value="${ANTHROPIC_SPEC}">`);
    }
  });

  it('starts a duel with a named model, and lists the valid names for an unknown one', async () => {
    const c = await newClient(base);
    const res = await c.post('/api/duels', { prompt: 'a named duel', contenders: [ANTHROPIC_SPEC, 'random'] });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as any;
    const duel = (await h.engine.service.getDuel(id))!;
    expect([duel.aSpec, duel.bSpec]).toContain(ANTHROPIC_SPEC);
    await c.waitStatus(id, (s) => s !== 'generating');
    const unknown = await (await newClient(base)).post('/api/duels', { prompt: 'a cat', contenders: ['gpt-7'] });
    expect(unknown.status).toBe(400);
    const body = (await unknown.json()) as any;
    expect(body.reason).toBe('unknown-contender');
    expect(body.error).toContain('"gpt-7" names no contender');
    expect(body.error).toContain(OLLAMA_SPEC);
  });
});
