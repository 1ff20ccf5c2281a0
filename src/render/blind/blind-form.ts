/**
 * The blind form of a drawing: what voters get while a duel is open (and after), carrying only
 * what draws. From the sanitizer's output:
 * - attributes that draw nothing go (attributes.ts: `data-*`, `aria-*`, `role`, invented ones);
 *   titles, descriptions, metadata and comments are already gone in the sanitizer;
 * - elements that never draw go (hidden.ts), unless an animation can reveal them;
 * - definitions nothing uses go, then groups and text left empty (references.ts, hidden.ts);
 * - ids, classes and CSS animation names become neutral, every reference kept (rename.ts).
 * It also returns the text the blind form draws, in reading order (drawn-text.ts), for core's
 * name filter. The PNG, the frames and the GIF are all drawn from this form.
 */
import { sanitizeSvg, type SanitizedSvg, type SanitizeOptions } from '../sanitize.js';
import { allElements, parseSvgTree, serializeSvgTree } from '../animate/svg-tree.js';
import { keepsAttribute } from './attributes.js';
import { drawnText } from './drawn-text.js';
import { removeEmptyContainers, removeHiddenElements } from './hidden.js';
import { removeUnreferencedDefinitions } from './references.js';
import { renameNames } from './rename.js';

export interface BlindSvg {
  /** The blind form, a complete SVG document. */
  svg: string;
  /** What it draws as text, lines joined with "\n" (see drawn-text.ts). */
  text: string;
}

/** The blind form of sanitizer output (never of raw model output: parse it with sanitizeSvg first). */
export function blindForm(sanitized: string): BlindSvg {
  const root = parseSvgTree(sanitized);
  for (const el of allElements(root)) {
    for (const name of [...el.attrs.keys()]) if (!keepsAttribute(name)) el.attrs.delete(name);
  }
  removeHiddenElements(root);
  removeEmptyContainers(root);
  removeUnreferencedDefinitions(root);
  removeEmptyContainers(root);
  renameNames(root);
  return { svg: serializeSvgTree(root), text: drawnText(root) };
}

/** Sanitize untrusted SVG, then make its blind form: what the render worker draws and returns. */
export function sanitizeBlind(src: string, options: SanitizeOptions = {}): SanitizedSvg & { text: string } {
  const clean = sanitizeSvg(src, options);
  const blind = blindForm(clean.svg);
  return { ...clean, svg: blind.svg, text: blind.text };
}
