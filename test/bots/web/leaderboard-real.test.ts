/**
 * The web board with the real engine behind it (issue 19): duels drawn by the fake models, voted
 * over HTTP, closed; the page then shows the style-controlled ranks and "What wins votes" from the
 * features measured when the drawings were stored, each model's drawing metrics, and "Your board"
 * for the cookie's own voter only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './web-harness.js';
import { newClient, type Client } from './web-client.js';

let h: Harness;
let base: string;
let author: Client;
let voter: Client;

beforeAll(async () => {
  h = await startHarness({ voteWindowMs: 600_000 });
  base = h.web.url.replace(/\/$/, '');
  author = await newClient(base);
  voter = await newClient(base);
  for (const prompt of ['a fox riding a bicycle', 'a lighthouse at sunset']) {
    const id = await author.duel(prompt);
    await voter.post(`/api/duels/${id}/vote`, { choice: 'A' });
    expect(((await (await author.post(`/api/duels/${id}/close`, {})).json()) as any).status).toBe('closed');
  }
}, 120_000);

afterAll(() => h?.close());

describe('the web board from real duels', () => {
  it('shows raw and style-held-equal ranks, what wins votes and how each model draws', async () => {
    const page = await (await voter.get('/leaderboard')).text();
    expect(page).toContain('2 battles');
    expect(page).toMatch(/Style held\s+equal/i);
    expect(page).toContain('What wins votes');
    expect(page).toContain('Animated drawings');
    expect(page).toContain('How each model draws');
    // Both models drew in both duels: each drew every time.
    expect(page.match(/100 %/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it("shows each visitor their own progress towards their board, never another's", async () => {
    expect(await (await voter.get('/leaderboard')).text()).toContain('Vote in 8 more duels to see your board');
    // The author voted in neither duel.
    expect(await (await author.get('/leaderboard')).text()).toContain('Vote in 10 more duels to see your board');
    const stranger = await newClient(base);
    const asking = await (await stranger.get(`/leaderboard?voter=${encodeURIComponent(voter.cookie.split('=')[1]!.split('.')[0]!)}`)).text();
    expect(asking).toContain('Vote in 10 more duels to see your board');
  });
});
