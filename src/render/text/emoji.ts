/**
 * Colour emoji: a grapheme cluster that is an emoji (a ZWJ sequence, a skin tone, a flag, a
 * keycap) is drawn with its Twemoji SVG (the @twemoji/svg package, MIT/CC-BY 4.0), inlined as
 * plain shapes: no external reference, so what the sanitizer allows still holds. The files are
 * trusted project data read from the package, never from a drawing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSvgTree, type SvgElement } from '../animate/svg-tree.js';
import { textEngine } from './engine.js';

/** Twemoji draws on a 36 x 36 grid. */
export const EMOJI_GRID = 36;
const ZWJ = '\u200d';
const VS16 = /\ufe0f/g;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}{2}|[0-9#*]\ufe0f?\u20e3/u;

let names: Set<string> | null = null;
const shapes = new Map<string, SvgElement[]>();

function available(): Set<string> {
  if (!names) names = new Set(readdirSync(textEngine().fonts.EMOJI_SVG_DIR).filter((f) => f.endsWith('.svg')).map((f) => f.slice(0, -4)));
  return names;
}

const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join('-');

/** The Twemoji file name of a grapheme cluster, or null when it is not an emoji Twemoji draws. */
export function emojiName(cluster: string): string | null {
  if (!EMOJI.test(cluster)) return null;
  const all = available();
  // Twemoji's own rule: variation selectors dropped unless the sequence has a ZWJ; then try both.
  const candidates = cluster.includes(ZWJ) ? [hex(cluster), hex(cluster.replace(VS16, ''))] : [hex(cluster.replace(VS16, '')), hex(cluster)];
  return candidates.find((n) => all.has(n)) ?? null;
}

/** The shapes of an emoji (children of its SVG root), parsed once. */
export function emojiShapes(name: string): SvgElement[] {
  let s = shapes.get(name);
  if (!s) {
    const root = parseSvgTree(readFileSync(join(textEngine().fonts.EMOJI_SVG_DIR, `${name}.svg`), 'utf8'));
    s = root.children.filter((c): c is SvgElement => typeof c !== 'string');
    shapes.set(name, s);
  }
  return s;
}
