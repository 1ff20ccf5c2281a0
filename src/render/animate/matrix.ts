/**
 * 2D affine transforms: SVG `transform` attribute lists, CSS `transform` function lists (with
 * units), composition, and CSS's interpolation of transform lists (function by function when the
 * lists match, else by decomposing the matrices).
 */

/** [a, b, c, d, e, f] as in SVG's matrix(a b c d e f). */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

export function translate(x: number, y: number): Matrix {
  return [1, 0, 0, 1, x, y];
}

export function rotateDeg(deg: number, cx = 0, cy = 0): Matrix {
  const r = (deg * Math.PI) / 180;
  const c = Math.cos(r);
  const s = Math.sin(r);
  const rot: Matrix = [c, s, -s, c, 0, 0];
  return cx || cy ? multiply(multiply(translate(cx, cy), rot), translate(-cx, -cy)) : rot;
}

export function applyToPoint(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

export function formatMatrix(m: Matrix): string {
  return `matrix(${m.map((v) => (Math.abs(v) < 1e-9 ? 0 : Math.round(v * 1e6) / 1e6)).join(' ')})`;
}

/** One function of a transform list with its numbers (CSS lengths in px, angles in degrees). */
export interface TransformFn {
  name: string;
  args: number[];
}

const FN = /([a-zA-Z0-9]+)\s*\(([^)]*)\)/g;

function angleDeg(s: string): number {
  const m = /^([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)(deg|rad|grad|turn)?$/i.exec(s.trim());
  if (!m) return NaN;
  const v = Number(m[1]);
  switch ((m[2] ?? 'deg').toLowerCase()) {
    case 'rad':
      return (v * 180) / Math.PI;
    case 'grad':
      return v * 0.9;
    case 'turn':
      return v * 360;
    default:
      return v;
  }
}

/**
 * Parse a transform list. `css` true reads CSS syntax (units, commas); percentages in translate
 * resolve against `box` (the reference box), as CSS does.
 */
export function parseTransformList(text: string, css = false, box: { width: number; height: number } = { width: 0, height: 0 }): TransformFn[] | null {
  const out: TransformFn[] = [];
  const s = text.trim();
  if (s === '' || s === 'none') return out;
  let consumed = '';
  for (const m of s.matchAll(FN)) {
    consumed += m[0];
    const name = m[1];
    const raw = m[2].split(/[\s,]+/).filter(Boolean);
    const lower = name.toLowerCase();
    let args: number[];
    if (/^(rotate|rotatez|skewx|skewy|skew)$/.test(lower)) {
      args = raw.map((r, i) => (lower === 'rotate' && i > 0 ? Number(r.replace(/px$/, '')) : css ? angleDeg(r) : Number(r)));
    } else {
      args = raw.map((r, i) => {
        if (r.endsWith('%')) {
          const ref = lower === 'translatey' || (lower === 'translate' && i === 1) ? box.height : box.width;
          return (Number(r.slice(0, -1)) / 100) * ref;
        }
        return Number(r.replace(/(px|deg)$/i, ''));
      });
    }
    if (args.some((a) => !Number.isFinite(a))) return null;
    out.push({ name: lower === 'rotatez' ? 'rotate' : lower, args });
  }
  if (consumed.length === 0) return null;
  return out;
}

function fnMatrix(fn: TransformFn): Matrix {
  const a = fn.args;
  switch (fn.name) {
    case 'matrix':
      return a.length >= 6 ? [a[0], a[1], a[2], a[3], a[4], a[5]] : IDENTITY;
    case 'translate':
      return translate(a[0] ?? 0, a[1] ?? 0);
    case 'translatex':
      return translate(a[0] ?? 0, 0);
    case 'translatey':
      return translate(0, a[0] ?? 0);
    case 'scale':
      return [a[0] ?? 1, 0, 0, a[1] ?? a[0] ?? 1, 0, 0];
    case 'scalex':
      return [a[0] ?? 1, 0, 0, 1, 0, 0];
    case 'scaley':
      return [1, 0, 0, a[0] ?? 1, 0, 0];
    case 'rotate':
      return rotateDeg(a[0] ?? 0, a[1] ?? 0, a[2] ?? 0);
    case 'skewx':
      return [1, 0, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 1, 0, 0];
    case 'skewy':
      return [1, Math.tan(((a[0] ?? 0) * Math.PI) / 180), 0, 1, 0, 0];
    case 'skew':
      return [1, Math.tan(((a[1] ?? 0) * Math.PI) / 180), Math.tan(((a[0] ?? 0) * Math.PI) / 180), 1, 0, 0];
    default:
      // 3D functions models sometimes write (translate3d, rotateX …): keep their 2D part.
      if (fn.name === 'translate3d') return translate(a[0] ?? 0, a[1] ?? 0);
      if (fn.name === 'scale3d') return [a[0] ?? 1, 0, 0, a[1] ?? 1, 0, 0];
      return IDENTITY;
  }
}

export function listMatrix(list: TransformFn[]): Matrix {
  return list.reduce<Matrix>((m, fn) => multiply(m, fnMatrix(fn)), IDENTITY);
}

/** The identity function of the same kind, for interpolating against `none` or a shorter list. */
function neutral(fn: TransformFn): TransformFn {
  const one = /^scale/.test(fn.name);
  if (fn.name === 'matrix') return { name: 'matrix', args: [...IDENTITY] };
  if (fn.name === 'rotate') return { name: 'rotate', args: [0, ...fn.args.slice(1)] };
  return { name: fn.name, args: fn.args.map(() => (one ? 1 : 0)) };
}

function primitive(fn: TransformFn): TransformFn {
  // translateX(10) and translate(10, 0) interpolate with each other.
  const a = fn.args;
  switch (fn.name) {
    case 'translatex':
      return { name: 'translate', args: [a[0] ?? 0, 0] };
    case 'translatey':
      return { name: 'translate', args: [0, a[0] ?? 0] };
    case 'translate':
      return { name: 'translate', args: [a[0] ?? 0, a[1] ?? 0] };
    case 'scalex':
      return { name: 'scale', args: [a[0] ?? 1, 1] };
    case 'scaley':
      return { name: 'scale', args: [1, a[0] ?? 1] };
    case 'scale':
      return { name: 'scale', args: [a[0] ?? 1, a[1] ?? a[0] ?? 1] };
    default:
      return fn;
  }
}

interface Decomposed {
  tx: number;
  ty: number;
  sx: number;
  sy: number;
  angle: number;
  m11: number;
  m12: number;
  m21: number;
  m22: number;
}

/** CSS Transforms 1, "Decomposing a 2D matrix". */
function decompose(m: Matrix): Decomposed {
  let [m11, m12, m21, m22] = [m[0], m[1], m[2], m[3]];
  let sx = Math.hypot(m11, m12);
  let sy = Math.hypot(m21, m22);
  const det = m11 * m22 - m12 * m21;
  if (det < 0) {
    if (m11 < m22) sx = -sx;
    else sy = -sy;
  }
  if (sx) {
    m11 /= sx;
    m12 /= sx;
  }
  if (sy) {
    m21 /= sy;
    m22 /= sy;
  }
  const angle = Math.atan2(m12, m11);
  if (angle) {
    const c = Math.cos(-angle);
    const s = Math.sin(-angle);
    [m11, m12, m21, m22] = [c * m11 - s * m12, s * m11 + c * m12, c * m21 - s * m22, s * m21 + c * m22];
  }
  return { tx: m[4], ty: m[5], sx, sy, angle: (angle * 180) / Math.PI, m11, m12, m21, m22 };
}

function recompose(d: Decomposed): Matrix {
  let m: Matrix = [d.m11, d.m12, d.m21, d.m22, 0, 0];
  m = multiply(rotateDeg(d.angle), m);
  m = multiply(translate(d.tx, d.ty), m);
  return multiply(m, [d.sx, 0, 0, d.sy, 0, 0]);
}

function interpolateMatrices(a: Matrix, b: Matrix, p: number): Matrix {
  const da = decompose(a);
  const db = decompose(b);
  if ((da.sx < 0 && db.sy < 0) || (da.sy < 0 && db.sx < 0)) {
    da.sx = -da.sx;
    da.sy = -da.sy;
    da.angle += da.angle < 0 ? 180 : -180;
  }
  if (!da.angle) da.angle = 360;
  if (!db.angle) db.angle = 360;
  if (Math.abs(da.angle - db.angle) > 180) {
    if (da.angle > db.angle) da.angle -= 360;
    else db.angle -= 360;
  }
  const mix = (x: number, y: number) => x + (y - x) * p;
  return recompose({
    tx: mix(da.tx, db.tx), ty: mix(da.ty, db.ty), sx: mix(da.sx, db.sx), sy: mix(da.sy, db.sy), angle: mix(da.angle, db.angle),
    m11: mix(da.m11, db.m11), m12: mix(da.m12, db.m12), m21: mix(da.m21, db.m21), m22: mix(da.m22, db.m22),
  });
}

/** CSS transform list interpolation: pairwise when the functions match, else matrix decomposition. */
export function interpolateTransformLists(a: TransformFn[], b: TransformFn[], p: number): Matrix {
  const la = a.length === 0 ? b.map(neutral) : a;
  const lb = b.length === 0 ? a.map(neutral) : b;
  const n = Math.max(la.length, lb.length);
  const pa: TransformFn[] = [];
  const pb: TransformFn[] = [];
  let pairwise = true;
  for (let i = 0; i < n; i++) {
    const x = la[i] ? primitive(la[i]) : neutral(primitive(lb[i]));
    const y = lb[i] ? primitive(lb[i]) : neutral(primitive(la[i]));
    if (x.name !== y.name || x.name === 'matrix') {
      pairwise = false;
      break;
    }
    pa.push(x);
    pb.push(y);
  }
  if (!pairwise) return interpolateMatrices(listMatrix(la), listMatrix(lb), p);
  const mixed = pa.map((x, i) => {
    const y = pb[i];
    const len = Math.max(x.args.length, y.args.length);
    const args: number[] = [];
    for (let k = 0; k < len; k++) {
      const u = x.args[k] ?? (x.name === 'scale' ? 1 : 0);
      const v = y.args[k] ?? (y.name === 'scale' ? 1 : 0);
      args.push(u + (v - u) * p);
    }
    return { name: x.name, args };
  });
  return listMatrix(mixed);
}
