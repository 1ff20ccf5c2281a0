/**
 * The A | B poll image: both drawings side by side on a neutral background, big "A" and "B"
 * labels readable on a phone, the prompt as a caption. A side that failed shows its error text.
 * Built as an SVG the project writes itself (PNGs embedded as data: images, all text escaped)
 * and rasterized through the same sandboxed pool.
 */
import type { CompositeInput } from '../core/model/types.js';
import { measureText } from './text/shape.js';
import { wrapLines } from './text/wrap.js';
import { escapeText } from './xml-escape.js';

/** Layout in px. The whole image is 1272 px wide; the height depends on the caption. */
const M = 24; // outer margin and gap
const PANEL = 600;
/** Margin inside a panel, around its drawing. */
const INSET = 4;
const HEADER = 96;
const CAPTION_SIZE = 30;
const CAPTION_LINE = 40;
const CAPTION_LINES = 3;
const ERROR_SIZE = 27;
const ERROR_LINES = 8;
/** Width of the whole image, and the size a drawing is shown at in its panel. */
export const COMPOSITE_WIDTH = M * 3 + PANEL * 2;
export const COMPOSITE_DRAWING_SIZE = PANEL - 2 * INSET;
/** Room for a line of caption (the image less its margins), and of error text inside a panel. */
const CAPTION_WIDTH = COMPOSITE_WIDTH - 2 * M;
const ERROR_WIDTH = PANEL - 2 * M;

/** Drop control characters (and what XML cannot hold, lone surrogates included) and collapse whitespace. */
function clean(s: string): string {
  // The u flag matters: without it every surrogate, so every emoji, would be dropped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\ufffe\uffff]|\p{Cs}/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * `text` in at most `maxLines` lines of DejaVu Sans at `size` px that fit in `width` px, measured
 * with the engine that draws them; the last ends in "…" when the text was cut.
 */
export function wrapText(text: string, size: number, width: number, maxLines: number): string[] {
  return wrapLines(clean(text), width, maxLines, (line) => measureText(line, { size, family: 'DejaVu Sans', bold: false }));
}

function isPng(b: Buffer | null): b is Buffer {
  return !!b && b.length > 8 && b.readUInt32BE(0) === 0x89504e47;
}

function panel(x: number, y: number, label: 'A' | 'B', png: Buffer | null, error: string | undefined, heading = 'No drawing'): string {
  const parts: string[] = [];
  const cx = x + PANEL / 2;
  parts.push(
    `<text x="${cx}" y="${y - 22}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="72" fill="#1f2430">${label}</text>`,
  );
  if (isPng(png)) {
    parts.push(`<rect x="${x}" y="${y}" width="${PANEL}" height="${PANEL}" rx="12" fill="#ffffff" stroke="#c9ccd3" stroke-width="2"/>`);
    parts.push(
      `<image x="${x + INSET}" y="${y + INSET}" width="${COMPOSITE_DRAWING_SIZE}" height="${COMPOSITE_DRAWING_SIZE}" preserveAspectRatio="xMidYMid meet" href="data:image/png;base64,${png.toString('base64')}"/>`,
    );
  } else {
    parts.push(`<rect x="${x}" y="${y}" width="${PANEL}" height="${PANEL}" rx="12" fill="#f7e4e4" stroke="#d9a8a8" stroke-width="2"/>`);
    parts.push(
      `<text x="${cx}" y="${y + 200}" text-anchor="middle" font-family="DejaVu Sans" font-weight="bold" font-size="38" fill="#7a2626">${escapeText(heading)}</text>`,
    );
    const lines = wrapText(error || 'this side failed to draw', ERROR_SIZE, ERROR_WIDTH, ERROR_LINES);
    lines.forEach((l, i) => {
      parts.push(
        `<text x="${cx}" y="${y + 260 + i * 36}" text-anchor="middle" font-family="DejaVu Sans" font-size="${ERROR_SIZE}" fill="#5a2020">${escapeText(l)}</text>`,
      );
    });
  }
  return parts.join('');
}

/** The composite as SVG; rasterize it with Renderer.renderTrusted. */
export function compositeSvg(input: CompositeInput): string {
  const caption = wrapText(`“${clean(input.caption)}”`, CAPTION_SIZE, CAPTION_WIDTH, CAPTION_LINES);
  const top = M + HEADER;
  const captionTop = top + PANEL + M;
  const height = captionTop + caption.length * CAPTION_LINE + M;
  const body = [
    `<rect width="${COMPOSITE_WIDTH}" height="${height}" fill="#e8e9ed"/>`,
    ...(input.notice
      ? [panel(M, top, 'A', null, input.notice, 'No image'), panel(M * 2 + PANEL, top, 'B', null, input.notice, 'No image')]
      : [panel(M, top, 'A', input.a, input.aError), panel(M * 2 + PANEL, top, 'B', input.b, input.bError)]),
    ...caption.map(
      (l, i) =>
        `<text x="${COMPOSITE_WIDTH / 2}" y="${captionTop + CAPTION_SIZE + i * CAPTION_LINE}" text-anchor="middle" font-family="DejaVu Sans" font-size="${CAPTION_SIZE}" fill="#2b2f3a">${escapeText(l)}</text>`,
    ),
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${COMPOSITE_WIDTH}" height="${height}" viewBox="0 0 ${COMPOSITE_WIDTH} ${height}">${body.join('')}</svg>`;
}
