/**
 * Text as people read it. A drawing can write a name that a plain string search misses but any
 * voter reads: with invisible characters inside ("Cla\u200bude", a soft hyphen, a word joiner),
 * in look-alike letters of another script ("Сlaude" with a Cyrillic С, Greek capitals, full-width
 * letters), reversed under a right-to-left override, letter-spaced ("c l a u d e"), or with
 * combining marks on its letters. `readableText` undoes all of that, so the name filter
 * (duel/blindness.ts) and the repeated-prompt rule (ratings/prompt-weights.ts) see what is read:
 *
 * 1. explicit bidi overrides resolved the way they display (U+202E … U+202C reversed), then every
 *    bidi control removed;
 * 2. NFKC (full-width and mathematical letters become plain ones);
 * 3. default-ignorable code points (zero-width spaces and joiners, soft hyphens, word joiners,
 *    variation selectors) and format characters removed, combining marks dropped (after NFD);
 * 4. confusable letters folded to the Latin letter they look like (a compact table after Unicode
 *    TR39's confusables, for the scripts that look Latin), then case-folded;
 * 5. runs of three or more single letters joined ("c l a u d e", "C.L.A.U.D.E" -> "claude").
 *
 * `lookalikeKey` goes one step further for matching names: letters that are the same shape in a
 * sans-serif font (l, I, i, 1, |; 0 and o; rn and m; vv and w) become one.
 */

/** Cyrillic, Greek, Armenian and Latin-extension letters that look like a Latin letter. */
const CONFUSABLES: Record<string, string> = Object.fromEntries(
  [
    // Cyrillic
    'аa Аa вb Вb сc Сc еe Еe ёe һh Һh Нh нh іi Іi їi Її јj Јj кk Кk ӏl Ӏl мm Мm оo Оo рp Рp ԛq Ԛq ѕs Ѕs тt Тt уy Уy Үy үy хx Хx ԁd ԝw Ԝw ɡg ьb Ьb',
    // Greek
    'Αa αa Βb βb Εe εe Ζz Ηh Ιi ιi Κk κk Μm Νn νv Οo οo Ρp ρp Τt τt Υy υu Χx χx ϲc Ϲc ϳj',
    // Armenian, Cherokee and Latin extensions
    'օo Օo սu ոn հh ցg Ꭺa Ᏼb Ꮯc Ꭼe Ꮋh Ꭻj Ꮶk Ꮮl Ꮇm Ꮲp Ꮪs Ꭲt Ꮃw ıi ȷj ɑa ɩi ǀl ʟl ꞵb ɪi ᴄc ᴏo ᴜu ᴠv ᴡw ᴢz',
  ]
    .join(' ')
    .split(' ')
    .filter((pair) => [...pair].length === 2)
    .map((pair) => [...pair] as [string, string]),
);

const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const MARKS = /\p{M}/gu;

/** Deepest nesting of embeddings, overrides and isolates the Unicode bidi algorithm honours. */
const MAX_BIDI_DEPTH = 125;

/**
 * Resolve U+202E (right-to-left override) the way it displays: its content, up to U+202C or the
 * end of the line, reversed (nested embeddings and isolates close with their own terminators).
 */
export function resolveOverrides(text: string): string {
  const chars = [...text];
  let i = 0;
  // A run is a list of units: characters, and nested embeddings kept whole (an LTR override
  // inside an RTL one stays in its own order while the outer run is reversed around it).
  const run = (closesOn: string | null, depth: number): string[] => {
    const units: string[] = [];
    while (i < chars.length) {
      const c = chars[i++];
      if (c === '\n') {
        i--; // a paragraph ends every override
        return units;
      }
      if (c === closesOn) return units;
      const opens = c === '\u202e' || c === '\u202a' || c === '\u202b' || c === '\u202d' || (c >= '\u2066' && c <= '\u2068');
      // Past the bidi algorithm's own limit (UAX #9: 125 levels) an opener is ignored, as
      // browsers ignore it; it also keeps a hostile run of openers from exhausting the stack.
      if (opens && depth >= MAX_BIDI_DEPTH) continue;
      if (c === '\u202e') units.push(run('\u202c', depth + 1).reverse().join(''));
      else if (c === '\u202a' || c === '\u202b' || c === '\u202d') units.push(run('\u202c', depth + 1).join(''));
      else if (c >= '\u2066' && c <= '\u2068') units.push(run('\u2069', depth + 1).join(''));
      else units.push(c);
    }
    return units;
  };
  let out = '';
  while (i < chars.length) {
    out += run(null, 0).join('');
    if (i < chars.length) out += chars[i++]; // the newline
  }
  return out;
}

function foldConfusables(text: string): string {
  let out = '';
  for (const c of text) out += CONFUSABLES[c] ?? c;
  return out;
}

/** "c l a u d e" -> "claude": three or more single letters in a row, whatever separates them. */
function joinSpacedLetters(text: string): string {
  return text.replace(/(?<![\p{L}\p{N}])\p{L}(?:[^\p{L}\p{N}\n]{1,3}\p{L}(?![\p{L}\p{N}])){2,}/gu, (run) => run.replace(/[^\p{L}]/gu, ''));
}

/** The text as people read it (see the file comment); lines kept, spaces collapsed. */
export function readableText(text: string): string {
  const plain = resolveOverrides(text).replace(BIDI_CONTROLS, '').normalize('NFKC').replace(INVISIBLE, '');
  const bare = plain.normalize('NFD').replace(MARKS, '').normalize('NFC');
  const folded = foldConfusables(bare).toLowerCase();
  return joinSpacedLetters(folded)
    .split('\n')
    .map((line) => line.replace(/[^\S\n]+/gu, ' ').trim())
    .join('\n');
}

/** Letters a sans-serif font draws alike, made one, for matching names (see the file comment). */
export function lookalikeKey(text: string): string {
  return readableText(text).replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/[il1|!]/g, 'l').replace(/0/g, 'o');
}
