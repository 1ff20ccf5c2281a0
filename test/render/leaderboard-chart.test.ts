import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { buildBoard } from '../../src/core/ratings/index.js';
import type { Leaderboard, LeaderboardQuery } from '../../src/core/model/board-types.js';
import { CHART_WIDTH, chartHeight, leaderboardChartSvg, MIN_FONT, MIN_PHONE_PX, PHONE_WIDTH, textWidth } from '../../src/render/leaderboard-chart.js';
import { withControl } from '../core/board/fixtures.js';
import { createRenderer } from '../../src/render/renderer.js';

const renderer = createRenderer({ poolSize: 1 });
const require = createRequire(import.meta.url);
const DEJAVU_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const DEJAVU = readdirSync(DEJAVU_DIR).filter((f) => /^DejaVuSans.*\.ttf$/.test(f)).map((f) => join(DEJAVU_DIR, f));
afterAll(() => renderer.close());

const query = { scope: 'global', since: 'all' } as const;
const board = buildBoard({
  battles: [
    { a: 'ollama:q', b: 'anthropic:c', outcome: 1 },
    { a: 'anthropic:c', b: 'ollama:q', outcome: 0.25 },
    { a: 'anthropic:c', b: 'other:<script>', outcome: 1 },
  ],
  labels: { 'ollama:q': 'Qwen & co', 'anthropic:c': 'Claude', 'other:<script>': '<b>"Sneaky"</b>' },
  query,
});

/** Many battles among three contenders, so every interval is known and nobody is provisional. */
function settledBoard(specs: string[], extra: Partial<Leaderboard> = {}, source?: string): Leaderboard {
  const battles = [];
  for (let k = 0; k < 90; k++) battles.push({ a: specs[k % 3], b: specs[(k + 1) % 3], outcome: k % 4 === 0 ? 0 : k % 5 === 0 ? 0.5 : 1 });
  return { ...buildBoard({ battles, labels: {}, query, source }), ...extra };
}

/** The `<text>` contents of an SVG, tags stripped. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>(.*?)<\/text>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

describe('the leaderboard chart', () => {
  const svg = leaderboardChartSvg(board);

  it('draws one dot per contender and escapes every label', () => {
    expect(svg).toContain('Qwen &amp; co');
    expect(svg).toContain('&lt;b&gt;&quot;Sneaky&quot;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<script>');
    for (const r of board.rows) expect(svg).toContain(String(Math.round(r.rating)));
    expect(svg.match(/class="dot/g)).toHaveLength(board.rows.length);
    expect(svg.match(/class="reference"/g)).toHaveLength(1);
  });

  it('writes asymmetric intervals as they are, never as ±', () => {
    const settled = settledBoard(['ollama:a', 'anthropic:b', 'openai:c']);
    const out = leaderboardChartSvg(settled);
    expect(out).not.toContain('±');
    const lines = texts(out);
    for (const r of settled.rows) {
      expect(r.ci).not.toBeNull();
      expect(lines).toContain(`${Math.round(r.rating)}(${Math.round(r.ci![0])} – ${Math.round(r.ci![1])})`);
    }
    expect(out.match(/class="whisker"/g)).toHaveLength(3);
  });

  it('marks provisional contenders, and says when an interval is not yet known instead of drawing zero width', () => {
    // One battle: both provisional, and resampling cannot vary.
    const one = leaderboardChartSvg(buildBoard({ battles: [{ a: 'ollama:q', b: 'anthropic:c', outcome: 1 }], labels: {}, query }));
    expect(one.match(/class="dot provisional"/g)).toHaveLength(2);
    expect(one.match(/class="provisional"/g)).toHaveLength(2);
    expect(one).not.toContain('class="whisker"');
    expect(texts(one).filter((t) => t.includes('(not yet known)'))).toHaveLength(2);
    expect(texts(one).join(' ')).toMatch(/Provisional: fewer than 10 battles/);
    expect(texts(leaderboardChartSvg(settledBoard(['ollama:a', 'anthropic:b', 'openai:c']))).join(' ')).not.toMatch(/provisional|not yet known/i);
  });

  it('names the CSV for --battles instead of a scope', () => {
    const lines = texts(leaderboardChartSvg(settledBoard(['a', 'b', 'c'], {}, 'battles.csv')));
    expect(lines[1]).toBe('90 rated battles · from battles.csv');
    expect(lines.join(' ')).not.toMatch(/all time|everywhere/);
    expect(texts(leaderboardChartSvg(settledBoard(['a', 'b', 'c'])))[1]).toBe('90 rated battles · everywhere, all time');
  });

  it('gives each provider its own colour, and shows no provider legend when there is none to tell apart', () => {
    const legendOf = (s: string) => s.match(/<g class="legend">(.*?)<\/g>(?=\n)/s)![1];
    const fills = (s: string) => [...legendOf(s).matchAll(/<circle [^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => m[1]);
    // Specs without a provider (a CSV of battles): just the key to the marks.
    const plain = leaderboardChartSvg(settledBoard(['x', 'y', 'z']));
    expect(fills(plain)).toHaveLength(1);
    const three = leaderboardChartSvg(settledBoard(['ollama:a', 'anthropic:b', 'openrouter:c']));
    const providerFills = fills(three).slice(1);
    expect(providerFills).toHaveLength(3);
    expect(new Set(providerFills).size).toBe(3);
    const oneProvider = leaderboardChartSvg(settledBoard(['ollama:a', 'ollama:b', 'ollama:c']));
    expect(texts(oneProvider)).not.toContain('ollama');
  });

  it('shows the side-A share with its interval, and what was left out or down-weighted', () => {
    const withNotes = settledBoard(['ollama:a', 'anthropic:b', 'openai:c'], { leftOutVotes: 7, downWeightedDuels: 3 });
    const all = texts(leaderboardChartSvg(withNotes)).join(' ');
    const [lo, hi] = withNotes.sideAWinCi!;
    expect(all).toContain(`Side A won ${Math.round(withNotes.sideAWinShare! * 100)}\u00a0% of ${withNotes.decisiveBattles} decisive battles (95\u00a0% interval ${Math.round(lo * 100)}–${Math.round(hi * 100)}\u00a0%)`);
    expect(all).toContain('7 votes from flagged voters left out.');
    expect(all).toContain('3 duels on repeated prompts down-weighted.');
    expect(texts(leaderboardChartSvg(settledBoard(['ollama:a', 'anthropic:b', 'openai:c']))).join(' ')).not.toMatch(/left out|down-weighted/);
  });

  it('gives a name that does not fit beside the numbers a line of its own, and cuts only a name wider than the chart', () => {
    const long = 'Claude Opus 4.7 (extended thinking)';
    const huge = 'A very long model name that would not fit on a phone even on a line of its own, not at all';
    const b = buildBoard({ battles: [{ a: 'ollama:x', b: 'anthropic:y', outcome: 1 }, { a: 'ollama:z', b: 'anthropic:y', outcome: 0 }], labels: { 'ollama:x': long, 'anthropic:y': 'Short', 'ollama:z': huge }, query });
    const out = leaderboardChartSvg(b);
    const names = [...out.matchAll(/<text class="name" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), name: m[3] }));
    const values = [...out.matchAll(/<text class="value" x="[\d.]+" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    const byName = (start: string) => names.findIndex((n) => n.name.startsWith(start));
    // Whole, on a line above its numbers.
    expect(names[byName('Claude Opus')].name).toBe(long);
    expect(values[byName('Claude Opus')]).toBeGreaterThan(names[byName('Claude Opus')].y);
    // Short: beside its numbers.
    expect(values[byName('Short')]).toBe(names[byName('Short')].y);
    // Wider than the chart: cut to fit it, provisional mark included.
    const cut = names[byName('A very long')];
    expect(cut.name.endsWith('…')).toBe(true);
    expect(cut.x + textWidth(cut.name, 22) + 10 + textWidth('provisional', MIN_FONT)).toBeLessThanOrEqual(CHART_WIDTH - 20);
  });

  it('keeps every text at least 12 px when a phone shows the chart 390 px wide', () => {
    const busy = withControl(settledBoard(['ollama:a', 'anthropic:b', 'openai:c'], { leftOutVotes: 7 }));
    for (const out of [svg, leaderboardChartSvg(busy), leaderboardChartSvg(buildBoard({ battles: [], labels: {}, query }))]) {
      const width = Number(/<svg[^>]* width="(\d+)"/.exec(out)![1]);
      const sizes = [...out.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
      expect(sizes.length).toBeGreaterThan(3);
      for (const size of sizes) expect((size * PHONE_WIDTH) / width).toBeGreaterThanOrEqual(MIN_PHONE_PX);
    }
  });

  it('measures text on the wide side of DejaVu Sans, so what is said to fit fits', () => {
    for (const s of ['Claude Opus 4.7 (extended thinking)', 'GPT-5.1 Codex Max', 'Llama 4 Scout 17B-16E Instruct', 'iiiilll', 'WWW MMM', '1102 (1050 – 1150)']) {
      const probe = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="60"><text x="0" y="40" font-family="DejaVu Sans" font-size="22">${s}</text></svg>`;
      const real = new Resvg(probe, { font: { loadSystemFonts: false, fontFiles: DEJAVU, defaultFontFamily: 'DejaVu Sans' } }).getBBox()!.width;
      expect(textWidth(s, 22)).toBeGreaterThanOrEqual(real - 2);
      expect(textWidth(s, 22)).toBeLessThan(real * 1.6);
    }
  });

  it('shows the style-controlled rating beside the raw one when the board has it', () => {
    const plain = settledBoard(['ollama:a', 'anthropic:b', 'openai:c']);
    const controlled = withControl(plain);
    const out = leaderboardChartSvg(controlled);
    expect(out.match(/class="controlled"/g)).toHaveLength(3);
    const all = texts(out);
    expect(all).toContain('style-controlled');
    expect(all).toContain('raw rating, 95 % interval');
    for (const c of controlled.control!.rows) expect(out).toContain(`◆ ${Math.round(c.rating)}</tspan>`);
    expect(all.join(' ')).toMatch(/◆ Style-controlled: the rating with drawing style/);
    // The axis covers a controlled rating outside every raw interval.
    const far = { ...controlled, control: { ...controlled.control!, rows: controlled.control!.rows.map((r, k) => (k === 0 ? { ...r, rating: 2400 } : r)) } };
    const farSvg = leaderboardChartSvg(far);
    const ticks = texts(farSvg).filter((t) => /^−?\d+$/.test(t)).map((t) => Number(t.replace('−', '-')));
    expect(Math.max(...ticks)).toBeGreaterThanOrEqual(2400);
    for (const m of farSvg.matchAll(/class="controlled" d="M([\d.]+) /g)) expect(Number(m[1])).toBeLessThanOrEqual(CHART_WIDTH - 20);
    // Without it: no diamond, no word of it.
    expect(leaderboardChartSvg(plain)).not.toMatch(/controlled/);
  });

  it('names the scope as each place calls it: web arena, this server, this workspace, everywhere; and the category', () => {
    const sub = (q: LeaderboardQuery) => texts(leaderboardChartSvg({ ...settledBoard(['a', 'b', 'c']), query: q }))[1];
    expect(sub({ scope: 'community', since: 'all', platform: 'web', community: 'web' })).toBe('90 rated battles · web arena, all time');
    expect(sub({ scope: 'community', since: '7d', platform: 'discord', community: 'g' })).toBe('90 rated battles · this server, last 7 days');
    expect(sub({ scope: 'community', since: '30d', platform: 'slack', community: 'T1' })).toBe('90 rated battles · this workspace, last 30 days');
    expect(sub({ scope: 'channel', since: 'all', platform: 'slack', community: 'T1', channel: 'C1' })).toBe('90 rated battles · this channel, all time');
    expect(sub({ scope: 'global', since: 'all', category: 'animals' })).toBe('90 rated battles · everywhere, all time · Animals');
    // Too long for one line: broken between the parts, not inside one.
    const two = texts(leaderboardChartSvg({ ...settledBoard(['a', 'b', 'c']), query: { scope: 'community', since: '30d', platform: 'slack', category: 'lettering' } }));
    expect(two.slice(1, 3)).toEqual(['90 rated battles · this workspace, last 30 days', 'Text and lettering']);
  });

  it('is valid SVG of the expected size, rasterized by the project renderer', async () => {
    const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
    expect(parsed.width).toBe(CHART_WIDTH);
    expect(parsed.height).toBe(chartHeight(board));
    const png = await renderer.renderTrusted(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(chartHeight(board));
  });

  it('says there is nothing to show yet for an empty board', () => {
    expect(leaderboardChartSvg(buildBoard({ battles: [], labels: {}, query }))).toContain('No rated duels yet');
  });
});
