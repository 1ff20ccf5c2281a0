import { afterAll, describe, expect, it } from 'vitest';
import { Resvg } from '@resvg/resvg-js';
import { buildBoard } from '../../src/core/ratings/index.js';
import { CHART_WIDTH, chartHeight, leaderboardChartSvg } from '../../src/render/leaderboard-chart.js';
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
  labels: { 'ollama:q': 'Qwen & friends (local)', 'anthropic:c': 'Claude', 'other:<script>': '<b>"Sneaky"</b>' },
  query,
});

describe('the leaderboard chart', () => {
  const svg = leaderboardChartSvg(board);

  it('draws one whisker per contender and escapes every label', () => {
    expect(svg).toContain('Qwen &amp; friends (local)');
    expect(svg).toContain('&lt;b&gt;&quot;Sneaky&quot;&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<script>');
    for (const r of board.rows) expect(svg).toContain(String(Math.round(r.rating)));
    expect(svg.match(/class="whisker"/g)).toHaveLength(board.rows.length);
    expect(svg.match(/class="reference"/g)).toHaveLength(1);
  });

  it('is valid SVG of the expected size, rasterized by the project renderer', async () => {
    const parsed = new Resvg(svg, { font: { loadSystemFonts: false } });
    expect(parsed.width).toBe(CHART_WIDTH);
    expect(parsed.height).toBe(chartHeight(3));
    const png = await renderer.renderTrusted(svg);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(chartHeight(3));
  });

  it('says there is nothing to show yet for an empty board', () => {
    expect(leaderboardChartSvg(buildBoard({ battles: [], labels: {}, query }))).toContain('No rated duels yet');
  });
});
