/**
 * Just enough CSS for animated drawings: style rules with selectors (type, `.class`, `#id`, `*`,
 * attribute selectors, `:not()`, `:first-child`/`:last-child`/`:nth-child()`, descendant `>` `+`
 * `~` combinators), `@keyframes`, and `@media`/`@supports` blocks (reduced motion and print are
 * taken as not matching, as in a default browser; other conditions as matching).
 */
import { parseDeclarations, type Declaration } from './declarations.js';
import type { SvgElement } from './svg-tree.js';

export interface StyleRule {
  selector: Selector;
  specificity: number;
  /** Position in the sheets, for the cascade among equal specificity. */
  order: number;
  declarations: Declaration[];
}

export interface Keyframe {
  offset: number;
  declarations: Declaration[];
}

export interface StyleSheet {
  rules: StyleRule[];
  keyframes: Map<string, Keyframe[]>;
}

type Simple =
  | { kind: 'type'; name: string }
  | { kind: 'universal' }
  | { kind: 'id'; name: string }
  | { kind: 'class'; name: string }
  | { kind: 'attr'; name: string; op?: string; value?: string }
  | { kind: 'not'; inner: Simple[][] }
  | { kind: 'nth'; a: number; b: number; last: boolean }
  | { kind: 'never' };

/** Compounds from right to left with the combinator that joins each to the one on its left. */
export type Selector = Array<{ compound: Simple[]; combinator: ' ' | '>' | '+' | '~' | null }>;

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?\*\//g, '');
}

/** Blocks at one level: `prelude { body }` pairs, braces balanced. */
function blocks(css: string): Array<{ prelude: string; body: string }> {
  const out: Array<{ prelude: string; body: string }> = [];
  let i = 0;
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open < 0) break;
    let depth = 1;
    let j = open + 1;
    for (; j < css.length && depth > 0; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}') depth--;
    }
    const prelude = css.slice(i, open).replace(/^[\s;]*(@[a-z-]+[^;{]*;\s*)*/i, '').trim();
    out.push({ prelude, body: css.slice(open + 1, j - 1) });
    i = j;
  }
  return out;
}

function mediaMatches(cond: string): boolean {
  const c = cond.toLowerCase();
  if (/prefers-reduced-motion\s*:\s*reduce/.test(c)) return false;
  if (/^\s*print\b/.test(c) || /prefers-color-scheme\s*:\s*dark/.test(c)) return false;
  return true;
}

function keyframeOffsets(prelude: string): number[] {
  return prelude.split(',').map((s) => {
    const t = s.trim().toLowerCase();
    if (t === 'from') return 0;
    if (t === 'to') return 1;
    const m = /^([+-]?\d*\.?\d+)%$/.exec(t);
    return m ? Number(m[1]) / 100 : NaN;
  });
}

export function parseStyleSheets(texts: string[]): StyleSheet {
  const sheet: StyleSheet = { rules: [], keyframes: new Map() };
  let order = 0;
  const walk = (css: string) => {
    for (const { prelude, body } of blocks(css)) {
      const lower = prelude.toLowerCase();
      if (lower.startsWith('@keyframes') || lower.startsWith('@-webkit-keyframes')) {
        const name = prelude.replace(/^@(-webkit-)?keyframes\s*/i, '').trim().replace(/^["']|["']$/g, '');
        const frames: Keyframe[] = [];
        for (const kf of blocks(body)) {
          const decls = parseDeclarations(kf.body);
          for (const offset of keyframeOffsets(kf.prelude)) if (offset >= 0 && offset <= 1) frames.push({ offset, declarations: decls });
        }
        // The last @keyframes of a name wins.
        sheet.keyframes.set(name, frames);
      } else if (lower.startsWith('@media')) {
        if (mediaMatches(prelude.slice(6))) walk(body);
      } else if (lower.startsWith('@supports')) {
        walk(body);
      } else if (lower.startsWith('@')) {
        continue;
      } else {
        const declarations = parseDeclarations(body);
        for (const sel of splitSelectorList(prelude)) {
          const parsed = parseSelector(sel);
          if (parsed) sheet.rules.push({ selector: parsed.selector, specificity: parsed.specificity, order: order++, declarations });
        }
      }
    }
  };
  for (const t of texts) walk(stripComments(t));
  return sheet;
}

function splitSelectorList(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') depth--;
    else if (s[i] === ',' && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(s.slice(start).trim());
  return out.filter(Boolean);
}

const IDENT = '-?[_a-zA-Z][\\w-]*';

function parseCompound(text: string): { simples: Simple[]; spec: number } | null {
  const simples: Simple[] = [];
  let spec = 0;
  let rest = text;
  const take = (re: RegExp) => {
    const m = re.exec(rest);
    if (m) rest = rest.slice(m[0].length);
    return m;
  };
  let m: RegExpExecArray | null;
  if ((m = take(new RegExp(`^(${IDENT}|\\*)`)))) {
    if (m[1] === '*') simples.push({ kind: 'universal' });
    else {
      simples.push({ kind: 'type', name: m[1] });
      spec += 1;
    }
  }
  while (rest.length) {
    if ((m = take(new RegExp(`^#(${IDENT})`)))) {
      simples.push({ kind: 'id', name: m[1] });
      spec += 10000;
    } else if ((m = take(new RegExp(`^\\.(${IDENT})`)))) {
      simples.push({ kind: 'class', name: m[1] });
      spec += 100;
    } else if ((m = take(/^\[\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+)))?\s*\]/))) {
      simples.push({ kind: 'attr', name: m[1], op: m[2], value: m[3] ?? m[4] ?? m[5] });
      spec += 100;
    } else if ((m = take(/^:not\(([^()]*(?:\([^()]*\))?[^()]*)\)/))) {
      const inner = splitSelectorList(m[1]).map((s) => parseCompound(s)?.simples ?? [{ kind: 'never' as const }]);
      simples.push({ kind: 'not', inner });
      spec += 100;
    } else if ((m = take(/^:(first|last)-child/))) {
      simples.push({ kind: 'nth', a: 0, b: 1, last: m[1] === 'last' });
      spec += 100;
    } else if ((m = take(/^:nth(-last)?-child\(\s*([^)]*)\)/))) {
      const ab = parseNth(m[2]);
      simples.push(ab ? { kind: 'nth', a: ab[0], b: ab[1], last: !!m[1] } : { kind: 'never' });
      spec += 100;
    } else if ((m = take(/^:(root)/))) {
      simples.push({ kind: 'type', name: 'svg' });
      spec += 100;
    } else if ((m = take(/^::?[\w-]+(\([^)]*\))?/))) {
      // :hover, :focus, ::before …: never matches a still frame.
      simples.push({ kind: 'never' });
      spec += 100;
    } else return null;
  }
  return simples.length ? { simples, spec } : null;
}

function parseNth(s: string): [number, number] | null {
  const t = s.replace(/\s+/g, '').toLowerCase();
  if (t === 'odd') return [2, 1];
  if (t === 'even') return [2, 0];
  const m = /^([+-]?\d*)n([+-]\d+)?$/.exec(t);
  if (m) return [m[1] === '' || m[1] === '+' ? 1 : m[1] === '-' ? -1 : Number(m[1]), Number(m[2] ?? 0)];
  return /^[+-]?\d+$/.test(t) ? [0, Number(t)] : null;
}

function parseSelector(text: string): { selector: Selector; specificity: number } | null {
  const parts = text.replace(/\s*([>+~])\s*/g, ' $1 ').trim().split(/\s+/);
  // Left to right, each compound with the combinator before it; then reversed for matching.
  const ltr: Array<{ compound: Simple[]; before: ' ' | '>' | '+' | '~' | null }> = [];
  let spec = 0;
  let pending: ' ' | '>' | '+' | '~' | null = null;
  for (const p of parts) {
    if (p === '>' || p === '+' || p === '~') {
      pending = p;
      continue;
    }
    const c = parseCompound(p);
    if (!c) return null;
    spec += c.spec;
    ltr.push({ compound: c.simples, before: ltr.length ? pending ?? ' ' : null });
    pending = null;
  }
  if (ltr.length === 0) return null;
  // selector[i].combinator joins selector[i] to selector[i + 1], the compound on its left.
  const selector: Selector = ltr.reverse().map((x) => ({ compound: x.compound, combinator: x.before }));
  return { selector, specificity: spec };
}

function elementSiblings(el: SvgElement): SvgElement[] {
  return el.parent ? el.parent.children.filter((c): c is SvgElement => typeof c !== 'string') : [el];
}

function matchSimple(el: SvgElement, s: Simple): boolean {
  switch (s.kind) {
    case 'universal':
      return true;
    case 'type':
      return el.name === s.name;
    case 'id':
      return el.attrs.get('id') === s.name;
    case 'class':
      return (el.attrs.get('class') ?? '').split(/\s+/).includes(s.name);
    case 'attr': {
      const v = el.attrs.get(s.name);
      if (v === undefined) return false;
      if (!s.op || s.value === undefined) return true;
      const x = s.value;
      switch (s.op) {
        case '=':
          return v === x;
        case '~=':
          return v.split(/\s+/).includes(x);
        case '|=':
          return v === x || v.startsWith(`${x}-`);
        case '^=':
          return x !== '' && v.startsWith(x);
        case '$=':
          return x !== '' && v.endsWith(x);
        case '*=':
          return x !== '' && v.includes(x);
        default:
          return false;
      }
    }
    case 'not':
      return !s.inner.some((c) => c.every((x) => matchSimple(el, x)));
    case 'nth': {
      const sib = elementSiblings(el);
      const idx = s.last ? sib.length - sib.indexOf(el) : sib.indexOf(el) + 1;
      if (s.a === 0) return idx === s.b;
      const n = (idx - s.b) / s.a;
      return Number.isInteger(n) && n >= 0;
    }
    case 'never':
      return false;
  }
}

function matchFrom(el: SvgElement, sel: Selector, i: number): boolean {
  if (!sel[i].compound.every((s) => matchSimple(el, s))) return false;
  if (i === sel.length - 1) return true;
  const comb = sel[i].combinator;
  if (comb === '>') return !!el.parent && matchFrom(el.parent, sel, i + 1);
  if (comb === ' ') {
    for (let p = el.parent; p; p = p.parent) if (matchFrom(p, sel, i + 1)) return true;
    return false;
  }
  const sib = elementSiblings(el);
  const at = sib.indexOf(el);
  if (comb === '+') return at > 0 && matchFrom(sib[at - 1], sel, i + 1);
  for (let k = at - 1; k >= 0; k--) if (matchFrom(sib[k], sel, i + 1)) return true;
  return false;
}

export function matches(el: SvgElement, sel: Selector): boolean {
  return matchFrom(el, sel, 0);
}

/** A cascaded value with its rank: a higher rank won (importance, then specificity, then order). */
export interface Cascaded {
  value: string;
  rank: number;
}

/**
 * The cascaded value of each property for `el`: inline style over sheet rules (by importance,
 * specificity, order). Only properties for which `wanted` is true are looked up.
 */
export function cascade(el: SvgElement, sheet: StyleSheet, inline: Declaration[], wanted: (prop: string) => boolean): Map<string, Cascaded> {
  const best = new Map<string, Cascaded>();
  const consider = (d: Declaration, rank: number) => {
    if (!wanted(d.prop)) return;
    const r = rank + (d.important ? 1e12 : 0);
    const cur = best.get(d.prop);
    if (!cur || r >= cur.rank) best.set(d.prop, { rank: r, value: d.value });
  };
  for (const rule of sheet.rules) {
    if (!rule.declarations.some((d) => wanted(d.prop))) continue;
    if (!matches(el, rule.selector)) continue;
    rule.declarations.forEach((d, i) => consider(d, rule.specificity * 1e5 + rule.order + i / 1000));
  }
  inline.forEach((d, i) => consider(d, 1e11 + i / 1000));
  return best;
}
