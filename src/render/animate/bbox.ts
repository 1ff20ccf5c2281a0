/**
 * The object bounding box of an element in its own user space (the `fill-box` that CSS
 * `transform-box: fill-box` refers to): geometry only, no stroke, children through their own
 * transforms. Text is approximated from its position and font size.
 */
import { applyToPoint, IDENTITY, listMatrix, multiply, parseTransformList, translate, type Matrix } from './matrix.js';
import { flattenPath, pointsBox, type Box, type Point } from './path-sampling.js';
import { allElements, textContent, type SvgElement } from './svg-tree.js';

function num(el: SvgElement, name: string, fallback = 0): number {
  const v = parseFloat(el.attrs.get(name) ?? '');
  return Number.isFinite(v) ? v : fallback;
}

function shapePoints(el: SvgElement): Point[] {
  switch (el.name) {
    case 'rect':
    case 'image':
    case 'use': {
      const x = num(el, 'x');
      const y = num(el, 'y');
      const w = num(el, 'width');
      const h = num(el, 'height');
      return el.name === 'use' && !el.attrs.has('width') ? [] : [[x, y], [x + w, y + h]];
    }
    case 'circle': {
      const r = num(el, 'r');
      return [[num(el, 'cx') - r, num(el, 'cy') - r], [num(el, 'cx') + r, num(el, 'cy') + r]];
    }
    case 'ellipse': {
      const rx = num(el, 'rx');
      const ry = num(el, 'ry');
      return [[num(el, 'cx') - rx, num(el, 'cy') - ry], [num(el, 'cx') + rx, num(el, 'cy') + ry]];
    }
    case 'line':
      return [[num(el, 'x1'), num(el, 'y1')], [num(el, 'x2'), num(el, 'y2')]];
    case 'polyline':
    case 'polygon': {
      const n = (el.attrs.get('points') ?? '').split(/[\s,]+/).filter(Boolean).map(Number);
      const pts: Point[] = [];
      for (let i = 0; i + 1 < n.length; i += 2) pts.push([n[i], n[i + 1]]);
      return pts;
    }
    case 'path':
      try {
        return flattenPath(el.attrs.get('d') ?? '').flat();
      } catch {
        return [];
      }
    case 'text': {
      const size = parseFloat(el.attrs.get('font-size') ?? '') || 16;
      const x = num(el, 'x');
      const y = num(el, 'y');
      const w = textContent(el).length * size * 0.55;
      const anchor = el.attrs.get('text-anchor');
      const x0 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
      return [[x0, y - size * 0.8], [x0 + w, y + size * 0.2]];
    }
    default:
      return [];
  }
}

const CONTAINERS = new Set(['g', 'svg', 'a', 'switch']);

function elementTransform(el: SvgElement): Matrix {
  const list = parseTransformList(el.attrs.get('transform') ?? '');
  return list ? listMatrix(list) : IDENTITY;
}

/** Bounding box of `el` in its own user space, or null when it draws no geometry. */
export function fillBox(el: SvgElement, byId: Map<string, SvgElement>, depth = 0): Box | null {
  if (depth > 32) return null;
  if (!CONTAINERS.has(el.name)) {
    if (el.name === 'use') {
      const ref = byId.get((el.attrs.get('href') ?? '').slice(1));
      if (!ref) return null;
      const inner = fillBox(ref, byId, depth + 1);
      if (!inner) return null;
      const m = multiply(translate(num(el, 'x'), num(el, 'y')), elementTransform(ref));
      return transformBox(inner, m);
    }
    return pointsBox(shapePoints(el));
  }
  const pts: Point[] = [];
  for (const child of el.children) {
    if (typeof child === 'string' || /^(defs|style|title|desc|clipPath|mask|linearGradient|radialGradient|pattern|marker|symbol|filter)$/.test(child.name)) continue;
    const b = fillBox(child, byId, depth + 1);
    if (!b) continue;
    const t = transformBox(b, elementTransform(child));
    pts.push([t.x, t.y], [t.x + t.width, t.y + t.height]);
  }
  return pointsBox(pts);
}

function transformBox(b: Box, m: Matrix): Box {
  return pointsBox([
    applyToPoint(m, b.x, b.y),
    applyToPoint(m, b.x + b.width, b.y),
    applyToPoint(m, b.x, b.y + b.height),
    applyToPoint(m, b.x + b.width, b.y + b.height),
  ])!;
}

export function indexById(root: SvgElement): Map<string, SvgElement> {
  const m = new Map<string, SvgElement>();
  for (const e of allElements(root)) {
    const id = e.attrs.get('id');
    if (id && !m.has(id)) m.set(id, e);
  }
  return m;
}
