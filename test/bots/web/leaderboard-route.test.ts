/**
 * The /leaderboard route over a real server: the style-controlled board is always asked for, a
 * category is used only when the scope offers it, and "Your board" is the cookie's voter's only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { startBoardServer, voterIdOf, type BoardServer } from './board-server.js';

let s: BoardServer;
beforeAll(async () => {
  s = await startBoardServer();
});
afterAll(async () => {
  await s?.close();
});

const page = async (path: string, cookie?: string) => {
  const res = await fetch(`${s.url}${path}`, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(200);
  return { res, text: await res.text() };
};

describe('the leaderboard page', () => {
  it('asks for the style-controlled board of the category once: its board lists the scope\'s categories and battles', async () => {
    s.boards.length = 0;
    const { text } = await page('/leaderboard?scope=web&category=animals&control=style');
    expect(s.boards).toEqual([{ scope: 'community', since: 'all', platform: 'web', community: 'web', control: 'style', category: 'animals' }]);
    expect(text).toContain('<p class="lede">Web arena · All time · Animals · 142 battles</p>');
    expect(text).toMatch(/category=animals&amp;control=style" aria-current="true">Animals/);
    expect(text).toMatch(/All prompts <span class="count">460<\/span>/);
    expect(text).toContain('aria-current="true">Style held equal</a>');
  });

  it('shows all prompts with a note for a category the scope does not offer, and notes an unknown control', async () => {
    s.boards.length = 0;
    const { text } = await page('/leaderboard?category=people&control=bold');
    // The category's board says People is not offered here: the board of all prompts is shown instead.
    expect(s.boards.map((b) => b.category)).toEqual(['people', undefined]);
    expect(text).toContain('<p class="note param-note">“People” is not a category with enough battles here: showing all prompts.</p>');
    // A name that is no category at all is not even asked for, and is shown escaped.
    s.boards.length = 0;
    const unknown = await page('/leaderboard?category=%3Cb%3Eknitting');
    expect(s.boards).toHaveLength(1);
    expect(s.boards[0]).not.toHaveProperty('category');
    expect(unknown.text).toContain('<p class="note param-note">There is no category “&lt;b&gt;knitting”: showing all prompts.</p>');
    expect(text).toContain('<p class="note param-note">“control=bold” is not an order this page knows');
    expect(text).toContain('<p class="lede">Everywhere · All time · 460 battles</p>');
    expect(text).toContain('src="/leaderboard.png?scope=global&amp;since=all"');
  });

  it('shows the cookie’s voter their own board, whatever voter a URL names', async () => {
    const [alice, bob] = [await newClient(s.url), await newClient(s.url)];
    s.votes.set(`web:${voterIdOf(alice.cookie)}`, 12);
    s.votes.set(`web:${voterIdOf(bob.cookie)}`, 3);
    s.personal.length = 0;
    const mine = await (await alice.get(`/leaderboard?voter=web:${voterIdOf(bob.cookie)}&scope=web`)).text();
    expect(s.personal.map((p) => p.voter)).toEqual([`web:${voterIdOf(alice.cookie)}`]);
    expect(s.personal[0]!.query).toMatchObject({ scope: 'community', platform: 'web' });
    expect(mine).toContain('From your 12 votes here');
    expect(mine).toContain('You agreed with the crowd in 7 of 10 duels (70\u00a0%).');
    const theirs = await (await bob.get(`/leaderboard?voter=web:${voterIdOf(alice.cookie)}`)).text();
    expect(s.personal.map((p) => p.voter)).toEqual([`web:${voterIdOf(alice.cookie)}`, `web:${voterIdOf(bob.cookie)}`]);
    expect(theirs).toContain('Vote in 7 more duels to see your board.');
    expect(theirs).not.toContain('From your');
  });

  it('invites a browser without a cookie, with the fresh id every page issues', async () => {
    s.personal.length = 0;
    const { res, text } = await page(`/leaderboard?voter=web:someone`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect(cookie).toMatch(/^duel_voter=/);
    expect(s.personal.map((p) => p.voter)).toEqual([`web:${voterIdOf(cookie)}`]);
    expect(text).toContain('Vote in 10 more duels to see your board.');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('still shows the community board when the visitor’s own board fails', async () => {
    s.failPersonal = true;
    try {
      const { text } = await page('/leaderboard');
      expect(text).toContain('Your board could not be drawn just now');
      expect(text).toContain('<table class="board">');
    } finally {
      s.failPersonal = false;
    }
  });

  it('draws the chart of the chosen category', async () => {
    s.boards.length = 0;
    const res = await fetch(`${s.url}/leaderboard.png?category=animals`);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(s.boards.at(-1)).toMatchObject({ category: 'animals', control: 'style' });
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});
