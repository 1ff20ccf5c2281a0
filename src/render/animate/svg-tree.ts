/**
 * A small element tree for SVG the sanitizer has already rebuilt (well-formed, known elements,
 * escaped values). The frame renderer edits attributes on it and writes it back; it is never
 * used on raw model output.
 */
import { escapeAttr, escapeText } from '../xml-escape.js';
import { tokenizeXml } from '../xml-tokenizer.js';

export interface SvgElement {
  name: string;
  /** Attributes in source order (a Map keeps insertion order). */
  attrs: Map<string, string>;
  children: SvgNode[];
  parent: SvgElement | null;
}
export type SvgNode = SvgElement | string;

export function parseSvgTree(svg: string): SvgElement {
  const root: SvgElement = { name: '#document', attrs: new Map(), children: [], parent: null };
  let top = root;
  for (const t of tokenizeXml(svg)) {
    if (t.type === 'text') {
      top.children.push(t.value);
    } else if (t.type === 'open') {
      const el: SvgElement = { name: t.name, attrs: new Map(t.attrs), children: [], parent: top };
      top.children.push(el);
      if (!t.selfClosing) top = el;
    } else if (top.parent) {
      top = top.parent;
    }
  }
  const svgRoot = root.children.find((c): c is SvgElement => typeof c !== 'string');
  if (!svgRoot) throw new Error('no <svg> element');
  svgRoot.parent = null;
  return svgRoot;
}

export function serializeSvgTree(el: SvgElement): string {
  const out: string[] = [];
  const walk = (e: SvgElement) => {
    out.push(`<${e.name}`);
    for (const [k, v] of e.attrs) out.push(` ${k}="${escapeAttr(v)}"`);
    if (e.children.length === 0) {
      out.push('/>');
      return;
    }
    out.push('>');
    for (const c of e.children) {
      if (typeof c === 'string') out.push(escapeText(c));
      else walk(c);
    }
    out.push(`</${e.name}>`);
  };
  walk(el);
  return out.join('');
}

/** Every element under (and including) `el`, in document order. */
export function allElements(el: SvgElement): SvgElement[] {
  const out: SvgElement[] = [];
  const stack: SvgElement[] = [el];
  while (stack.length) {
    const e = stack.pop()!;
    out.push(e);
    for (let i = e.children.length - 1; i >= 0; i--) {
      const c = e.children[i];
      if (typeof c !== 'string') stack.push(c);
    }
  }
  return out;
}

export function textContent(el: SvgElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textContent(c))).join('');
}

export function removeElement(el: SvgElement): void {
  const p = el.parent;
  if (!p) return;
  const i = p.children.indexOf(el);
  if (i >= 0) p.children.splice(i, 1);
}
