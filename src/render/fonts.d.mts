/** Types of fonts.mjs (plain JavaScript for the render worker). */
export interface FontOptions {
  loadSystemFonts: false;
  fontFiles: string[];
  defaultFontFamily: string;
  sansSerifFamily: string;
  serifFamily: string;
  cursiveFamily: string;
  fantasyFamily: string;
  monospaceFamily: string;
}
export const SCRIPT_FONTS: Array<{ script: string; chars: RegExp; files?: string[]; cjk?: boolean }>;
/** The fewest bundled CJK font files that cover the CJK characters of an SVG. */
export function cjkFonts(svg: string): string[];
/** resvg's font options for one SVG: DejaVu Sans, plus the fonts of the scripts it contains. */
export function fontsFor(svg: string): FontOptions;
/** The Twemoji SVG directory (files named by code points in hex joined with "-"). */
export const EMOJI_SVG_DIR: string;
/** Bundled files of the families a drawing may name. */
export const FAMILY_FILES: Record<'sans' | 'mono', { regular: string; bold: string; italic: string; boldItalic: string }>;
/** The script fonts an SVG's characters need, in fallback order. */
export function scriptFontsFor(svg: string): string[];
