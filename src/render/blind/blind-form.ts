/**
 * The blind form of a drawing: what voters get while a duel is open (and after), carrying only
 * what draws. From the sanitizer's output:
 * - attributes that draw nothing go (attributes.ts: `data-*`, `aria-*`, `role`, invented ones);
 *   titles, descriptions, metadata and comments are already gone in the sanitizer;
 * - elements that never draw go (hidden.ts), unless an animation can reveal them, and text placed
 *   certainly outside the picture (off-canvas.ts);
 * - definitions nothing uses go, then groups and text left empty (references.ts, hidden.ts);
 * - ids, classes and CSS animation names become neutral, every reference kept (rename.ts).
 * It also returns the text the blind form draws, in reading order (drawn-text.ts), for core's
 * name filter. The PNG, the frames and the GIF are all drawn from this form.
 */
import { sanitizeSvg, type SanitizedSvg, type SanitizeOptions } from '../sanitize.js';
import { allElements, parseSvgTree, serializeSvgTree, type SvgElement } from '../animate/svg-tree.js';
import { keepsAttribute } from './attributes.js';
import { drawnText } from './drawn-text.js';
import { removeEmptyContainers, removeHiddenElements } from './hidden.js';
import { removeOffCanvasText } from './off-canvas.js';
import { removeUnreferencedDefinitions } from './references.js';
import { renameNames } from './rename.js';

export interface BlindSvg {
  /** The blind form, a complete SVG document. */
  svg: string;
  /** What it draws as text, lines joined with "\n" (see drawn-text.ts). */
  text: string;
}

const NESTED_SVG = 'data:image/svg+xml;base64,';

/**
 * An SVG embedded as a `data:` image (the sanitizer has rebuilt it, to a bounded depth) is made
 * blind too, or its base64 would carry what the outer form dropped; its drawn text is returned.
 */
function blindNestedImages(root: SvgElement): string[] {
  const texts: string[] = [];
  for (const el of allElements(root)) {
    const href = el.attrs.get('href');
    if ((el.name !== 'image' && el.name !== 'feImage') || !href?.startsWith(NESTED_SVG)) continue;
    try {
      const inner = blindForm(Buffer.from(href.slice(NESTED_SVG.length), 'base64').toString('utf8'));
      el.attrs.set('href', `${NESTED_SVG}${Buffer.from(inner.svg, 'utf8').toString('base64')}`);
      if (inner.text) texts.push(inner.text);
    } catch {
      el.attrs.delete('href'); // not an SVG the blind form can read: it draws nothing then
    }
  }
  return texts;
}

/** The blind form of sanitizer output (never of raw model output: parse it with sanitizeSvg first). */
export function blindForm(sanitized: string): BlindSvg {
  const root = parseSvgTree(sanitized);
  for (const el of allElements(root)) {
    for (const name of [...el.attrs.keys()]) if (!keepsAttribute(name)) el.attrs.delete(name);
  }
  const nestedText = blindNestedImages(root);
  removeHiddenElements(root);
  removeOffCanvasText(root);
  removeEmptyContainers(root);
  removeUnreferencedDefinitions(root);
  removeEmptyContainers(root);
  renameNames(root);
  return { svg: serializeSvgTree(root), text: [drawnText(root), ...nestedText].filter(Boolean).join('\n') };
}

/** Sanitize untrusted SVG, then make its blind form: what the render worker draws and returns. */
export function sanitizeBlind(src: string, options: SanitizeOptions = {}): SanitizedSvg & { text: string } {
  const clean = sanitizeSvg(src, options);
  const blind = blindForm(clean.svg);
  return { ...clean, svg: blind.svg, text: blind.text };
}
