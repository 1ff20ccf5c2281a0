/**
 * Escaping for the XML that render writes: the sanitizer's output (a security boundary), the
 * frame renderer's edited tree, the A | B composite and the leaderboard chart. Written once here,
 * strict enough for all of them:
 * - characters XML 1.0 cannot hold (NUL and other controls, U+FFFE, U+FFFF, lone surrogates) are
 *   dropped, so the output always parses (a CSS escape such as `\1` decodes to one of them);
 * - `& < > " '` are escaped in text and attribute values alike, so a value is safe whichever
 *   quote its attribute uses;
 * - in attribute values, tab, newline and carriage return are written as character references:
 *   a parser turns the raw characters into spaces (attribute-value normalization), and the value
 *   must survive a round trip through the sanitizer unchanged.
 * Plain and self-contained: the render worker's esbuild bundle includes it.
 */

/** Characters XML 1.0 does not allow: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates. */
// eslint-disable-next-line no-control-regex
const NON_XML_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const TEXT_REFS: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ATTR_REFS: Record<string, string> = { ...TEXT_REFS, '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/** The string without the characters XML cannot hold. */
export function dropNonXmlChars(s: string): string {
  return s.replace(NON_XML_CHARS, '');
}

/** Escape for XML text content. */
export function escapeText(s: string): string {
  return dropNonXmlChars(s).replace(/[&<>"']/g, (c) => TEXT_REFS[c]);
}

/** Escape for an XML attribute value (in either kind of quotes). */
export function escapeAttr(s: string): string {
  return dropNonXmlChars(s).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_REFS[c]);
}
