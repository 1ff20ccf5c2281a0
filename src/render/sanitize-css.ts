/**
 * CSS in untrusted SVG (`<style>`, `style="…"`, and presentation attributes such as
 * `fill="url(…)"`) may only point inside the same document: `url(#id)`. Everything else that
 * could reach out (`@import`, `url(file:…)`, `url(http…)`, `url(//host)`, `image-set(…)`) goes.
 * CSS escapes are decoded before checking, so `u\72l(` cannot hide a url.
 */

/** Decode CSS escapes (`\75`, `\u`); a backslash left after that makes the text unsafe. */
function decodeCssEscapes(css: string): string {
  return css.replace(/\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\([^\n\r\f0-9a-fA-F])/g, (_m, hex: string | undefined, ch: string | undefined) => {
    if (hex !== undefined) {
      const cp = parseInt(hex, 16);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
    }
    return ch ?? '';
  });
}

// An unquoted url cannot hold "(" (CSS Syntax: a bad url); stopping there also keeps `url(url(url(…`
// without a ")" linear: with "(" allowed, each of n starts scanned to the end (5 s for 20k repeats).
const URL_FN = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^()'"]*))\s*\)/gi;
const LOCAL_REF = /^#[^\s'"()<>\\]+$/;
const OTHER_FETCHERS = /@import|image-set\s*\(|(?:^|[^a-z-])image\s*\(|cross-fade\s*\(|element\s*\(|expression\s*\(|src\s*\(|javascript:|behavior\s*:|-moz-binding/i;

function rewriteUrls(css: string): string {
  return css.replace(URL_FN, (_m, d?: string, s?: string, u?: string) => {
    const target = (d ?? s ?? u ?? '').trim();
    return LOCAL_REF.test(target) ? `url(${target})` : 'none';
  });
}

/** True when what is left could still fetch something. */
function stillFetches(css: string): boolean {
  return /url\s*\(/i.test(css.replace(URL_FN, (m) => (/^url\(#/i.test(m) ? '' : m))) || OTHER_FETCHERS.test(css) || css.includes('\\');
}

/**
 * A `<style>` sheet with `@import` rules removed and non-local urls replaced by `none`;
 * null when something unsafe would remain (then the whole sheet is dropped).
 */
export function sanitizeStylesheet(css: string): string | null {
  let out = decodeCssEscapes(css);
  out = out.replace(/@import[^;]*(;|$)/gi, '');
  // @font-face could name font files; resvg ignores it, so drop the whole block.
  // [^{}]: a block never holds "{", and `@font-face{` repeated without "}" stays linear.
  out = out.replace(/@font-face\s*\{[^{}]*\}/gi, '');
  out = rewriteUrls(out);
  return stillFetches(out) ? null : out;
}

/** A `style="…"` attribute with non-local urls replaced by `none`; null when unsafe. */
export function sanitizeStyleAttribute(css: string): string | null {
  return sanitizeStylesheet(css);
}

/**
 * A presentation attribute value: unchanged when it holds no url, or only local ones;
 * null (drop the attribute) otherwise.
 */
export function sanitizeAttributeValue(value: string): string | null {
  if (!/url|\\|image|import|expression|javascript|src/i.test(value)) return value;
  const decoded = decodeCssEscapes(value);
  let local = true;
  decoded.replace(URL_FN, (_m, d?: string, s?: string, u?: string) => {
    if (!LOCAL_REF.test((d ?? s ?? u ?? '').trim())) local = false;
    return '';
  });
  if (!local) return null;
  const normalized = rewriteUrls(decoded);
  return stillFetches(normalized) ? null : normalized;
}
