/**
 * Who points at whom inside one drawing: `href="#x"`, `url(#x)` in any attribute, style or
 * stylesheet, and SMIL timing (`begin="x.end"`). Used to keep every definition something draws
 * with, to drop those nothing uses, and to rename ids without breaking a link.
 */
import { allElements, textContent, type SvgElement } from '../animate/svg-tree.js';

/** `url(#x)`, `url('#x')`, `url("#x")`: group 2 is the id. */
export const URL_REF = /url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g;
/**
 * One item of a SMIL `begin`/`end` list that names another element: `x.end+1s`, `step.1.end`
 * (ids may hold dots, as timing.ts reads them: the id runs up to the last dot before the event
 * name). Group 2 is the id.
 */
export const SMIL_REF = /^(\s*)([A-Za-z_][\w.-]*?)\.(?=[A-Za-z][\w-]*\s*(?:[+-].*)?$)/;
export const SMIL_TIMING = new Set(['begin', 'end']);

/** The ids one element refers to, from its own attributes (and its text when it is a `<style>`). */
export function outgoingIds(el: SvgElement): string[] {
  const ids: string[] = [];
  for (const [name, value] of el.attrs) {
    if (name === 'href' && value.startsWith('#')) ids.push(value.slice(1));
    else if (SMIL_TIMING.has(name)) {
      for (const item of value.split(';')) {
        const m = SMIL_REF.exec(item);
        if (m) ids.push(m[2]);
      }
    }
    if (value.includes('url(')) for (const m of value.matchAll(URL_REF)) ids.push(m[2]);
  }
  if (el.name === 'style') for (const m of textContent(el).matchAll(URL_REF)) ids.push(m[2]);
  return ids;
}

/** The element an animation acts on: its `href` target, else its parent. */
export function animationTarget(el: SvgElement, byId: Map<string, SvgElement>): SvgElement | null {
  const href = el.attrs.get('href');
  if (href?.startsWith('#')) return byId.get(href.slice(1)) ?? null;
  return el.parent;
}

export function elementsById(root: SvgElement): Map<string, SvgElement> {
  const byId = new Map<string, SvgElement>();
  for (const e of allElements(root)) {
    const id = e.attrs.get('id');
    if (id !== undefined && !byId.has(id)) byId.set(id, e);
  }
  return byId;
}

/** Elements that never draw by themselves, only when something refers to them. */
const DEFINITIONS = new Set(['linearGradient', 'radialGradient', 'pattern', 'clipPath', 'mask', 'marker', 'symbol', 'filter']);

function isDefinition(el: SvgElement): boolean {
  return DEFINITIONS.has(el.name) || (el.parent?.name === 'defs' && el.name !== 'style');
}

/**
 * Remove definitions nothing uses (a gradient no shape fills with, a `<defs>` path no `<use>`
 * shows): mark from everything that draws, follow references, sweep the rest.
 */
export function removeUnreferencedDefinitions(root: SvgElement): void {
  const byId = elementsById(root);
  const reached = new Set<SvgElement>();
  const pending: SvgElement[] = [];
  // The outermost definition containing each element (null: it draws on its own).
  const definitionOf = new Map<SvgElement, SvgElement | null>();
  const visit = (el: SvgElement, inside: SvgElement | null) => {
    const own = inside ?? (isDefinition(el) ? el : null);
    definitionOf.set(el, own);
    if (own === null) pending.push(el);
    for (const c of el.children) if (typeof c !== 'string') visit(c, own);
  };
  visit(root, null);
  const reach = (def: SvgElement) => {
    if (reached.has(def)) return;
    reached.add(def);
    for (const e of allElements(def)) pending.push(e); // not push(...): a large definition would overflow the call's arguments
  };
  while (pending.length) {
    const el = pending.pop()!;
    for (const id of outgoingIds(el)) {
      const target = byId.get(id);
      const def = target ? definitionOf.get(target) : null;
      if (def) reach(def);
    }
  }
  detachAll([...definitionOf].filter(([el, def]) => def === el && !reached.has(el)).map(([el]) => el));
}

/** Detach elements from their parents, each parent's children filtered once (a drawing may hold 100 000 of them). */
export function detachAll(elements: Iterable<SvgElement>): void {
  const gone = new Set(elements);
  const parents = new Set([...gone].map((e) => e.parent).filter((p): p is SvgElement => p !== null));
  for (const p of parents) p.children = p.children.filter((c) => typeof c === 'string' || !gone.has(c));
  for (const e of gone) e.parent = null;
}
