/**
 * The leaderboard as an SVG chart, laid out to stay readable when a phone shows it 360 px wide
 * (Discord and Slack show images at screen width): 720 px wide, so every font is at least 9 px
 * on a phone, and one contender per two lines: rank, name and rating with its interval written
 * out on the first, the dot (rating) and whisker (95 % interval) on the second, on a shared
 * axis with a dashed line at 1000. Intervals are drawn and written as they are (they are often
 * asymmetric), a provisional contender has a hollow dot and a dashed whisker, and the board's
 * notes (position-bias check and what was left out) close the chart. Rasterized by the
 * renderer's `renderTrusted`; every label is escaped, since labels come from configuration.
 */
import { boardNotes, intervalText } from '../core/ratings/board-notes.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardRow } from '../core/model/types.js';
import { escapeText } from './xml-escape.js';

export const CHART_WIDTH = 720;
const MARGIN = 28;
const ROW_HEIGHT = 90;
/** Top of the first legend line's text baseline, and the space per legend line. */
const LEGEND_Y = 118;
const LEGEND_LINE = 32;
const AXIS = 46;
const NOTE_LINE = 29;
const NOTE_SIZE = 21;
const FONT = "'DejaVu Sans', sans-serif";

const PLOT_LEFT = 64;
const PLOT_RIGHT = CHART_WIDTH - MARGIN - 8;

const COLORS = {
  background: '#1e2029',
  band: '#262935',
  text: '#f1f2f6',
  muted: '#a3a9bd',
  grid: '#343849',
  reference: '#c9ccd8',
  provisional: '#facc15',
};
/** Dot colour per provider (the part of a spec before its first colon). */
const PROVIDER_COLORS: Record<string, string> = { anthropic: '#f0905f', ollama: '#5fa8f0', openai: '#4fd1a5' };
/** Colours for other providers, given in order of first appearance so no two look alike. */
const PALETTE = ['#c4a5ff', '#f472b6', '#facc15', '#2dd4bf', '#fb7185', '#a3e635', '#fdba74', '#93c5fd'];
/** Specs without a provider prefix (e.g. from a CSV of battles). */
const PLAIN_COLOR = '#c4a5ff';

/** Chart height in px for a board (its rows and its notes). */
export function chartHeight(board: Leaderboard): number {
  const rows = board.rows.filter((r) => Number.isFinite(r.rating));
  const notes = rows.length === 0 ? 0 : noteLines(board).length;
  return headerHeight(rows) + ROW_HEIGHT * Math.max(1, rows.length) + (rows.length === 0 ? 0 : AXIS) + notes * NOTE_LINE + MARGIN;
}

/** Title, subtitle and the legend's lines. */
function headerHeight(rows: LeaderboardRow[]): number {
  return LEGEND_Y + 20 + (legend(rows, providerColors(rows)).lines - 1) * LEGEND_LINE;
}

export function leaderboardChartSvg(board: Leaderboard): string {
  const rows = board.rows.filter((r) => Number.isFinite(r.rating));
  const height = chartHeight(board);
  const colorOf = providerColors(rows);
  const top = headerHeight(rows);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FONT}">`,
    `<rect width="${CHART_WIDTH}" height="${height}" rx="14" fill="${COLORS.background}"/>`,
    text(MARGIN, 50, 'Prompt duel leaderboard', { size: 32, weight: 'bold' }),
    text(MARGIN, 84, subtitle(board), { size: 21, fill: COLORS.muted }),
    legend(rows, colorOf).svg,
  ];

  if (rows.length === 0) {
    // The same image goes to Discord, Slack, the web and `duel leaderboard --png`: how to start a
    // duel differs on each, so the words posted beside it say that, not the image.
    out.push(text(CHART_WIDTH / 2, top + ROW_HEIGHT / 2, 'No rated duels yet', { size: 22, fill: COLORS.muted, anchor: 'middle' }));
    out.push('</svg>');
    return out.join('\n');
  }

  const [lo, hi, step] = domain(rows);
  const x = (v: number) => PLOT_LEFT + ((v - lo) / (hi - lo)) * (PLOT_RIGHT - PLOT_LEFT);
  const plotTop = top - 8;
  const plotBottom = top + ROW_HEIGHT * rows.length;

  rows.forEach((_, k) => {
    if (k % 2 === 0) out.push(`<rect x="12" y="${top + k * ROW_HEIGHT}" width="${CHART_WIDTH - 24}" height="${ROW_HEIGHT}" rx="8" fill="${COLORS.band}"/>`);
  });
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    const gx = fmt(x(v));
    if (v !== 1000) out.push(`<line x1="${gx}" y1="${plotTop}" x2="${gx}" y2="${plotBottom}" stroke="${COLORS.grid}" stroke-width="1.5"/>`);
    out.push(text(x(v), plotBottom + 30, String(v).replace('-', '−'), { size: 20, fill: COLORS.muted, anchor: 'middle' }));
  }
  const rx = fmt(x(1000));
  out.push(`<line class="reference" x1="${rx}" y1="${plotTop}" x2="${rx}" y2="${plotBottom}" stroke="${COLORS.reference}" stroke-width="2" stroke-dasharray="6 5" opacity="0.7"/>`);

  rows.forEach((row, k) => out.push(rowSvg(row, top + k * ROW_HEIGHT, x, colorOf(row.spec))));

  let y = plotBottom + AXIS + NOTE_LINE - 6;
  for (const line of noteLines(board)) {
    out.push(text(MARGIN, y, line, { size: NOTE_SIZE, fill: COLORS.muted }));
    y += NOTE_LINE;
  }
  out.push('</svg>');
  return out.join('\n');
}

function rowSvg(row: LeaderboardRow, top: number, x: (v: number) => number, color: string): string {
  const textY = top + 34;
  const cy = top + 65;
  const cx = x(row.rating);
  const value = `<tspan font-size="26" font-weight="bold" fill="${COLORS.text}">${Math.round(row.rating)}</tspan>`;
  const range = row.ci
    ? `<tspan font-size="21" fill="${COLORS.muted}" dx="10">(${escapeText(intervalText(row.ci))})</tspan>`
    : `<tspan font-size="19" fill="${COLORS.muted}" dx="10">(not yet known)</tspan>`;
  const right = `<text class="value" x="${CHART_WIDTH - MARGIN}" y="${textY}" text-anchor="end">${value}${range}</text>`;
  // Room left for the name between the rank and the rating.
  const rightWidth =
    textWidth(String(Math.round(row.rating)), 26, true) + 10 + (row.ci ? textWidth(`(${intervalText(row.ci)})`, 21) : textWidth('(not yet known)', 19));
  const markWidth = row.provisional ? 10 + textWidth('provisional', 18) : 0;
  const nameRoom = CHART_WIDTH - MARGIN - rightWidth - PLOT_LEFT - 16 - markWidth;
  const name = fitText(row.label, nameRoom, 24);
  const label =
    `<text x="${PLOT_LEFT}" y="${textY}" font-size="24" fill="${COLORS.text}">${escapeText(name)}` +
    (row.provisional ? `<tspan class="provisional" font-size="18" fill="${COLORS.provisional}" dx="10">provisional</tspan>` : '') +
    '</text>';
  const parts = [text(46, textY, String(row.rank), { size: 24, fill: COLORS.muted, anchor: 'end', weight: 'bold' }), label, right];
  if (row.ci) {
    const [l, h] = [x(row.ci[0]), x(row.ci[1])];
    const dash = row.provisional ? ' stroke-dasharray="7 5"' : '';
    parts.push(
      `<g class="whisker" stroke="${color}" stroke-width="3.5" stroke-linecap="round">` +
        `<line x1="${fmt(l)}" y1="${cy}" x2="${fmt(h)}" y2="${cy}"${dash}/>` +
        `<line x1="${fmt(l)}" y1="${cy - 10}" x2="${fmt(l)}" y2="${cy + 10}"/>` +
        `<line x1="${fmt(h)}" y1="${cy - 10}" x2="${fmt(h)}" y2="${cy + 10}"/></g>`,
    );
  }
  parts.push(
    row.provisional
      ? `<circle class="dot provisional" cx="${fmt(cx)}" cy="${cy}" r="8" fill="${COLORS.background}" stroke="${color}" stroke-width="3.5"/>`
      : `<circle class="dot" cx="${fmt(cx)}" cy="${cy}" r="9" fill="${color}" stroke="${COLORS.background}" stroke-width="2.5"/>`,
  );
  return `<g class="row">${parts.join('')}</g>`;
}

/** "3,000 rated battles · from battles.csv" or "12 rated battles · everywhere, all time". */
function subtitle(board: Leaderboard): string {
  const n = `${board.battles.toLocaleString('en-US')} rated ${board.battles === 1 ? 'battle' : 'battles'}`;
  return `${n} · ${board.source !== undefined ? `from ${fitText(board.source, 360, 19)}` : scopeText(board.query)}`;
}

function scopeText(q: LeaderboardQuery): string {
  const scope = q.scope === 'global' ? 'everywhere' : q.scope === 'community' ? 'this server' : 'this channel';
  const since = q.since === 'all' ? 'all time' : q.since === '30d' ? 'last 30 days' : 'last 7 days';
  return `${scope}, ${since}`;
}

function providerOf(spec: string): string | undefined {
  const colon = spec.indexOf(':');
  return colon > 0 ? spec.slice(0, colon) : undefined;
}

/** A distinct colour per provider: the known ones fixed, others from the palette in order. */
function providerColors(rows: LeaderboardRow[]): (spec: string) => string {
  const colors = new Map<string, string>();
  let next = 0;
  for (const r of rows) {
    const p = providerOf(r.spec);
    if (p === undefined || colors.has(p)) continue;
    colors.set(p, PROVIDER_COLORS[p] ?? PALETTE[next++ % PALETTE.length]);
  }
  return (spec) => {
    const p = providerOf(spec);
    return p === undefined ? PLAIN_COLOR : colors.get(p)!;
  };
}

/**
 * Second header line: what the marks mean, and one coloured dot per provider when the board
 * has more than one (a legend of one colour says nothing).
 */
function legend(rows: LeaderboardRow[], colorOf: (spec: string) => string): { svg: string; lines: number } {
  const items: Array<{ label: string; dot: string }> = [];
  const seen = new Set<string>();
  for (const r of [...rows].sort((a, b) => a.spec.localeCompare(b.spec))) {
    const p = providerOf(r.spec);
    if (p === undefined || seen.has(p)) continue;
    seen.add(p);
    items.push({ label: fitText(p, 160, 17), dot: `<circle cx="0" cy="-6" r="7" fill="${colorOf(r.spec)}"/>` });
  }
  const parts: string[] = [];
  let xPos = MARGIN;
  let y = LEGEND_Y;
  let lines = 1;
  const place = (dot: string, label: string) => {
    const w = 20 + textWidth(label, 20);
    if (xPos > MARGIN && xPos + w > CHART_WIDTH - MARGIN) {
      xPos = MARGIN;
      y += LEGEND_LINE;
      lines++;
    }
    parts.push(`<g transform="translate(${fmt(xPos + 7)} ${y})">${dot}</g>`, text(xPos + 20, y, label, { size: 20, fill: COLORS.muted }));
    xPos += w + 22;
  };
  place(`<line x1="-7" y1="-6" x2="7" y2="-6" stroke="${COLORS.muted}" stroke-width="3"/><circle cx="0" cy="-6" r="5" fill="${COLORS.muted}"/>`, 'rating, 95 % interval');
  if (rows.some((r) => r.provisional)) place(`<circle cx="0" cy="-6" r="6" fill="none" stroke="${COLORS.provisional}" stroke-width="3"/>`, 'provisional');
  if (items.length > 1) for (const item of items) place(item.dot, item.label);
  return { svg: `<g class="legend">${parts.join('')}</g>`, lines };
}

/** The board's notes, wrapped to the chart width. */
function noteLines(board: Leaderboard): string[] {
  return boardNotes(board).flatMap((note) => wrap(note.kind === 'provisional' ? `○ ${note.text}` : note.text, CHART_WIDTH - 2 * MARGIN, NOTE_SIZE));
}

/**
 * Approximate advance width in px of text in DejaVu Sans (the renderer's bundled font), by
 * character class; close enough to truncate and wrap without measuring glyphs.
 */
export function textWidth(s: string, size: number, bold = false): number {
  let em = 0;
  for (const ch of s) {
    if (/[0-9]/.test(ch)) em += 0.64;
    else if (ch === ' ') em += 0.32;
    else if (/[ijlt.,:;'!|()[\]\-]/.test(ch) || ch === 'f' || ch === 'r') em += 0.38;
    else if (/[mwMW]/.test(ch)) em += 0.96;
    else if (/[A-Z]/.test(ch)) em += 0.72;
    else if (/[a-z]/.test(ch)) em += 0.61;
    else if (ch.codePointAt(0)! >= 0x2e80) em += 1; // CJK and emoji: full width
    else em += 0.7;
  }
  return em * size * (bold ? 1.1 : 1);
}

/** The text, cut with an ellipsis to fit `width` px at `size`. */
function fitText(s: string, width: number, size: number): string {
  const cps = [...s.replace(/\s+/g, ' ').trim()];
  if (textWidth(cps.join(''), size) <= width) return cps.join('');
  while (cps.length > 1 && textWidth(`${cps.join('')}…`, size) > width) cps.pop();
  return `${cps.join('').trimEnd()}…`;
}

function wrap(s: string, width: number, size: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of s.split(' ')) {
    if (cur !== '' && textWidth(`${cur} ${word}`, size) > width) {
      out.push(cur);
      cur = word;
    } else cur = cur === '' ? word : `${cur} ${word}`;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/** A rounded axis range covering every rating, every known interval and 1000, and its tick step. */
function domain(rows: LeaderboardRow[]): [number, number, number] {
  let lo = 1000;
  let hi = 1000;
  for (const r of rows) {
    for (const v of [r.rating, ...(r.ci ?? [])]) {
      if (Number.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
  }
  const span = Math.max(hi - lo, 40);
  // At most five ticks: their labels must not collide at phone size.
  const step = [10, 20, 25, 50, 100, 200, 250, 500, 1000].find((s) => span / s <= 4.5) ?? 2000;
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
  return `<text ${attrs.join(' ')}>${escapeText(content)}</text>`;
}

function fmt(v: number): string {
  return String(Math.round(v * 10) / 10);
}
