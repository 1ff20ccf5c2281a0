/**
 * The board views chat shows on request, as text: raw against style-controlled ranks with the
 * change, what wins votes, the metrics table, a voter's own board, and categories. Boards are
 * the real buildBoard on simulated battles, with control, metrics and categories filled in.
 */
import { describe, expect, it } from 'vitest';
import { boardViewText, queryForView, scopeLine, scopeWords } from '../../../src/core/board/board-view.js';
import { categoryLabel, categoryShortfall, CATEGORY_NAMES, parseCategory, shortfallText } from '../../../src/core/board/board-categories.js';
import { formatLeaderboardTable } from '../../../src/core/board/leaderboard-table.js';
import { count, duration, formatMetricsTable, kb } from '../../../src/core/board/metrics-table.js';
import { formatPersonalBoard, personalHeadline } from '../../../src/core/board/personal-table.js';
import { coefText, featureWords, formatStyleTable, whatWinsLines } from '../../../src/core/board/style-table.js';
import { rankChange } from '../../../src/core/board/text-columns.js';
import { truncateMiddle } from '../../../src/core/board/pair-matrix-table.js';
import { DRAWING_FEATURE_NAMES } from '../../../src/core/model/drawing-features.js';
import { LABELS, personal, settledBoard, withControl, withMetrics } from './fixtures.js';

const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
const board = settledBoard();
const opts = { categoryHint: 'Pick one with /leaderboard category.' };

describe('raw against style-controlled ranks', () => {
  const controlled = withControl(board);
  const text = formatStyleTable(controlled);
  const lines = text.split('\n');

  it('shows rank, controlled rank with its change, contender, rating and controlled rating, within the chat width', () => {
    expect(lines[0]).toMatch(/^#\s+Ctrl #\s+Contender\s+Rating\s+Controlled$/);
    expect(width(text)).toBeLessThanOrEqual(64);
    const ctrl = new Map(controlled.control!.rows.map((r) => [r.spec, r]));
    board.rows.forEach((r, k) => {
      const c = ctrl.get(r.spec)!;
      const line = lines[k + 1];
      expect(line).toMatch(new RegExp(`^${r.rank}\\s+${c.rank} ${rankChange(r.rank, c.rank).replace(/[▲▼]/, '[▲▼]')}\\s`));
      expect(line).toMatch(new RegExp(`\\s${Math.round(r.rating)}\\s+${Math.round(c.rating)}$`));
    });
    // The top contender loses 90 points once style is held equal and falls below the second.
    expect(lines[1]).toContain('GPT-5.1 Codex Max');
  });

  it('words rank changes as ▲ up, ▼ down, = same', () => {
    expect(rankChange(3, 1)).toBe('▲2');
    expect(rankChange(1, 2)).toBe('▼1');
    expect(rankChange(4, 4)).toBe('=');
  });

  it('says what wins votes in people words, largest effect first, in Elo points with the interval, and what the unit means', () => {
    const ww = whatWinsLines(controlled.control!);
    expect(ww[0]).toBe(`What wins votes (${controlled.control!.battles} battles with features):`);
    expect(ww.slice(1, 6).map((l) => l.trim().split(/\s{2,}/)[0])).toEqual(['Animated drawings', 'More colours', 'More elements', 'Drawn text', 'Bigger files']);
    expect(ww[1]).toMatch(/Animated drawings\s+\+84 \(51–117\)$/);
    expect(ww[3]).toMatch(/More elements\s+\+12 \(−5 to 30\)$/);
    expect(ww[4]).toMatch(/Drawn text\s+0 \(not yet known\)$/);
    expect(ww.slice(6).join(' ')).toMatch(/^Elo points a drawing gains, whatever its model, from one standard step more of the feature/);
    expect(text).toContain(ww[1]);
    expect(DRAWING_FEATURE_NAMES.map(featureWords)).toEqual(['Bigger files', 'More elements', 'More colours', 'Animated drawings', 'Drawn text']);
    expect(featureWords('gradients')).toBe('More gradients');
    expect(coefText({ name: 'x', coef: -40.4, ci: [-60, -20] })).toBe('−40 (−60 to −20)');
  });

  it('never shows the online Elo beside the rating: one rating, and the controlled one named as such', () => {
    expect(text).not.toMatch(/\bElo\b(?! points)/);
    expect(formatLeaderboardTable(board)).not.toMatch(/\bElo\b/);
    expect(text).toMatch(/Controlled: the rating with drawing style .* held equal/s);
  });

  it('says so when the board has no controlled fit, or none of its battles has features', () => {
    expect(formatStyleTable(board)).toMatch(/^Style control needs battles whose drawings both have their\s+features measured/);
    const none = { ...controlled, control: { ...controlled.control!, features: [], rows: [] } };
    expect(formatStyleTable(none)).toMatch(/^Style control needs/);
  });

  it('keeps long labels within a narrow width, shortened in the middle', () => {
    const narrow = formatStyleTable(controlled, { maxWidth: 44 });
    expect(width(narrow)).toBeLessThanOrEqual(44);
    expect(narrow).toContain('…');
    // Both ends kept: model names often differ only at the end.
    expect(narrow).toContain(truncateMiddle('Claude Opus 4.7 (extended thinking)', 13));
    expect(truncateMiddle('Claude Opus 4.7 (extended thinking)', 13)).toBe('Claude…nking)');
  });

  it('asks the engine for the controlled fit only for the style view', () => {
    const q = { scope: 'global', since: 'all' } as const;
    expect(queryForView(q, 'style')).toEqual({ ...q, control: 'style' });
    expect(queryForView(q, 'metrics')).toEqual(q);
    expect(queryForView(q, 'ranks')).toEqual(q);
  });
});

describe('the metrics table', () => {
  const text = formatMetricsTable(withMetrics(board));
  const lines = text.split('\n');

  it('shows drew %, median KB and elements, animated %, text %, median time and tokens, within the chat width', () => {
    expect(lines[0]).toMatch(/^#\s+Contender\s+Drew\s+KB\s+Elem\s+Anim\s+Text\s+Time\s+Tokens$/);
    expect(width(text)).toBeLessThanOrEqual(64);
    expect(lines[1]).toMatch(/^1 GPT-5\.1 Codex Max\s+100%\s+2\.1\s+12\s+0%\s+5%\s+4\.2s\s+180\/800$/);
    // Medians over 10 KB whole, a minute and more as 1m01, thousands of tokens as k, an unknown as ?.
    expect(lines[4]).toMatch(/\s91%\s+14\s+27\s+30%\s+0%\s+1m01\s+183\/8\.3k$/);
    expect(lines[8]).toMatch(/\s187\/\?$/);
    expect(text).toMatch(/Drew: draws that produced a drawing\./);
  });

  it('writes numbers short', () => {
    expect([kb(2150), kb(10_240), kb(null)]).toEqual(['2.1', '10', '–']);
    expect([duration(8_400), duration(41_000), duration(185_000), duration(null)]).toEqual(['8.4s', '41s', '3m05', '–']);
    expect([count(850), count(1_234), count(12_345), count(1_500_000)]).toEqual(['850', '1.2k', '12k', '1.5M']);
  });

  it('says so when the board has no metrics (a CSV of battles)', () => {
    expect(formatMetricsTable(board)).toBe('No drawing metrics on this board yet.');
  });
});

describe("a voter's own board", () => {
  it('heads with the votes and the agreement with the crowd, then your rank against the crowd’s', () => {
    const pb = personal(board, 14);
    const text = formatPersonalBoard(pb);
    expect(personalHeadline(pb)).toBe('Your board — 14 votes; you agreed with the crowd in 9 of 12 (75\u00a0%)');
    expect(text.split('\n')[0]).toBe('Your board — 14 votes; you agreed with the crowd in 9 of 12');
    expect(width(text)).toBeLessThanOrEqual(64);
    const head = text.split('\n').findIndex((l) => l.startsWith('#'));
    expect(text.split('\n')[head]).toMatch(/^#\s+Crowd #\s+Contender\s+Yours\s+Crowd$/);
    // Your first is the crowd's last: up by as many places.
    const first = pb.rows[0];
    expect(text.split('\n')[head + 1]).toMatch(new RegExp(`^1\\s+${first.communityRank} ▲${first.communityRank - 1}\\s+${LABELS[first.spec]}\\s+1100\\s+${Math.round(first.communityRating)}$`));
    expect(text).toMatch(/Only you see this board; it shows nobody else’s votes\./);
  });

  it('says how many more votes it takes until the minimum', () => {
    expect(formatPersonalBoard(personal(board, 6))).toBe('Vote in 4 more duels to see your board (6 of\u00a010 so far).');
    expect(formatPersonalBoard(personal(board, 9))).toBe('Vote in 1 more duel to see your board (9 of\u00a010 so far).');
    expect(formatPersonalBoard(personal(board, 0))).toMatch(/^Vote in 10 more duels/);
  });

  it('says when no vote can be compared with the crowd yet', () => {
    const pb = { ...personal(board, 10), agreement: { agreed: 0, compared: 0, share: null } };
    expect(personalHeadline(pb)).toBe('Your board — 10 votes; none of them can be compared with the crowd yet');
  });
});

describe('categories', () => {
  it('has the eight built-in categories with their names for people', () => {
    expect(CATEGORY_NAMES).toEqual(['animals', 'people', 'vehicles', 'scenes', 'objects', 'lettering', 'abstract', 'animation']);
    expect(CATEGORY_NAMES.map(categoryLabel)).toEqual(['Animals', 'People', 'Vehicles', 'Scenes and places', 'Objects, food and plants', 'Text and lettering', 'Abstract and patterns', 'Animation asked for']);
    expect(categoryLabel('space')).toBe('space');
  });

  it('reads a typed category by key or by its name', () => {
    expect(parseCategory('Animals')).toBe('animals');
    expect(parseCategory('text-and-lettering')).toBe('lettering');
    expect(parseCategory('abstractandpatterns')).toBe('abstract');
    expect(parseCategory('dragons')).toBeNull();
  });

  it('says a category has too few duels, and lists the ones that have enough', () => {
    const scoped = { ...board, battles: 12, query: { ...board.query, category: 'animals' }, categories: [{ name: 'people', battles: 45 }, { name: 'scenes', battles: 31 }] };
    expect(categoryShortfall(scoped, 30)).toEqual({ name: 'animals', battles: 12, needed: 30 });
    expect(shortfallText(categoryShortfall(scoped, 30)!)).toBe('Not enough duels in Animals yet: 12 of\u00a030.');
    const reply = boardViewText(scoped, 'ranks', opts);
    expect(reply).toEqual({ table: false, text: 'Not enough duels in Animals yet: 12 of\u00a030. Categories: People\u00a0(45), Scenes and places\u00a0(31). Pick one with /leaderboard category.' });
    // Listed with enough battles: shown.
    const enough = { ...scoped, categories: [{ name: 'animals', battles: 40 }] };
    expect(categoryShortfall(enough, 30)).toBeNull();
    expect(boardViewText(enough, 'ranks', opts).table).toBe(true);
  });

  it('lists the categories a scope offers under its ranks', () => {
    const offered = { ...board, categories: [{ name: 'animals', battles: 52 }, { name: 'lettering', battles: 30 }] };
    const reply = boardViewText(offered, 'ranks', opts);
    expect(reply.table).toBe(true);
    expect(reply.text).toMatch(/\n\nCategories: Animals\u00a0\(52\), Text and lettering\u00a0\(30\)\. Pick one with\s+\/leaderboard category\.$/);
    expect(boardViewText(board, 'ranks', opts).text).not.toContain('Categories');
  });
});

describe('scope words', () => {
  it('names each scope as its place calls it', () => {
    expect(scopeWords({ scope: 'community', since: 'all', platform: 'web' })).toBe('web arena');
    expect(scopeWords({ scope: 'community', since: 'all', platform: 'discord' })).toBe('this server');
    expect(scopeWords({ scope: 'community', since: 'all', platform: 'slack' })).toBe('this workspace');
    expect(scopeWords({ scope: 'channel', since: 'all', platform: 'slack' })).toBe('this channel');
    expect(scopeWords({ scope: 'global', since: 'all' })).toBe('everywhere');
    expect(scopeLine({ scope: 'global', since: '7d', category: 'abstract' })).toBe('everywhere, last 7 days · Abstract and patterns');
  });
});
