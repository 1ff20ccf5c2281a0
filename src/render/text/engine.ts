/**
 * What the text engine needs from outside the worker bundle: the HarfBuzz module and the bundled
 * fonts. The bundle may be built into a temporary directory (pool.ts, run from sources), where
 * neither harfbuzzjs's .wasm nor the font packages can be found from the bundle's own location; the
 * render worker (plain JavaScript beside fonts.mjs) imports both and hands them over once.
 */
import type * as HarfBuzz from 'harfbuzzjs';

/** The parts of fonts.mjs the engine uses (see fonts.d.mts). */
export interface BundledFonts {
  FAMILY_FILES: Record<'sans' | 'mono', { regular: string; bold: string; italic: string; boldItalic: string }>;
  EMOJI_SVG_DIR: string;
  scriptFontsFor(text: string): string[];
}

export interface TextEngine {
  hb: typeof HarfBuzz;
  fonts: BundledFonts;
}

let engine: TextEngine | null = null;

/** Called once per process (the render worker at start-up, a test before it shapes). */
export function useTextEngine(hb: typeof HarfBuzz, fonts: BundledFonts): void {
  engine = { hb, fonts };
}

export function textEngine(): TextEngine {
  if (!engine) throw new Error('the text engine was not set up: call useTextEngine(harfbuzzjs, fonts.mjs) first (render-worker.mjs does at start-up)');
  return engine;
}

export function hasTextEngine(): boolean {
  return engine !== null;
}
