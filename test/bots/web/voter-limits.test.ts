/**
 * Web voters that cannot be forged, and the per-address limits, over plain HTTP against the
 * real engine and a real SQLite file: ids the server did not sign are refused, the signing
 * secret and the limits survive a restart, and X-Forwarded-For counts only when trusted.
 * (The same limits with fresh browser contexts: browser-limits.test.ts.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { addressKey } from '../../../src/bots/web/client-address.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { VoterIds, newVoterSecret } from '../../../src/bots/web/voter.js';
import { tempDbPath } from '../../helpers/engine.js';
import { newClient } from './web-client.js';
import { NO_LIMITS, startHarness, type Harness } from './web-harness.js';

const running: Harness[] = [];
afterEach(async () => {
  while (running.length) await running.pop()!.close();
});
async function harness(web: Parameters<typeof startHarness>[0] = {}) {
  const h = await startHarness({ maxOpenPerCommunity: 100, voteWindowMs: 600_000, ...web });
  running.push(h);
  return h;
}

/** A request with a hand-made cookie, the way a script would send one. */
function postAs(base: string, path: string, cookie: string | undefined, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { ...(cookie ? { cookie } : {}), 'content-type': 'application/json', 'x-duel-client': '1', origin: base, 'sec-fetch-site': 'same-origin', ...headers },
    body: JSON.stringify(body),
  });
}

/** How many of `n` fresh visits (no cookie) got a voter cookie. */
async function freshCookies(base: string, n: number, headers: (i: number) => Record<string, string> = () => ({})): Promise<number> {
  let got = 0;
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/`, { headers: headers(i) });
    await res.arrayBuffer();
    if ((res.headers.get('set-cookie') ?? '').startsWith('duel_voter=')) got++;
  }
  return got;
}

describe('voter ids', () => {
  it('signs ids and refuses unsigned, altered and foreign ones', () => {
    const ids = new VoterIds(newVoterSecret());
    const { id, cookie } = ids.issue();
    expect(ids.check(cookie)).toEqual({ status: 'ok', id });
    expect(ids.check(undefined)).toEqual({ status: 'missing' });
    expect(ids.check(id).status).toBe('forged');
    expect(ids.check(`${id}.${'A'.repeat(22)}`).status).toBe('forged');
    const other = new VoterIds(newVoterSecret());
    expect(other.check(cookie).status).toBe('forged');
    const flipped = cookie.slice(0, -1) + (cookie.endsWith('A') ? 'B' : 'A');
    expect(ids.check(flipped).status).toBe('forged');
  });

  it('refuses votes and duels from made-up cookies, and replaces them on the next page view', async () => {
    const h = await harness();
    const base = h.web.url;
    const author = await newClient(base);
    const id = await author.duel('a kite over a beach');
    const forgedValues = ['made-up-voter-id-0123456789', `${'x'.repeat(22)}.${'y'.repeat(22)}`, author.cookie.split('=')[1]!.split('.')[0]!];
    for (const value of forgedValues) {
      const vote = await postAs(base, `/api/duels/${id}/vote`, `duel_voter=${value}`, { choice: 'A' });
      expect(vote.status).toBe(403);
      expect(((await vote.json()) as any).error).toMatch(/not issued by this server.*reload the page/);
      const start = await postAs(base, '/api/duels', `duel_voter=${value}`, { prompt: 'a stuffed duel' });
      expect(start.status).toBe(403);
    }
    expect((await h.engine.service.votes(id)).size).toBe(0);
    expect((await h.engine.service.listDuels({ platform: 'web', limit: 50, offset: 0 })).total).toBe(1);
    // A page view swaps the forged cookie for a signed one, which then votes.
    const page = await fetch(`${base}/duels/${id}`, { headers: { cookie: `duel_voter=${forgedValues[0]}` } });
    const fresh = (page.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(fresh).toMatch(/^duel_voter=[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$/);
    expect((await postAs(base, `/api/duels/${id}/vote`, fresh, { choice: 'A' })).status).toBe(200);
    expect((await h.engine.service.votes(id)).size).toBe(1);
  });

  it('keeps the signing secret in the database: ids stay valid after a restart, not on another database', async () => {
    const dbPath = tempDbPath();
    const first = await harness({ dbPath });
    const client = await newClient(first.web.url);
    const id = await client.duel('a lantern in fog');
    await first.close();
    running.splice(running.indexOf(first), 1);
    const second = await harness({ dbPath });
    const vote = await postAs(second.web.url, `/api/duels/${id}/vote`, client.cookie, { choice: 'B' });
    expect(vote.status).toBe(200);
    const other = await harness();
    const elsewhere = await newClient(other.web.url);
    const otherId = await elsewhere.duel('a teapot');
    expect((await postAs(other.web.url, `/api/duels/${otherId}/vote`, client.cookie, { choice: 'B' })).status).toBe(403);
  });
});

describe('per-address limits', () => {
  it('issues at most DUEL_WEB_VOTERS_PER_HOUR new ids to one address, also after a restart', async () => {
    const dbPath = tempDbPath();
    const first = await harness({ dbPath, web: { limits: { ...NO_LIMITS, votersPerHour: 3 } } });
    expect(await freshCookies(first.web.url, 2)).toBe(2);
    await first.close();
    running.splice(running.indexOf(first), 1);
    const second = await harness({ dbPath, web: { limits: { ...NO_LIMITS, votersPerHour: 3 } } });
    expect(await freshCookies(second.web.url, 5)).toBe(1);
    const page = await (await fetch(`${second.web.url}/`)).text();
    expect(page).toContain('your network already made 3 new voters here in the last hour');
    expect(page).toContain('DUEL_WEB_VOTERS_PER_HOUR');
  });

  it('counts at most DUEL_WEB_VOTES_PER_HOUR votes from one address; changing a vote is free', async () => {
    const h = await harness({ web: { limits: { ...NO_LIMITS, votesPerHour: 3 } } });
    const base = h.web.url;
    const id = await (await newClient(base)).duel('a snail racing a tortoise');
    const voters = await Promise.all([0, 1, 2, 3, 4].map(() => newClient(base)));
    const statuses: number[] = [];
    for (const v of voters) statuses.push((await v.post(`/api/duels/${id}/vote`, { choice: 'A' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect((await h.engine.service.votes(id)).size).toBe(3);
    const refused = (await (await voters[4]!.post(`/api/duels/${id}/vote`, { choice: 'B' })).json()) as any;
    expect(refused.error).toMatch(/^Your vote was not counted: .*3 votes.*DUEL_WEB_VOTES_PER_HOUR/);
    expect(refused.votesText).toBe('3 votes');
    // A voter already counted may change and take back the vote.
    expect(((await (await voters[0]!.post(`/api/duels/${id}/vote`, { choice: 'B' })).json()) as any).current).toBe('B');
    expect(((await (await voters[0]!.post(`/api/duels/${id}/vote`, { choice: 'B', op: 'remove' })).json()) as any).current).toBeNull();
  });

  it('starts at most DUEL_WEB_DUELS_PER_HOUR duels from one address, even when they arrive together', async () => {
    const h = await harness({ web: { limits: { ...NO_LIMITS, duelsPerHour: 2 } } });
    const clients = await Promise.all([0, 1, 2, 3, 4].map(() => newClient(h.web.url)));
    const answers = await Promise.all(clients.map((c, i) => c.post('/api/duels', { prompt: `a boat ${i}` })));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429]);
    const refused = (await answers.find((r) => r.status === 429)!.json()) as any;
    expect(refused.error).toMatch(/^The duel was not started: .*2 duels.*DUEL_WEB_DUELS_PER_HOUR/);
    expect((await h.engine.service.listDuels({ platform: 'web', limit: 50, offset: 0 })).total).toBe(2);
  });

  it('ignores X-Forwarded-For unless DUEL_WEB_TRUST_PROXY says to trust it', async () => {
    const limits = { ...NO_LIMITS, votersPerHour: 2 };
    const untrusted = await harness({ web: { limits } });
    const spoof = (i: number) => ({ 'x-forwarded-for': `203.0.113.${i}` });
    expect(await freshCookies(untrusted.web.url, 6, spoof)).toBe(2);

    const trusted = await harness({ web: { limits, trustProxy: 1 } });
    expect(await freshCookies(trusted.web.url, 6, spoof)).toBe(6);
    // Behind one proxy, the client cannot dodge the limit by adding its own entries on the left.
    expect(await freshCookies(trusted.web.url, 4, (i) => ({ 'x-forwarded-for': `10.0.0.${i}, 198.51.100.7` }))).toBe(2);
  });

  it('keys IPv6 clients by their /64 and IPv4-mapped addresses by the IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
  });
});

describe('settings', () => {
  it('parses the limits and the proxy setting, with safe defaults and errors that name the variable', () => {
    expect(loadConfig({}).web).toMatchObject({ trustProxy: 0, limits: { votersPerHour: 10, votesPerHour: 30, duelsPerHour: 5 } });
    const set = loadConfig({ DUEL_WEB_TRUST_PROXY: 'true', DUEL_WEB_VOTERS_PER_HOUR: '50', DUEL_WEB_VOTES_PER_HOUR: '0', DUEL_WEB_DUELS_PER_HOUR: '12' }).web;
    expect(set).toMatchObject({ trustProxy: 1, limits: { votersPerHour: 50, votesPerHour: 0, duelsPerHour: 12 } });
    expect(loadConfig({ DUEL_WEB_TRUST_PROXY: '2' }).web.trustProxy).toBe(2);
    expect(loadConfig({ DUEL_WEB_TRUST_PROXY: 'off' }).web.trustProxy).toBe(0);
    expect(() => loadConfig({ DUEL_WEB_TRUST_PROXY: 'maybe' })).toThrow(/DUEL_WEB_TRUST_PROXY is "maybe"/);
    expect(() => loadConfig({ DUEL_WEB_VOTES_PER_HOUR: '-1' })).toThrow(/DUEL_WEB_VOTES_PER_HOUR/);
  });
});
