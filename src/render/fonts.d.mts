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
