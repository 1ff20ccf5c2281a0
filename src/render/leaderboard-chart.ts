/**
 * The leaderboard as an SVG chart, laid out for a phone: Discord and Slack show images at screen
 * width (~390 px), so the chart is 600 px wide and its smallest text 19 px, which is 12 px on the
 * phone. One contender per row: rank, name and rating with its interval written out, then the
 * dot (rating) and whisker (95 % interval) on a shared axis with a dashed line at 1000. A name
 * that does not fit beside the numbers gets a line of its own rather than being cut. With the
 * style-controlled board, a hollow diamond marks each controlled rating beside the dot and the
 * number follows the interval. Intervals are drawn and written as they are (often asymmetric), a
 * provisional contender has a hollow dot and a dashed whisker, and the board's notes close the
 * chart. Rasterized by the renderer's `renderTrusted`; every label is escaped.
 */
import { boardNotes, intervalText } from '../core/ratings/board-notes.js';
import { scopeLine } from '../core/board/board-view.js';
import { CONTROLLED_WORDS } from '../core/board/style-table.js';
import type { ControlledRow, Leaderboard, LeaderboardRow } from '../core/model/board-types.js';
import { escapeText } from './xml-escape.js';
import { fitText, fmt, svgText, textWidth, wrapText, type TextStyle } from './chart-text.js';

export { textWidth };

export const CHART_WIDTH = 600;
/** Width a phone shows the chart at, and the smallest text size wanted there. */
export const PHONE_WIDTH = 390;
export const MIN_PHONE_PX = 12;
/** Smallest font in the chart: MIN_PHONE_PX once scaled to PHONE_WIDTH. */
export const MIN_FONT = Math.ceil((MIN_PHONE_PX * CHART_WIDTH) / PHONE_WIDTH);

const SIZE = { title: 30, subtitle: 20, legend: MIN_FONT, rank: 21, name: 22, value: 24, small: MIN_FONT, tick: MIN_FONT, note: MIN_FONT };
const MARGIN = 20;
const TEXT_LINE = 30;
/** A row: its text line(s), then the plot line. */
const ROW_BASE = 90;
const LEGEND_LINE = 30;
const AXIS = 44;
const NOTE_LINE = 27;
const FONT = "'DejaVu Sans', sans-serif";
const RANK_RIGHT = 38;
const PLOT_LEFT = 48;
const PLOT_RIGHT = CHART_WIDTH - MARGIN - 8;
const RIGHT = CHART_WIDTH - MARGIN;
/** Space kept between a name and the numbers on its line. */
const NAME_GAP = 14;

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

/** What one row shows and how high it is. */
interface RowLayout {
  row: LeaderboardRow;
  controlled: ControlledRow | undefined;
  name: string;
  /** The name has a line of its own, the numbers the next one. */
  twoLines: boolean;
  height: number;
}

const text = (x: number, y: number, content: string, style: Omit<TextStyle, 'fill'> & { fill?: string }) => svgText(x, y, content, { fill: COLORS.text, ...style });

/** Chart height in px for a board (its rows and its notes). */
export function chartHeight(board: Leaderboard): number {
  const rows = rowLayouts(board);
  const notes = rows.length === 0 ? 0 : noteLines(board).length;
  const body = rows.length === 0 ? ROW_BASE : rows.reduce((s, r) => s + r.height, 0) + AXIS;
  return header(board, rows).height + body + notes * NOTE_LINE + MARGIN;
}

export function leaderboardChartSvg(board: Leaderboard): string {
  const rows = rowLayouts(board);
  const height = chartHeight(board);
  const colorOf = providerColors(rows.map((r) => r.row));
  const head = header(board, rows);
  const top = head.height;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" font-family="${FONT}">`,
    `<rect width="${CHART_WIDTH}" height="${height}" rx="14" fill="${COLORS.background}"/>`,
    head.svg,
  ];
  if (rows.length === 0) {
    // The same image goes to Discord, Slack, the web and `duel leaderboard --png`: how to start a
    // duel differs on each, so the words posted beside it say that, not the image.
    out.push(text(CHART_WIDTH / 2, top + ROW_BASE / 2, 'No rated duels yet', { size: 22, fill: COLORS.muted, anchor: 'middle' }), '</svg>');
    return out.join('\n');
  }
  const plotBottom = top + rows.reduce((s, r) => s + r.height, 0);
  out.push(...axisSvg(rows, plotBottom));
  const x = scale(rows);
  let y = top;
  rows.forEach((r, k) => {
    if (k % 2 === 0) out.push(`<rect x="10" y="${y}" width="${CHART_WIDTH - 20}" height="${r.height}" rx="8" fill="${COLORS.band}"/>`);
    y += r.height;
  });
  // The bands go under the grid; the rows above it.
  out.push(...gridSvg(rows, top, plotBottom));
  y = top;
  for (const r of rows) {
    out.push(rowSvg(r, y, x, colorOf(r.row.spec)));
    y += r.height;
  }
  y = plotBottom + AXIS + NOTE_LINE - 6;
  for (const line of noteLines(board)) {
    out.push(text(MARGIN, y, line, { size: SIZE.note, fill: COLORS.muted }));
    y += NOTE_LINE;
  }
  out.push('</svg>');
  return out.join('\n');
}

function rowLayouts(board: Leaderboard): RowLayout[] {
  const controlled = new Map((board.control?.rows ?? []).map((c) => [c.spec, c] as const));
  return board.rows
    .filter((r) => Number.isFinite(r.rating))
    .map((row) => {
      const c = controlled.get(row.spec);
      const ctrl = c && Number.isFinite(c.rating) ? c : undefined;
      const mark = row.provisional ? 10 + textWidth('provisional', SIZE.small) : 0;
      const beside = RIGHT - numbersWidth(row, ctrl) - PLOT_LEFT - NAME_GAP - mark;
      const clean = row.label.replace(/\s+/g, ' ').trim();
      const twoLines = textWidth(clean, SIZE.name) > beside;
      const name = twoLines ? fitText(clean, RIGHT - PLOT_LEFT - mark, SIZE.name) : clean;
      return { row, controlled: ctrl, name, twoLines, height: ROW_BASE + (twoLines ? TEXT_LINE : 0) };
    });
}

function numbersWidth(row: LeaderboardRow, c: ControlledRow | undefined): number {
  const interval = row.ci ? textWidth(`(${intervalText(row.ci)})`, SIZE.small) : textWidth('(not yet known)', SIZE.small);
  const ctrl = c ? 12 + textWidth(`◆ ${Math.round(c.rating)}`, SIZE.small) : 0;
  return textWidth(String(Math.round(row.rating)), SIZE.value, true) + 8 + interval + ctrl;
}

function rowSvg(r: RowLayout, top: number, x: (v: number) => number, color: string): string {
  const { row, controlled: c } = r;
  const nameY = top + 32;
  const numbersY = r.twoLines ? nameY + TEXT_LINE : nameY;
  const cy = numbersY + 32;
  const value = `<tspan font-size="${SIZE.value}" font-weight="bold" fill="${COLORS.text}">${Math.round(row.rating)}</tspan>`;
  const range = `<tspan font-size="${SIZE.small}" fill="${COLORS.muted}" dx="8">(${escapeText(row.ci ? intervalText(row.ci) : 'not yet known')})</tspan>`;
  const ctrl = c ? `<tspan class="controlled-value" font-size="${SIZE.small}" fill="${COLORS.text}" dx="12">◆ ${Math.round(c.rating)}</tspan>` : '';
  const label =
    `<text class="name" x="${PLOT_LEFT}" y="${nameY}" font-size="${SIZE.name}" fill="${COLORS.text}">${escapeText(r.name)}` +
    (row.provisional ? `<tspan class="provisional" font-size="${SIZE.small}" fill="${COLORS.provisional}" dx="10">provisional</tspan>` : '') +
    '</text>';
  const parts = [
    text(RANK_RIGHT, nameY, String(row.rank), { size: SIZE.rank, fill: COLORS.muted, anchor: 'end', weight: 'bold' }),
    label,
    `<text class="value" x="${RIGHT}" y="${numbersY}" text-anchor="end">${value}${range}${ctrl}</text>`,
  ];
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
  const cx = fmt(x(row.rating));
  parts.push(
    row.provisional
      ? `<circle class="dot provisional" cx="${cx}" cy="${cy}" r="8" fill="${COLORS.background}" stroke="${color}" stroke-width="3.5"/>`
      : `<circle class="dot" cx="${cx}" cy="${cy}" r="9" fill="${color}" stroke="${COLORS.background}" stroke-width="2.5"/>`,
  );
  // Drawn over the dot and hollow, so a controlled rating equal to the raw one still shows both.
  if (c) parts.push(`<path class="controlled" d="${diamond(x(c.rating), cy, 10)}" fill="none" stroke="${COLORS.text}" stroke-width="3"/>`);
  return `<g class="row">${parts.join('')}</g>`;
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${fmt(cx)} ${fmt(cy - r)}L${fmt(cx + r)} ${fmt(cy)}L${fmt(cx)} ${fmt(cy + r)}L${fmt(cx - r)} ${fmt(cy)}Z`;
}

/** The tick labels under the plot. */
function axisSvg(rows: RowLayout[], plotBottom: number): string[] {
  const [lo, hi, step] = domain(rows);
  const x = scale(rows);
  const out: string[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) out.push(text(x(v), plotBottom + 30, String(v).replace('-', '−'), { size: SIZE.tick, fill: COLORS.muted, anchor: 'middle' }));
  return out;
}

/** Grid lines, and the dashed reference line at 1000. */
function gridSvg(rows: RowLayout[], top: number, plotBottom: number): string[] {
  const [lo, hi, step] = domain(rows);
  const x = scale(rows);
  const out: string[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) {
    if (v !== 1000) out.push(`<line x1="${fmt(x(v))}" y1="${top - 8}" x2="${fmt(x(v))}" y2="${plotBottom}" stroke="${COLORS.grid}" stroke-width="1.5"/>`);
  }
  const rx = fmt(x(1000));
  out.push(`<line class="reference" x1="${rx}" y1="${top - 8}" x2="${rx}" y2="${plotBottom}" stroke="${COLORS.reference}" stroke-width="2" stroke-dasharray="6 5" opacity="0.7"/>`);
  return out;
}

function scale(rows: RowLayout[]): (v: number) => number {
  const [lo, hi] = domain(rows);
  return (v) => PLOT_LEFT + ((v - lo) / (hi - lo)) * (PLOT_RIGHT - PLOT_LEFT);
}

/** "3,000 rated battles · from battles.csv" or "12 rated battles · web arena, all time". */
function subtitle(board: Leaderboard): string {
  const n = `${board.battles.toLocaleString('en-US')} rated ${board.battles === 1 ? 'battle' : 'battles'}`;
  return `${n} · ${board.source !== undefined ? `from ${fitText(board.source, 360, SIZE.subtitle)}` : scopeLine(board.query)}`;
}

/** Title, subtitle (wrapped) and legend, with the height they take. */
function header(board: Leaderboard, rows: RowLayout[]): { svg: string; height: number } {
  const subLines = packParts(subtitle(board).split(' · '), CHART_WIDTH - 2 * MARGIN, SIZE.subtitle);
  const parts = [text(MARGIN, 44, 'Prompt duel leaderboard', { size: SIZE.title, weight: 'bold' })];
  subLines.forEach((line, k) => parts.push(text(MARGIN, 76 + k * 28, line, { size: SIZE.subtitle, fill: COLORS.muted })));
  const legendY = 76 + (subLines.length - 1) * 28 + 36;
  const leg = legend(rows, providerColors(rows.map((r) => r.row)), legendY);
  parts.push(leg.svg);
  return { svg: parts.join('\n'), height: legendY + 20 + (leg.lines - 1) * LEGEND_LINE };
}

/**
 * Parts joined by " · " on as few lines as fit, breaking between parts ("350 rated battles",
 * "web arena, all time", "Text and lettering") rather than inside one; a part too long for a
 * line alone is wrapped at its spaces.
 */
function packParts(parts: string[], width: number, size: number): string[] {
  const lines: string[] = [];
  for (const part of parts) {
    const last = lines.length - 1;
    if (last >= 0 && textWidth(`${lines[last]} · ${part}`, size) <= width) lines[last] = `${lines[last]} · ${part}`;
    else lines.push(...wrapText(part, width, size));
  }
  return lines;
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
 * What the marks mean (the diamond when the board is style-controlled), and one coloured dot per
 * provider when the board has more than one (a legend of one colour says nothing).
 */
function legend(rows: RowLayout[], colorOf: (spec: string) => string, y0: number): { svg: string; lines: number } {
  const items: Array<{ label: string; dot: string }> = [];
  const seen = new Set<string>();
  for (const { row: r } of [...rows].sort((a, b) => a.row.spec.localeCompare(b.row.spec))) {
    const p = providerOf(r.spec);
    if (p === undefined || seen.has(p)) continue;
    seen.add(p);
    items.push({ label: fitText(p, 160, SIZE.legend), dot: `<circle cx="0" cy="-6" r="7" fill="${colorOf(r.spec)}"/>` });
  }
  const controlled = rows.some((r) => r.controlled);
  const parts: string[] = [];
  let xPos = MARGIN;
  let y = y0;
  let lines = 1;
  const place = (dot: string, label: string) => {
    const w = 20 + textWidth(label, SIZE.legend);
    if (xPos > MARGIN && xPos + w > CHART_WIDTH - MARGIN) {
      xPos = MARGIN;
      y += LEGEND_LINE;
      lines++;
    }
    parts.push(`<g transform="translate(${fmt(xPos + 7)} ${y})">${dot}</g>`, text(xPos + 20, y, label, { size: SIZE.legend, fill: COLORS.muted }));
    xPos += w + 20;
  };
  place(`<line x1="-7" y1="-6" x2="7" y2="-6" stroke="${COLORS.muted}" stroke-width="3"/><circle cx="0" cy="-6" r="5" fill="${COLORS.muted}"/>`, controlled ? 'raw rating, 95 % interval' : 'rating, 95 % interval');
  if (controlled) place(`<path d="${diamond(0, -6, 7)}" fill="none" stroke="${COLORS.text}" stroke-width="2.5"/>`, 'style-controlled');
  if (rows.some((r) => r.row.provisional)) place(`<circle cx="0" cy="-6" r="6" fill="none" stroke="${COLORS.provisional}" stroke-width="3"/>`, 'provisional');
  if (items.length > 1) for (const item of items) place(item.dot, item.label);
  return { svg: `<g class="legend">${parts.join('')}</g>`, lines };
}

/** The board's notes, and what the diamond means when it is drawn, wrapped to the chart width. */
function noteLines(board: Leaderboard): string[] {
  const notes = boardNotes(board).map((note) => (note.kind === 'provisional' ? `○ ${note.text}` : note.text));
  if (board.control && board.control.rows.length > 0) notes.push(`◆ Style-controlled: ${CONTROLLED_WORDS}.`);
  return notes.flatMap((n) => wrapText(n, CHART_WIDTH - 2 * MARGIN, SIZE.note));
}

/** A rounded axis range covering every rating (controlled ones too), every known interval and 1000, and its tick step. */
function domain(rows: RowLayout[]): [number, number, number] {
  let lo = 1000;
  let hi = 1000;
  for (const { row: r, controlled } of rows) {
    for (const v of [r.rating, ...(r.ci ?? []), ...(controlled ? [controlled.rating] : [])]) {
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
