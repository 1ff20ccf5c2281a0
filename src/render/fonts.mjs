// The fonts every drawing and caption is rendered with: bundled npm packages only (no system
// fonts, nothing fetched at run time), so the same text looks the same on every machine.
// DejaVu Sans is always loaded: it covers Latin, Greek, Cyrillic, Arabic and Hebrew, and is what
// sans-serif, serif and every other generic family mean. The fonts of other scripts are large
// (a CJK font is 4-8 MB that resvg reads at every render), so each is loaded only for an SVG that
// contains its characters. The text engine (text/, HarfBuzz) falls back to it for exactly the
// grapheme clusters the drawing's own font lacks, and so does resvg for text left to it.
// Plain JavaScript: the render worker (render-worker.mjs) imports it without a TypeScript loader.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
/** A file of an installed package; some packages export no package.json, so find their root from the entry. */
function pkg(name, file) {
  try {
    return join(dirname(require.resolve(`${name}/package.json`)), file);
  } catch {
    let dir = dirname(require.resolve(name));
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    return join(dir, file);
  }
}

const dejavu = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const BASE = readdirSync(dejavu)
  .filter((f) => /^DejaVuSans.*\.ttf$/.test(f))
  .map((f) => join(dejavu, f));

const SC = pkg('@embedpdf/fonts-sc', 'fonts/NotoSansHans-Regular.otf');
const JP = pkg('@embedpdf/fonts-jp', 'fonts/NotoSansJP-Regular.otf');
const KR = pkg('@embedpdf/fonts-kr', 'fonts/NotoSansKR-Regular.otf');
const TC = pkg('@embedpdf/fonts-tc', 'fonts/NotoSansHant-Regular.otf');

/** Scripts beyond DejaVu Sans: the characters that need them, and their font files. */
export const SCRIPT_FONTS = [
  // Han (CJK ideographs, radicals, punctuation, full-width forms), kana and Hangul: one of the four
  // CJK fonts usually covers a whole text (see cjkFonts), so only that one is read.
  { script: 'cjk', chars: /[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{3134f}]/u, cjk: true },
  ...[
    // [script, package suffix and font name, characters]
    ['devanagari', 'Devanagari', /[\u0900-\u097f\ua8e0-\ua8ff]/],
    ['bengali', 'Bengali', /[\u0980-\u09ff]/],
    ['gurmukhi', 'Gurmukhi', /[\u0a00-\u0a7f]/],
    ['gujarati', 'Gujarati', /[\u0a80-\u0aff]/],
    ['tamil', 'Tamil', /[\u0b80-\u0bff]/],
    ['telugu', 'Telugu', /[\u0c00-\u0c7f]/],
    ['kannada', 'Kannada', /[\u0c80-\u0cff]/],
    ['malayalam', 'Malayalam', /[\u0d00-\u0d7f]/],
    ['sinhala', 'Sinhala', /[\u0d80-\u0dff]/],
    ['thai', 'Thai', /[\u0e00-\u0e7f]/],
    ['lao', 'Lao', /[\u0e80-\u0eff]/],
    ['myanmar', 'Myanmar', /[\u1000-\u109f\ua9e0-\ua9ff\uaa60-\uaa7f]/],
    ['georgian', 'Georgian', /[\u10a0-\u10ff\u1c90-\u1cbf\u2d00-\u2d2f]/],
    ['ethiopic', 'Ethiopic', /[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]/],
    ['khmer', 'Khmer', /[\u1780-\u17ff\u19e0-\u19ff]/],
    ['armenian', 'Armenian', /[\u0530-\u058f\ufb13-\ufb17]/],
  ].map(([script, name, chars]) => ({
    script,
    chars,
    files: [`400Regular/NotoSans${name}_400Regular.ttf`, `700Bold/NotoSans${name}_700Bold.ttf`].map((f) => pkg(`@expo-google-fonts/noto-sans-${script}`, f)),
  })),
  // Emoji as outlines: resvg (2.6.2, and 2.7.0-alpha.2 too) draws no colour glyph tables.
  { script: 'emoji', chars: /\p{Extended_Pictographic}/u, files: [pkg('@expo-google-fonts/noto-emoji', '400Regular/NotoEmoji_400Regular.ttf')] },
];

// Noto Sans CJK subsets: SC has nearly every unified ideograph (20 945 of 20 992, and Extension A)
// and kana; JP gives Japanese its own glyph forms; KR has every Hangul syllable; TC gives
// Traditional Chinese its glyph forms (chosen for a text that uses traditional-only characters).
const CJK = [SC, JP, KR, TC];
const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
/** Common characters that only Traditional Chinese writes (their simplified forms differ). */
const TRADITIONAL = /[這個們來說時會對為國學體點畫魚鳥貓馬車開關門話語讀書寫電腦愛與]/;
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]/;
const CJK_CHAR = new RegExp(SCRIPT_FONTS[0].chars.source, 'gu');
/** Code point ranges [start, end] of each CJK font's cmap, read once per process when first needed. */
const coverage = new Map();

/** The ranges of code points a font maps (cmap format 12, else format 4), sorted by start. */
function cmapRanges(file) {
  const b = readFileSync(file);
  const tables = b.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) if (b.toString('latin1', 12 + 16 * i, 16 + 16 * i) === 'cmap') cmap = b.readUInt32BE(12 + 16 * i + 8);
  if (cmap < 0) return [];
  const subtables = b.readUInt16BE(cmap + 2);
  let best = null;
  for (let i = 0; i < subtables; i++) {
    const at = cmap + b.readUInt32BE(cmap + 4 + 8 * i + 4);
    const format = b.readUInt16BE(at);
    if (format === 12 || (format === 4 && !best)) best = { at, format };
  }
  const ranges = [];
  if (best?.format === 12) {
    const groups = b.readUInt32BE(best.at + 12);
    for (let g = 0; g < groups; g++) ranges.push([b.readUInt32BE(best.at + 16 + 12 * g), b.readUInt32BE(best.at + 20 + 12 * g)]);
  } else if (best) {
    const segs = b.readUInt16BE(best.at + 6) / 2;
    for (let i = 0; i < segs; i++) ranges.push([b.readUInt16BE(best.at + 16 + 2 * segs + 2 * i), b.readUInt16BE(best.at + 14 + 2 * i)]);
  }
  return ranges.sort((x, y) => x[0] - y[0]);
}

function covers(file, cp) {
  let ranges = coverage.get(file);
  if (!ranges) coverage.set(file, (ranges = cmapRanges(file)));
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid][0]) hi = mid - 1;
    else if (cp > ranges[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * The fewest CJK fonts that cover the CJK characters of an SVG: the font covering most of them
 * first, then others for what is left.
 */
export function cjkFonts(svg) {
  let left = new Set((svg.match(CJK_CHAR) ?? []).map((c) => c.codePointAt(0)));
  const chosen = [];
  // On a tie the text's own language wins: Japanese forms for text with kana, Korean with Hangul.
  const order = [...new Set([...(KANA.test(svg) ? [JP] : []), ...(HANGUL.test(svg) ? [KR] : []), ...(TRADITIONAL.test(svg) ? [TC] : []), ...CJK])];
  while (left.size > 0) {
    let best = null;
    let bestCount = 0;
    for (const file of order) {
      if (chosen.includes(file)) continue;
      let n = 0;
      for (const cp of left) if (covers(file, cp)) n++;
      if (n > bestCount) [best, bestCount] = [file, n];
    }
    if (!best) break; // characters no bundled font has: drawn as boxes
    chosen.push(best);
    left = new Set([...left].filter((cp) => !covers(best, cp)));
  }
  return chosen;
}

const FAMILIES = {
  loadSystemFonts: false,
  defaultFontFamily: 'DejaVu Sans',
  sansSerifFamily: 'DejaVu Sans',
  serifFamily: 'DejaVu Sans',
  cursiveFamily: 'DejaVu Sans',
  fantasyFamily: 'DejaVu Sans',
  monospaceFamily: 'DejaVu Sans Mono',
};

/** The Twemoji SVG files (one per emoji sequence, named by its code points in hex joined with "-"). */
export const EMOJI_SVG_DIR = pkg('@twemoji/svg', '');

/** The bundled files of the families a drawing may name; every other family means DejaVu Sans. */
export const FAMILY_FILES = {
  sans: { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', italic: 'DejaVuSans-Oblique.ttf', boldItalic: 'DejaVuSans-BoldOblique.ttf' },
  mono: { regular: 'DejaVuSansMono.ttf', bold: 'DejaVuSansMono-Bold.ttf', italic: 'DejaVuSansMono-Oblique.ttf', boldItalic: 'DejaVuSansMono-BoldOblique.ttf' },
};
for (const faces of Object.values(FAMILY_FILES)) for (const k of Object.keys(faces)) faces[k] = join(dejavu, faces[k]);

/** The script fonts an SVG needs, in fallback order (after the family's own font). */
export function scriptFontsFor(svg) {
  const files = [];
  for (const { chars, files: extra, cjk } of SCRIPT_FONTS) if (chars.test(svg)) files.push(...(cjk ? cjkFonts(svg) : extra));
  return files;
}

/** resvg's font options for one SVG: DejaVu Sans, plus the fonts of the scripts it contains. */
export function fontsFor(svg) {
  return { ...FAMILIES, fontFiles: [...BASE, ...scriptFontsFor(svg)] };
}
