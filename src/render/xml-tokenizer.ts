/**
 * A small XML tokenizer for untrusted SVG. It never resolves anything external: the DOCTYPE
 * (with any internal subset and its entities) is skipped, character references are decoded,
 * the five XML entities and a few HTML ones models like to write are known, and every other
 * named entity decodes to nothing. So an href written as `&#x2F;etc/passwd` or `&xxe;` reaches
 * the sanitizer as the string it would really mean (or as nothing), never as a hidden path.
 *
 * It is lenient where that is harmless (unquoted attribute values, a stray `<` or `&` in text)
 * because the sanitizer re-serializes a clean document anyway.
 */
import { dropNonXmlChars } from './xml-escape.js';

export type XmlToken =
  | { type: 'open'; name: string; attrs: Array<[string, string]>; selfClosing: boolean }
  | { type: 'close'; name: string }
  | { type: 'text'; value: string };

const NAMED: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  deg: '\u00b0',
  middot: '\u00b7',
  times: '\u00d7',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  bull: '\u2022',
  hearts: '\u2665',
};

/** Characters XML 1.0 allows; anything else (NUL, other controls, lone surrogates) is dropped. */
function allowedCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const REF = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z][A-Za-z0-9]{0,31});/g;

/** Decode character and entity references; unknown entities become the empty string. */
export function decodeEntities(raw: string): string {
  const decoded = raw.replace(REF, (_m, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(cp) && allowedCodePoint(cp) ? String.fromCodePoint(cp) : '';
    }
    return NAMED[ref] ?? '';
  });
  return dropNonXmlChars(decoded);
}

const NAME = /[A-Za-z_:][\w.:\-]*/y;
const SPACE = /\s*/y;

/** Thrown for input the tokenizer cannot make sense of (the caller turns it into a RenderError). */
export class XmlSyntaxError extends Error {}

/** Split an XML document into element and text tokens. Comments, PIs, DOCTYPE are skipped. */
export function tokenizeXml(src: string): XmlToken[] {
  const out: XmlToken[] = [];
  let i = 0;
  const n = src.length;
  let textStart = 0;
  const flushText = (end: number) => {
    if (end > textStart) out.push({ type: 'text', value: decodeEntities(src.slice(textStart, end)) });
  };
  while (i < n) {
    const lt = src.indexOf('<', i);
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<!--', i)) {
      flushText(i);
      const end = src.indexOf('-->', i + 4);
      i = end < 0 ? n : end + 3;
      textStart = i;
    } else if (src.startsWith('<![CDATA[', i)) {
      flushText(i);
      const end = src.indexOf(']]>', i + 9);
      const stop = end < 0 ? n : end;
      out.push({ type: 'text', value: dropNonXmlChars(src.slice(i + 9, stop)) });
      i = end < 0 ? n : end + 3;
      textStart = i;
    } else if (src.startsWith('<?', i)) {
      flushText(i);
      const end = src.indexOf('?>', i + 2);
      i = end < 0 ? n : end + 2;
      textStart = i;
    } else if (src.startsWith('<!', i)) {
      // DOCTYPE (possibly with an internal subset in brackets) or another declaration: skip it all.
      flushText(i);
      i = skipDeclaration(src, i + 2);
      textStart = i;
    } else if (src[i + 1] === '/') {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(src);
      const gt = src.indexOf('>', i + 2);
      if (!m || gt < 0) {
        i += 1; // a stray "</" in text
        continue;
      }
      flushText(i);
      out.push({ type: 'close', name: m[0] });
      i = gt + 1;
      textStart = i;
    } else {
      NAME.lastIndex = i + 1;
      const m = NAME.exec(src);
      if (!m) {
        i += 1; // a stray "<" in text: keep it as text
        continue;
      }
      flushText(i);
      const tag = parseTag(src, i + 1 + m[0].length);
      out.push({ type: 'open', name: m[0], attrs: tag.attrs, selfClosing: tag.selfClosing });
      i = tag.end;
      textStart = i;
    }
  }
  flushText(n);
  return out;
}

function skipDeclaration(src: string, from: number): number {
  let depth = 0;
  let quote = '';
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '>' && depth === 0) return j + 1;
  }
  return src.length;
}

function parseTag(src: string, from: number): { attrs: Array<[string, string]>; selfClosing: boolean; end: number } {
  const attrs: Array<[string, string]> = [];
  const seen = new Set<string>();
  let i = from;
  const n = src.length;
  for (;;) {
    SPACE.lastIndex = i;
    SPACE.exec(src);
    i = SPACE.lastIndex;
    if (i >= n) throw new XmlSyntaxError('a tag is not closed');
    if (src[i] === '>') return { attrs, selfClosing: false, end: i + 1 };
    if (src.startsWith('/>', i)) return { attrs, selfClosing: true, end: i + 2 };
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) {
      i += 1; // junk inside a tag (a stray quote or slash): skip it
      continue;
    }
    const name = m[0];
    i += name.length;
    SPACE.lastIndex = i;
    SPACE.exec(src);
    let value = '';
    if (src[SPACE.lastIndex] === '=') {
      i = SPACE.lastIndex + 1;
      SPACE.lastIndex = i;
      SPACE.exec(src);
      i = SPACE.lastIndex;
      const q = src[i];
      if (q === '"' || q === "'") {
        const end = src.indexOf(q, i + 1);
        if (end < 0) throw new XmlSyntaxError('an attribute value is not closed');
        value = src.slice(i + 1, end);
        i = end + 1;
      } else {
        const m2 = /[^\s>]*/y;
        m2.lastIndex = i;
        value = m2.exec(src)?.[0] ?? '';
        if (value.endsWith('/') && src[i + value.length] === '>') value = value.slice(0, -1);
        i += value.length;
      }
    }
    // A duplicate attribute is an XML error; keep the first, as browsers do.
    if (!seen.has(name)) {
      seen.add(name);
      attrs.push([name, decodeEntities(value)]);
    }
  }
}
