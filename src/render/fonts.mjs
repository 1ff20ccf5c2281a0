// The fonts every drawing and caption is rendered with: bundled npm packages only (no system
// fonts, nothing fetched at run time), so the same text looks the same on every machine.
// DejaVu Sans is always loaded: it covers Latin, Greek, Cyrillic, Arabic and Hebrew, and is what
// sans-serif, serif and every other generic family mean. The fonts of other scripts are large
// (a CJK font is 4-8 MB that resvg reads at every render), so each is loaded only for an SVG that
// contains its characters; resvg then falls back to it for exactly those characters.
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

/** Scripts beyond DejaVu Sans: the characters that need them, and their font files. */
export const SCRIPT_FONTS = [
  // Han (CJK ideographs, radicals, punctuation, full-width forms), kana and Hangul: one of the four
  // CJK fonts usually covers a whole text (see cjkFonts), so only that one is read.
  { script: 'cjk', chars: /[\u1100-\u11ff\u2e80-\u2fdf\u3000-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\u{20000}-\u{3134f}]/u, cjk: true },
  {
    script: 'devanagari',
    chars: /[\u0900-\u097f\ua8e0-\ua8ff]/,
    files: ['400Regular/NotoSansDevanagari_400Regular.ttf', '700Bold/NotoSansDevanagari_700Bold.ttf'].map((f) => pkg('@expo-google-fonts/noto-sans-devanagari', f)),
  },
  {
    script: 'thai',
    chars: /[\u0e00-\u0e7f]/,
    files: ['400Regular/NotoSansThai_400Regular.ttf', '700Bold/NotoSansThai_700Bold.ttf'].map((f) => pkg('@expo-google-fonts/noto-sans-thai', f)),
  },
  // Emoji as outlines: resvg (2.6.2, and 2.7.0-alpha.2 too) draws no colour glyph tables.
  { script: 'emoji', chars: /\p{Extended_Pictographic}/u, files: [pkg('@expo-google-fonts/noto-emoji', '400Regular/NotoEmoji_400Regular.ttf')] },
];

// Noto Sans CJK subsets: SC has nearly every unified ideograph (20 945 of 20 992, and Extension A)
// and kana, so it draws Simplified and Traditional text; JP gives Japanese its own glyph forms;
// KR has every Hangul syllable. (The Traditional package would add 38 MB for glyph forms only.)
const CJK = [SC, JP, KR];
const KANA = /[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]/;
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
  const order = [...new Set([...(KANA.test(svg) ? [JP] : []), ...(HANGUL.test(svg) ? [KR] : []), ...CJK])];
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

/** resvg's font options for one SVG: DejaVu Sans, plus the fonts of the scripts it contains. */
export function fontsFor(svg) {
  const files = [...BASE];
  for (const { chars, files: extra, cjk } of SCRIPT_FONTS) if (chars.test(svg)) files.push(...(cjk ? cjkFonts(svg) : extra));
  return { ...FAMILIES, fontFiles: files };
}
