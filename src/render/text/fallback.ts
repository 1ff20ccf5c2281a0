/**
 * Font fallback per grapheme cluster, as browsers do it: the first font of the list that has every
 * character of the cluster (format controls such as ZWJ and variation selectors need no glyph);
 * when none has them all, the first that has its base character; else the primary font (a box).
 */
import { emojiName } from './emoji.js';
import { openFace, type OpenFace } from './faces.js';

export type ClusterFont = { face: OpenFace } | { emoji: string };

const IGNORABLE = /[\u200b-\u200f\u2060-\u2064\ufe00-\ufe0f\u{e0000}-\u{e007f}]/u;

export function fontForCluster(cluster: string, fonts: string[]): ClusterFont {
  const emoji = emojiName(cluster);
  if (emoji) return { emoji };
  const cps = [...cluster].filter((c) => !IGNORABLE.test(c)).map((c) => c.codePointAt(0)!);
  if (cps.length === 0) return { face: openFace(fonts[0]) };
  for (const file of fonts) {
    const face = openFace(file);
    if (cps.every((cp) => face.covers(cp))) return { face };
  }
  for (const file of fonts) {
    const face = openFace(file);
    if (face.covers(cps[0])) return { face };
  }
  return { face: openFace(fonts[0]) };
}
