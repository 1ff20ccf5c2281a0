/**
 * Line breaking for captions, in every script: break opportunities from Intl.Segmenter (between
 * words where the script has spaces, between dictionary words where Thai, Lao, Khmer, Chinese or
 * Japanese have none), widths measured by the caller (HarfBuzz advances, shape.ts), never guessed
 * from a character count. Lines are broken in logical order; each line is then drawn with bidi.
 */

/** Width in px of a line of text as it will be drawn. */
export type Measure = (text: string) => number;

const ELLIPSIS = '…';
const graphemes = (s: string) => [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

/** The pieces between break opportunities; punctuation stays with the word before it. */
function breakUnits(text: string): string[] {
  const units: string[] = [];
  for (const { segment, isWordLike } of new Intl.Segmenter('und', { granularity: 'word' }).segment(text)) {
    const glue = !isWordLike && !/^\s+$/u.test(segment) && units.length > 0 && !/\s$/u.test(units[units.length - 1]);
    if (glue) units[units.length - 1] += segment;
    else units.push(segment);
  }
  return units;
}

/** A unit wider than a line is cut between grapheme clusters. */
function splitWide(unit: string, maxWidth: number, measure: Measure): string[] {
  const parts: string[] = [];
  let part = '';
  for (const g of graphemes(unit)) {
    if (part && measure(part + g) > maxWidth) {
      parts.push(part);
      part = '';
    }
    part += g;
  }
  if (part) parts.push(part);
  return parts;
}

/** `line` shortened (by grapheme clusters) until it fits with "…" after it. */
function withEllipsis(line: string, maxWidth: number, measure: Measure): string {
  const gs = graphemes(line.trimEnd());
  while (gs.length > 0 && measure(gs.join('') + ELLIPSIS) > maxWidth) gs.pop();
  return gs.join('').trimEnd() + ELLIPSIS;
}

/** At most `maxLines` lines no wider than `maxWidth`; the last ends in "…" when text was cut. */
export function wrapLines(text: string, maxWidth: number, maxLines: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of breakUnits(text)) {
    const pieces = measure(unit.trim()) > maxWidth ? splitWide(unit, maxWidth, measure) : [unit];
    for (const piece of pieces) {
      if (!line.trim() || measure((line + piece).trimEnd()) <= maxWidth) {
        line = line.trim() ? line + piece : piece.trimStart();
        continue;
      }
      lines.push(line.trimEnd());
      line = piece.trimStart();
    }
  }
  if (line.trim()) lines.push(line.trimEnd());
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = withEllipsis(kept[maxLines - 1], maxWidth, measure);
  return kept;
}
