/**
 * A sanitized stylesheet (or `style="…"` attribute) with its names made neutral: `#id` and
 * `.class` in selectors, `url(#id)` in values, `@keyframes` names and the `animation` properties
 * that use them. Comments, custom properties (`--by: Alpha`) and `content` go: free text that
 * draws nothing in SVG. Rules that select by attribute
 * (`[data-model=…]`) go too: the attributes they test are gone or renamed, and their values are
 * free text.
 */
import type { NeutralNames } from './neutral-names.js';
import { URL_REF } from './references.js';

const IDENT = String.raw`-?[_a-zA-Z\u00a0-\uffff][_a-zA-Z0-9\u00a0-\uffff-]*`;
const SELECTOR_NAME = new RegExp(String.raw`([#.])(${IDENT})`, 'g');
const KEYFRAMES = new RegExp(String.raw`^(\s*@(?:-webkit-|-moz-)?keyframes\s+)(['"]?)(${IDENT})\2`, 'i');
const NESTING_AT_RULES = /^\s*@(media|supports|document|layer|container)\b/i;

/** Declarations that draw nothing in SVG but can carry any text: custom properties and `content`. */
const FREE_TEXT_PROPERTY = /^(--|content$)/;

/** Declarations (`a: b; …`) with url(#…) and animation names made neutral, free-text ones dropped. */
export function renameDeclarations(css: string, names: NeutralNames): string {
  return stripComments(css)
    .split(';')
    .filter((decl) => !FREE_TEXT_PROPERTY.test(decl.slice(0, Math.max(0, decl.indexOf(':'))).trim().toLowerCase()))
    .map((decl) => {
      const colon = decl.indexOf(':');
      if (colon < 0) return decl;
      const property = decl.slice(0, colon).trim().toLowerCase();
      let value = decl.slice(colon + 1).replace(URL_REF, (_m, _q, id: string) => `url(#${names.id(id)})`);
      if (property === 'animation' || property === 'animation-name') {
        value = value.replace(new RegExp(IDENT, 'g'), (word) => names.knownAnimation(word) ?? word);
      }
      return `${decl.slice(0, colon)}:${value}`;
    })
    .join(';');
}

/** A whole stylesheet with neutral names (see the file comment). */
export function renameStylesheet(css: string, names: NeutralNames): string {
  const clean = stripComments(css);
  // Keyframes are named first, so `animation: wave 2s` finds its neutral name wherever it is.
  for (const m of clean.matchAll(new RegExp(String.raw`@(?:-webkit-|-moz-)?keyframes\s+(['"]?)(${IDENT})\1`, 'gi'))) names.animation(m[2]);
  return renameRules(clean, names);
}

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
}

/** The index of the `}` closing the block whose `{` is at `open`, or the end of the text. */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return i;
  }
  return css.length;
}

/** A list of rules: each prelude renamed by its kind, each block by what it holds. */
function renameRules(css: string, names: NeutralNames): string {
  const out: string[] = [];
  let i = 0;
  while (i < css.length) {
    const brace = css.indexOf('{', i);
    const semicolon = css.indexOf(';', i);
    if (brace < 0 || (semicolon >= 0 && semicolon < brace)) {
      // A statement at-rule (`@charset …;`) or trailing text: nothing names anything here.
      const end = brace < 0 ? css.length : semicolon + 1;
      out.push(css.slice(i, end));
      i = end;
      continue;
    }
    const end = blockEnd(css, brace);
    const prelude = css.slice(i, brace);
    const body = css.slice(brace + 1, end);
    const rule = renameRule(prelude, body, names);
    if (rule !== null) out.push(rule);
    i = end + 1;
  }
  return out.join('');
}

function renameRule(prelude: string, body: string, names: NeutralNames): string | null {
  if (NESTING_AT_RULES.test(prelude)) return `${prelude}{${renameRules(body, names)}}`;
  const keyframes = KEYFRAMES.exec(prelude);
  if (keyframes) return `${keyframes[1]}${names.animation(keyframes[3])}{${renameRules(body, names)}}`;
  if (/^\s*@/.test(prelude)) return `${prelude}{${renameDeclarations(body, names)}}`;
  if (prelude.includes('[')) return null;
  const selectors = prelude.replace(SELECTOR_NAME, (m, sigil: string, name: string) => {
    // Inside @keyframes a prelude is `from`/`50%`; `.5` is a number, never a class (IDENT starts with a letter).
    return sigil === '#' ? `#${names.id(name)}` : `.${names.className(name)}`;
  });
  return `${selectors}{${renameDeclarations(body, names)}}`;
}
