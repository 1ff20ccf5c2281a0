/** The escaping template helper and the leaderboard query parser, without a server. */
import { describe, expect, it } from 'vitest';
import { escapeHtml, href, html } from '../../../src/bots/web/html.js';
import { parseLeaderboardQuery, parseLeaderboardRequest } from '../../../src/bots/web/routes-leaderboard.js';
import { plural } from '../../../src/bots/web/plural.js';
import { duelCard } from '../../../src/bots/web/views/gallery.js';
import type { DuelRecord } from '../../../src/core/model/records.js';
import type { Reveal } from '../../../src/core/model/types.js';

describe('html template', () => {
  it('escapes every interpolated value, including inside attributes', () => {
    const prompt = `<script>alert("x")</script> & 'quotes'`;
    const out = html`<p title="${prompt}">${prompt}</p>`.value;
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps nested templates as markup, flattens arrays and drops empty values', () => {
    const items = ['<a>', 'b'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>&lt;a&gt;</li><li>b</li></ul>0');
    expect(escapeHtml('"><img src=x onerror=1>')).toBe('&quot;&gt;&lt;img src=x onerror=1&gt;');
  });

  it('builds query strings and leaves out empty parameters', () => {
    expect(href('/gallery', { contender: 'ollama:qwen3.6:35b-a3b', community: '', page: 2 })).toBe('/gallery?contender=ollama%3Aqwen3.6%3A35b-a3b&page=2');
    expect(href('/gallery')).toBe('/gallery');
  });
});

describe('leaderboard query from the URL', () => {
  const q = (params: Record<string, string>) => parseLeaderboardQuery((k) => params[k]);
  const req = (params: Record<string, string>) => parseLeaderboardRequest((k) => params[k]);
  it('maps the scopes the page offers, always asking for the style-controlled board', () => {
    expect(q({})).toEqual({ scope: 'global', since: 'all', control: 'style' });
    expect(q({ scope: 'web', since: '7d' })).toEqual({ scope: 'community', since: '7d', platform: 'web', community: 'web', control: 'style' });
    expect(q({ scope: 'community', platform: 'discord', community: '42' })).toEqual({ scope: 'community', since: 'all', platform: 'discord', community: '42', control: 'style' });
    expect(q({ scope: 'channel', platform: 'slack', community: 'T1', channel: 'C9', since: '30d' })).toEqual({
      scope: 'channel',
      since: '30d',
      platform: 'slack',
      community: 'T1',
      channel: 'C9',
      control: 'style',
    });
  });

  it('falls back to the global board on anything it does not understand', () => {
    expect(q({ scope: 'community', platform: 'myspace', community: 'x', since: 'forever' })).toEqual({ scope: 'global', since: 'all', control: 'style' });
    expect(q({ scope: 'community' })).toEqual({ scope: 'global', since: 'all', control: 'style' });
  });

  it('reads control=style as the order of the table, and notes an unknown value instead of failing', () => {
    expect(req({})).toMatchObject({ order: 'raw', notes: [] });
    expect(req({ control: 'style' })).toMatchObject({ order: 'style', notes: [] });
    expect(req({ control: 'none' })).toMatchObject({ order: 'raw', notes: [] });
    const odd = req({ control: 'length', scope: 'web' });
    expect(odd.order).toBe('raw');
    expect(odd.query).toEqual({ scope: 'community', since: 'all', platform: 'web', community: 'web', control: 'style' });
    expect(odd.notes).toEqual(['“control=length” is not an order this page knows (control=style orders by the style-controlled rank): showing the votes as cast.']);
  });

  it('takes a category by its name or label (the route checks it is offered), and drops any other with a note', () => {
    expect(q({ category: ' animals ', since: '7d' })).toEqual({ scope: 'global', since: '7d', control: 'style', category: 'animals' });
    expect(q({ category: '' })).not.toHaveProperty('category');
    const long = req({ category: 'x'.repeat(61) });
    expect(long.query).not.toHaveProperty('category');
    expect(long.notes).toEqual([`There is no category “${'x'.repeat(60)}…”: showing all prompts.`]);
    expect(req({ category: 'cats\u0000' }).query).not.toHaveProperty('category');
    expect(q({ category: 'Text and lettering' })).toMatchObject({ category: 'lettering' });
    expect(req({ category: 'knitting' }).notes).toEqual(['There is no category “knitting”: showing all prompts.']);
  });
});

describe('counts in words', () => {
  it('uses the singular for exactly one, the plural otherwise', () => {
    expect(plural(0, 'vote')).toBe('0 votes');
    expect(plural(1, 'vote')).toBe('1 vote');
    expect(plural(2, 'vote')).toBe('2 votes');
    expect(plural(1200, 'duel')).toBe('1,200 duels');
    expect(plural(3, 'battle')).toBe('3 battles');
  });

  it('says "No votes" once on a gallery card, not "No votes · 0 votes"', () => {
    const duel: DuelRecord = {
      id: 'd1', platform: 'web', community: 'web', channel: 'arena', messageRef: null, author: 'web:x', prompt: 'a crab',
      aSpec: 'x:a', bSpec: 'x:b', createdAt: 0, closesAt: 1, closedAt: 1, status: 'closed', flags: [],
    };
    const reveal = (winner: Reveal['winner'], votes: number) =>
      ({ id: 'd1', status: 'closed', winner, votes, tally: { A: votes, B: 0, tie: 0, bad: 0 }, flags: [], sides: { A: { spec: 'x:a', label: 'Ay' }, B: { spec: 'x:b', label: 'Bee' } } }) as unknown as Reveal;
    const outcome = (r: Reveal) => /<p class="card-outcome">(.*?)<\/p>/s.exec(duelCard({ duel, reveal: r, hasComposite: true }).value)![1]!.replace(/<[^>]+>/g, '');
    expect(outcome(reveal(null, 0))).toBe('No votes');
    expect(outcome(reveal('A', 1))).toBe('Ay won · 1 vote');
    expect(outcome(reveal('A', 2))).toBe('Ay won · 2 votes');
  });
});
