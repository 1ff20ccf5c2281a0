/**
 * The leaderboard as an SVG chart: one row per contender, a dot at its Bradley–Terry
 * rating with whiskers for the 95 % interval, the rating value, a dashed 1000 reference
 * line, a title and the battle count. Rasterized by the renderer's `renderTrusted`; every
 * label is escaped, since labels come from configuration.
 */
import type { Leaderboard, LeaderboardQuery, LeaderboardRow } from '../core/types.js';

export const CHART_WIDTH = 900;
const ROW_HEIGHT = 48;
const TOP = 92;
const BOTTOM = 28;
const FONT = "'DejaVu Sans', sans-serif";

const PLOT_LEFT = 300;
const PLOT_RIGHT = 770;

const COLORS = {
  background: '#1e2029',
  band: '#262935',
  text: '#f1f2f6',
  muted: '#9aa0b4',
  grid: '#343849',
  reference: '#c9ccd8',
  other: '#a78bfa',
};
/** Dot colour per provider (the part of the spec before the first colon). */
const PROVIDER_COLORS: Record<string, string> = { anthropic: '#f0905f', ollama: '#5fa8f0' };

/** Chart height in px for a number of rows (at least one row of space). */
export function chartHeight(rows: number): number {
  return TOP + BOTTOM + ROW_HEIGHT * Math.max(1, rows);
}

export function leaderboardChartSvg(board: Leaderboard): string {
  const rows = board.rows.filter((r) => Number.isFinite(r.rating));
  const height = chartHeight(rows.length);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FONT}">`,
    `<rect width="${CHART_WIDTH}" height="${height}" rx="14" fill="${COLORS.background}"/>`,
    text(32, 44, 'Prompt duel leaderboard', { size: 24, weight: 'bold' }),
    text(32, 70, subtitle(board), { size: 14, fill: COLORS.muted }),
  );
  out.push(legend(rows));

  if (rows.length === 0) {
    out.push(text(CHART_WIDTH / 2, TOP + ROW_HEIGHT / 2 + 6, 'No rated duels yet: start one with /duel', { size: 18, fill: COLORS.muted, anchor: 'middle' }));
    out.push('</svg>');
    return out.join('\n');
  }

  const [lo, hi, step] = domain(rows);
  const x = (v: number) => PLOT_LEFT + ((v - lo) / (hi - lo)) * (PLOT_RIGHT - PLOT_LEFT);
  const plotTop = TOP - 6;
  const plotBottom = TOP + ROW_HEIGHT * rows.length + 4;

  rows.forEach((_, k) => {
    if (k % 2 === 0) out.push(`<rect x="16" y="${TOP + k * ROW_HEIGHT}" width="${CHART_WIDTH - 32}" height="${ROW_HEIGHT}" rx="6" fill="${COLORS.band}"/>`);
  });
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    const gx = fmt(x(v));
    if (v !== 1000) out.push(`<line x1="${gx}" y1="${plotTop}" x2="${gx}" y2="${plotBottom}" stroke="${COLORS.grid}" stroke-width="1"/>`);
    out.push(text(x(v), plotBottom + 18, String(v), { size: 12, fill: COLORS.muted, anchor: 'middle' }));
  }
  const rx = fmt(x(1000));
  out.push(`<line class="reference" x1="${rx}" y1="${plotTop}" x2="${rx}" y2="${plotBottom}" stroke="${COLORS.reference}" stroke-width="1.5" stroke-dasharray="5 4" opacity="0.7"/>`);

  rows.forEach((row, k) => out.push(rowSvg(row, TOP + k * ROW_HEIGHT + ROW_HEIGHT / 2, x)));
  out.push('</svg>');
  return out.join('\n');
}

function rowSvg(row: LeaderboardRow, cy: number, x: (v: number) => number): string {
  const color = PROVIDER_COLORS[row.spec.split(':')[0]] ?? COLORS.other;
  const [l, h] = [x(row.ci[0]), x(row.ci[1])];
  const cx = x(row.rating);
  const parts = [
    text(44, cy + 6, String(row.rank), { size: 16, fill: COLORS.muted, anchor: 'end', weight: 'bold' }),
    text(60, cy + 6, truncate(row.label, 24), { size: 16 }),
    `<g class="whisker" stroke="${color}" stroke-width="2.5" stroke-linecap="round">` +
      `<line x1="${fmt(l)}" y1="${cy}" x2="${fmt(h)}" y2="${cy}"/>` +
      `<line x1="${fmt(l)}" y1="${cy - 8}" x2="${fmt(l)}" y2="${cy + 8}"/>` +
      `<line x1="${fmt(h)}" y1="${cy - 8}" x2="${fmt(h)}" y2="${cy + 8}"/></g>`,
    `<circle cx="${fmt(cx)}" cy="${cy}" r="7" fill="${color}" stroke="${COLORS.background}" stroke-width="2"/>`,
    text(846, cy + 6, String(Math.round(row.rating)), { size: 18, weight: 'bold', anchor: 'end' }),
    text(851, cy + 6, `±${Math.round((row.ci[1] - row.ci[0]) / 2)}`, { size: 12, fill: COLORS.muted }),
  ];
  return `<g class="row">${parts.join('')}</g>`;
}

/** "12 rated battles · 95 % intervals · global, all time" */
function subtitle(board: Leaderboard): string {
  const n = `${board.battles.toLocaleString('en-US')} rated ${board.battles === 1 ? 'battle' : 'battles'}`;
  return `${n} · dots: Bradley–Terry rating, whiskers: 95 % interval · ${scopeText(board.query)}`;
}

function scopeText(q: LeaderboardQuery): string {
  const scope = q.scope === 'global' ? 'all places' : q.scope === 'community' ? 'this server' : 'this channel';
  const since = q.since === 'all' ? 'all time' : q.since === '30d' ? 'last 30 days' : 'last 7 days';
  return `${scope}, ${since}`;
}

function legend(rows: LeaderboardRow[]): string {
  const providers = [...new Set(rows.map((r) => r.spec.split(':')[0]))].sort();
  let xPos = CHART_WIDTH - 32;
  const items: string[] = [];
  for (const p of providers.reverse()) {
    const label = truncate(p, 14);
    const w = label.length * 8 + 22;
    xPos -= w;
    items.push(
      `<circle cx="${xPos + 6}" cy="40" r="6" fill="${PROVIDER_COLORS[p] ?? COLORS.other}"/>` +
        text(xPos + 18, 45, label, { size: 13, fill: COLORS.muted }),
    );
    xPos -= 12;
  }
  return `<g class="legend">${items.join('')}</g>`;
}

/** A rounded axis range covering every interval and 1000, and its tick step. */
function domain(rows: LeaderboardRow[]): [number, number, number] {
  let lo = 1000;
  let hi = 1000;
  for (const r of rows) {
    for (const v of [r.rating, r.ci[0], r.ci[1]]) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const span = Math.max(hi - lo, 40);
  const step = [10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => span / s <= 6) ?? 2000;
  lo = Math.floor((lo - span * 0.04) / step) * step;
  hi = Math.ceil((hi + span * 0.04) / step) * step;
  return [lo, hi, step];
}

interface TextStyle {
  size: number;
  fill?: string;
  weight?: 'bold';
  anchor?: 'start' | 'middle' | 'end';
}

function text(x: number, y: number, content: string, style: TextStyle): string {
  const attrs = [`x="${fmt(x)}"`, `y="${fmt(y)}"`, `font-size="${style.size}"`, `fill="${style.fill ?? COLORS.text}"`];
  if (style.weight) attrs.push(`font-weight="${style.weight}"`);
  if (style.anchor && style.anchor !== 'start') attrs.push(`text-anchor="${style.anchor}"`);
  return `<text ${attrs.join(' ')}>${escapeXml(content)}</text>`;
}

/** Escape for XML text and attribute values, dropping characters XML cannot hold. */
export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
  );
}

function truncate(s: string, max: number): string {
  const cps = [...s.replace(/\s+/g, ' ').trim()];
  return cps.length <= max ? cps.join('') : `${cps.slice(0, max - 1).join('')}…`;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}
