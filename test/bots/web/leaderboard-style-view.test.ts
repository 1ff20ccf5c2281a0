/**
 * The leaderboard page's issue-19 parts, without a server: raw and style-held-equal ranks with
 * their change, "What wins votes", drawing metrics, the category filter and "Your board".
 */
import { describe, expect, it } from 'vitest';
import { leaderboardBody } from '../../../src/bots/web/views/leaderboard.js';
import { agreementText } from '../../../src/bots/web/views/board-personal.js';
import { coefIntervalText } from '../../../src/core/board/style-table.js';
import { signed } from '../../../src/core/board/text-columns.js';
import { formatSize } from '../../../src/bots/web/views/board-metrics.js';
import { buildBoard, type RatedBattle } from '../../../src/core/ratings/index.js';
import type { Leaderboard, LeaderboardQuery } from '../../../src/core/model/board-types.js';
import { CATEGORIES, FEATURES, fixtureBoard, fixturePersonal } from './board-fixture.js';

const query: LeaderboardQuery = { scope: 'global', since: 'all', control: 'style' };

function series(a: string, b: string, n: number, aWins: number): RatedBattle[] {
  return Array.from({ length: n }, (_, k) => ({ a, b, outcome: k < aWins ? 1 : 0 }));
}

/** Four models far apart (a > b > c > d), so the raw ranks are 1 to 4 for sure. */
function chain(): Leaderboard {
  const battles = [
    ...series('p:a', 'p:b', 60, 54),
    ...series('p:b', 'p:c', 60, 54),
    ...series('p:c', 'p:d', 60, 54),
    ...series('p:a', 'p:c', 40, 38),
    ...series('p:b', 'p:d', 40, 38),
  ];
  return buildBoard({ battles, labels: { 'p:a': 'Ada', 'p:b': 'Bea', 'p:c': 'Cy', 'p:d': 'Dot' }, rounds: 200, seed: 3, query });
}

/** Style held equal: Cy first, then Ada, Bea, Dot. */
function withControl(board: Leaderboard): Leaderboard {
  const order = ['p:c', 'p:a', 'p:b', 'p:d'];
  const rows = order.map((spec, k) => ({ spec, label: board.rows.find((r) => r.spec === spec)!.label, rating: 1090 - k * 60, ci: null, rank: k + 1 }));
  return { ...board, control: { features: FEATURES, rows, battles: 180 } };
}

/** Each model's label with its cell in the "Style held equal" column. */
function controlledCells(page: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of page.matchAll(/<span class="model">([^<]+)<\/span>[\s\S]*?<td class="num ctl">([\s\S]*?)<\/td>/g)) out[m[1]!] = m[2]!.replace(/ title="[^"]*"/g, '');
  return out;
}

describe('raw and style-held-equal ranks', () => {
  const raw = chain();
  const board = withControl(raw);

  it('shows the controlled rank beside the raw one with ▲ places gained, ▼ lost and = for none', () => {
    expect(raw.rows.map((r) => [r.label, r.rank])).toEqual([['Ada', 1], ['Bea', 2], ['Cy', 3], ['Dot', 4]]);
    const cells = controlledCells(String(leaderboardBody(board)));
    expect(cells.Cy).toBe('<span class="strong">1</span> <span class="delta up">▲2</span><span class="sub">1090</span>');
    expect(cells.Ada).toBe('<span class="strong">2</span> <span class="delta down">▼1</span><span class="sub">1030</span>');
    expect(cells.Bea).toBe('<span class="strong">3</span> <span class="delta down">▼1</span><span class="sub">970</span>');
    expect(cells.Dot).toBe('<span class="strong">4</span> <span class="delta same">=</span><span class="sub">910</span>');
    expect(String(leaderboardBody(board))).toContain('title="2 places higher with style held equal">▲2');
  });

  it('orders the table by the votes as cast, or by the controlled rank with control=style', () => {
    const labelsIn = (page: string) => [...page.slice(page.indexOf('<table class="board">')).matchAll(/<span class="model">([^<]+)</g)].map((m) => m[1]);
    expect(labelsIn(String(leaderboardBody(board)))).toEqual(['Ada', 'Bea', 'Cy', 'Dot']);
    const styled = String(leaderboardBody(board, { order: 'style' }));
    expect(labelsIn(styled)).toEqual(['Cy', 'Ada', 'Bea', 'Dot']);
    expect(styled).toMatch(/<a class="chip" href="\/leaderboard\?scope=global&amp;since=all&amp;control=style" aria-current="true">Style held equal<\/a>/);
  });

  it('without a controlled board shows neither the column nor the panel, and keeps the win rate on a phone', () => {
    const page = String(leaderboardBody(raw));
    expect(page).not.toContain('class="num ctl"');
    expect(page).not.toContain('What wins votes');
    expect(page).not.toContain('Order by');
    expect(page).toMatch(/<th scope="col" class="num">Win rate<\/th>/);
    expect(String(leaderboardBody(raw, { order: 'style' }))).not.toContain('aria-current="true">Style held equal');
  });

  it('labels the online Elo as order-dependent and explains it beside the Rating', () => {
    const page = String(leaderboardBody(board));
    expect(page).toContain('Online Elo <span class="sub">order-dependent</span>');
    expect(page).toContain('the same votes in another order give another number, so it is shown for comparison only. The Rating does not depend on the order.');
    expect(page).not.toMatch(/>Elo</);
  });
});

describe('what wins votes', () => {
  const page = String(leaderboardBody(withControl(chain())));
  const panel = page.slice(page.indexOf('<section class="style-panel"'), page.indexOf('</section>', page.indexOf('<section class="style-panel"')));
  const items = [...panel.matchAll(/<span class="feature-name">([^<]+)<\/span><span class="feature-coef">([^<]+)(?:<span class="feature-ci">\(([^)]+)\)<\/span>)?<\/span>\s*<span class="feature-verdict">([^<]+)/g)].map((m) => `${m[1]}: ${m[2]!.trim()} (${m[3]}) ${m[4]}`);

  it('lists each feature by its human name, largest effect first, with sign, interval and whether it clearly sways votes', () => {
    expect(items).toEqual([
      'Animated drawings: +84 (51–117) wins votes',
      'More elements: +31 (12–50) wins votes',
      'More colours: +22 (−5 to 49) no clear effect',
      'Bigger files: −8 (−30 to 14) no clear effect',
      'Drawn text: −41 (−70 to −12) loses votes',
    ]);
  });

  it('says what the unit is, what positive means and what "held equal" means, and on how many battles', () => {
    expect(panel).toContain('Each number is in Elo points for one standard deviation of the difference between the two sides');
    expect(panel).toContain('Positive: the feature wins votes whatever the model');
    expect(panel).toContain('from 180 battles');
    expect(panel).toContain('The “style held equal” ranking is the fit with these features held equal');
  });

  it('says so when no battle has features yet, and writes an unmeasured interval as words', () => {
    const board = withControl(chain());
    const none = String(leaderboardBody({ ...board, control: { ...board.control!, battles: 0 } }));
    expect(none).toContain("No battle here has both drawings' features yet");
    const unknown = String(leaderboardBody({ ...board, control: { ...board.control!, features: [{ name: 'animated', coef: 12, ci: null }] } }));
    expect(unknown).toMatch(/Animated drawings<\/span><span class="feature-coef">\+12<\/span>\s*<span class="feature-verdict">not measured yet/);
  });

  it('formats signs and intervals with a real minus', () => {
    expect([signed(84.4), signed(-0.4), signed(-12.6)]).toEqual(['+84', '0', '−13']);
    expect([coefIntervalText([51.1, 117.4]), coefIntervalText([-40, 15]), coefIntervalText([-70, -12])]).toEqual(['51–117', '−40 to 15', '−70 to −12']);
  });
});

describe('drawing metrics and the category filter', () => {
  const board = fixtureBoard(query);
  const page = String(leaderboardBody(board));

  it('shows each model’s drawing metrics in a table of its own', () => {
    const at = page.indexOf('<section class="metrics-section"');
    const section = page.slice(at, page.indexOf('</section>', at));
    const qwen = section.match(/<th scope="row">Qwen3.6 35B-A3B \(local\)<\/th>([\s\S]*?)<\/tr>/)![1]!;
    const cells = [...qwen.matchAll(/<td class="num">([^<]*)/g)].map((m) => m[1]);
    // k = 3 in the fixture: 90 % of 111 draws, 8,100 bytes, 41 elements, 62 % animated, 25 % with text, 19.5 s, 183 / 2,850 tokens.
    expect(cells).toEqual(['90 %', '8.1 KB', '41', '62 %', '25 %', '20 s', '183 / 2,850']);
    expect(qwen).toContain('<span class="sub">of 111</span>');
    expect(section.match(/<th scope="row">/g)).toHaveLength(8);
    expect([formatSize(null), formatSize(640), formatSize(12_345)]).toEqual(['—', '640 B', '12 KB']);
  });

  it('offers "All prompts" and each category with its battles, keeping the scope, window and order', () => {
    const web = fixtureBoard({ scope: 'community', platform: 'web', community: 'web', since: '30d', control: 'style' });
    const links = String(leaderboardBody(web, { order: 'style' })).match(/<nav class="chips categories"[\s\S]*?<\/nav>/)![0];
    expect(links).toContain('<a class="chip" href="/leaderboard?scope=community&amp;since=30d&amp;platform=web&amp;community=web&amp;control=style" aria-current="true">All prompts <span class="count">460</span></a>');
    expect(links).toContain('href="/leaderboard?scope=community&amp;since=30d&amp;platform=web&amp;community=web&amp;category=lettering&amp;control=style">Text and lettering <span class="count">38</span>');
    expect(links.match(/class="chip"/g)).toHaveLength(1 + CATEGORIES.length);
  });

  it('marks the chosen category, names it in the lede, keeps it in the form and the chart, and lists the others from the unfiltered board', () => {
    const animals = fixtureBoard({ ...query, category: 'animals' });
    const shown = String(leaderboardBody({ ...animals, categories: CATEGORIES, scopeBattles: 460 }));
    expect(shown).toContain('<p class="lede">Everywhere · All time · Animals · 142 battles</p>');
    expect(shown).toMatch(/category=animals" aria-current="true">Animals <span class="count">142<\/span>/);
    expect(shown).toContain('<input type="hidden" name="category" value="animals">');
    expect(shown).toContain('src="/leaderboard.png?scope=global&amp;since=all&amp;category=animals"');
  });

  it('offers no filter where no category has enough battles', () => {
    expect(String(leaderboardBody({ ...board, categories: [] }))).not.toContain('chips categories');
  });

  it('says "Web arena" for the web community, never "this server"', () => {
    const web = String(leaderboardBody(fixtureBoard({ scope: 'community', platform: 'web', community: 'web', since: 'all', control: 'style' })));
    expect(web).toContain('<p class="lede">Web arena · All time · 460 battles</p>');
    expect(web).not.toContain('this server');
  });
});

describe('your board', () => {
  const board = fixtureBoard(query);
  const section = (page: string) => page.slice(page.indexOf('<section class="your-board"'), page.indexOf('</section>', page.indexOf('<section class="your-board"')));

  it('invites a voter below the minimum to vote the votes still missing', () => {
    const before = section(String(leaderboardBody(board, { your: { kind: 'board', board: fixturePersonal('web:x', 6, query) } })));
    expect(before).toContain('<p class="your-invite">Vote in 4 more duels to see your board.</p>');
    expect(before).toContain('6 votes so far.');
    expect(before).not.toContain('<table');
    const one = section(String(leaderboardBody(board, { your: { kind: 'board', board: fixturePersonal('web:x', 9, query) } })));
    expect(one).toContain('Vote in 1 more duel to see your board.');
    const none = section(String(leaderboardBody(board, { your: { kind: 'no-voter' } })));
    expect(none).toContain('Vote in duels in the arena to see your own board here.');
  });

  it('from the minimum on, ranks the models beside the crowd with the change, and says how often the voter agreed', () => {
    const mine = fixturePersonal('web:x', 12, query);
    const after = section(String(leaderboardBody(board, { your: { kind: 'board', board: mine } })));
    expect(after).toContain('From your 12 votes here, starting from the community’s ratings. You agreed with the crowd in 7 of 10 duels (70\u00a0%).');
    const rows = [...after.matchAll(/<td class="strong">(\d+)<\/td>\s*<td><span class="model">([^<]+)<\/span><\/td>\s*<td class="num">(\d+)<\/td>\s*<td class="num"><span class="delta \w+"[^>]*>([^<]+)</g)].map((m) => `${m[1]} ${m[2]} ${m[3]} ${m[4]}`);
    const [first, second] = [mine.rows[0]!.label, mine.rows[1]!.label];
    expect(rows.slice(0, 2)).toEqual([`1 ${first} 2 ▲1`, `2 ${second} 1 ▼1`]);
    expect(rows[4]).toBe(`5 ${mine.rows[4]!.label} 5 =`);
    expect(after).toContain('Only you see this');
  });

  it('words the agreement for one duel and for none', () => {
    expect(agreementText({ agreed: 1, compared: 1, share: 1 })).toBe('You agreed with the crowd in 1 of 1 duel (100\u00a0%).');
    expect(agreementText({ agreed: 0, compared: 0, share: null })).toMatch(/^None of your votes can be set beside the crowd’s yet/);
  });

  it('says when the board could not be drawn, and shows nothing when the caller has no visitor', () => {
    expect(section(String(leaderboardBody(board, { your: { kind: 'unavailable' } })))).toContain('Your board could not be drawn just now');
    expect(String(leaderboardBody(board))).not.toContain('id="your-board"');
  });
});
