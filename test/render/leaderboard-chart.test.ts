import { afterAll, describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { buildBoard } from '../../src/core/ratings/index.js';
import type { Leaderboard } from '../../src/core/model/types.js';
import { CHART_WIDTH, chartHeight, leaderboardChartSvg, textWidth } from '../../src/render/leaderboard-chart.js';
import { createRenderer } from '../../src/render/renderer.js';

const renderer = createRenderer({ poolSize: 1 });
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

  it('keeps long names clear of the rating column', () => {
    const long = 'A very long model name that would run into the numbers on a phone';
    const b = buildBoard({ battles: [{ a: 'ollama:x', b: 'anthropic:y', outcome: 1 }], labels: { 'ollama:x': long }, query });
    const name = texts(leaderboardChartSvg(b)).find((t) => t.startsWith('A very long'))!;
    expect(name.endsWith('…provisional')).toBe(true);
    expect(textWidth(name.replace(/provisional$/, ''), 24) + 64).toBeLessThan(CHART_WIDTH - 28 - textWidth('1507', 28) - textWidth('(not yet known)', 19));
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
