/**
 * Ids, classes and animation names made neutral across one drawing, every reference kept:
 * `href="#x"`, `url(#x)` in any attribute or style, SMIL `begin="x.end"`, and the selectors and
 * `@keyframes` of `<style>` (css-rename.ts).
 */
import { allElements, type SvgElement } from '../animate/svg-tree.js';
import { renameDeclarations, renameStylesheet } from './css-rename.js';
import { NeutralNames } from './neutral-names.js';
import { SMIL_REF, SMIL_TIMING, URL_REF } from './references.js';

function renameAttribute(name: string, value: string, names: NeutralNames): string {
  if (name === 'id') return names.id(value);
  if (name === 'class') return value.split(/\s+/).filter(Boolean).map((c) => names.className(c)).join(' ');
  if (name === 'style') return renameDeclarations(value, names);
  if (name === 'href' && value.startsWith('#')) return `#${names.id(value.slice(1))}`;
  let out = value;
  if (SMIL_TIMING.has(name)) out = out.split(';').map((item) => item.replace(SMIL_REF, (_m, space: string, id: string) => `${space}${names.id(id)}.`)).join(';');
  if (out.includes('url(')) out = out.replace(URL_REF, (_m, _q, id: string) => `url(#${names.id(id)})`);
  return out;
}

/** Rename in place. Stylesheets go first, so CSS animation names are known before `style="animation: …"`. */
export function renameNames(root: SvgElement): void {
  const names = new NeutralNames();
  const elements = allElements(root);
  for (const el of elements) {
    if (el.name !== 'style') continue;
    const css = el.children.filter((c): c is string => typeof c === 'string').join('');
    el.children = css.trim() ? [renameStylesheet(css, names)] : [];
  }
  for (const el of elements) {
    for (const [name, value] of el.attrs) el.attrs.set(name, renameAttribute(name, value, names));
  }
}
