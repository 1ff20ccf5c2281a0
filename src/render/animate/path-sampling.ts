/**
 * Path data as a polyline: its length, the point and direction at a distance along it (for
 * animateMotion), and its bounding box (for `transform-box: fill-box`). Curves and arcs are
 * flattened finely enough that the error is far below a pixel at the sizes we draw.
 */

export type Point = [number, number];

const SEGMENTS_PER_CURVE = 24;
const MAX_POINTS = 200_000;

function tokens(d: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of d.matchAll(/([MmZzLlHhVvCcSsQqTtAa])|([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/g)) {
    out.push(m[1] ?? Number(m[2]));
  }
  return out;
}

/** Arc endpoint -> centre parametrization (SVG implementation notes F.6.5), as points. */
function arcPoints(x1: number, y1: number, rxIn: number, ryIn: number, phiDeg: number, large: boolean, sweep: boolean, x2: number, y2: number): Point[] {
  if (rxIn === 0 || ryIn === 0) return [[x2, y2]];
  let rx = Math.abs(rxIn);
  let ry = Math.abs(ryIn);
  const phi = (phiDeg * Math.PI) / 180;
  const cos = Math.cos(phi);
  const sin = Math.sin(phi);
  const dx = (x1 - x2) / 2;
  const dy = (y1 - y2) / 2;
  const x1p = cos * dx + sin * dy;
  const y1p = -sin * dx + cos * dy;
  const lambda = (x1p * x1p) / (rx * rx) + (y1p * y1p) / (ry * ry);
  if (lambda > 1) {
    rx *= Math.sqrt(lambda);
    ry *= Math.sqrt(lambda);
  }
  const num = rx * rx * ry * ry - rx * rx * y1p * y1p - ry * ry * x1p * x1p;
  const den = rx * rx * y1p * y1p + ry * ry * x1p * x1p;
  let coef = den === 0 ? 0 : Math.sqrt(Math.max(0, num / den));
  if (large === sweep) coef = -coef;
  const cxp = (coef * rx * y1p) / ry;
  const cyp = (-coef * ry * x1p) / rx;
  const cx = cos * cxp - sin * cyp + (x1 + x2) / 2;
  const cy = sin * cxp + cos * cyp + (y1 + y2) / 2;
  const angle = (ux: number, uy: number, vx: number, vy: number) => Math.atan2(ux * vy - uy * vx, ux * vx + uy * vy);
  const t1 = angle(1, 0, (x1p - cxp) / rx, (y1p - cyp) / ry);
  let dt = angle((x1p - cxp) / rx, (y1p - cyp) / ry, (-x1p - cxp) / rx, (-y1p - cyp) / ry);
  if (!sweep && dt > 0) dt -= 2 * Math.PI;
  else if (sweep && dt < 0) dt += 2 * Math.PI;
  const n = Math.max(4, Math.ceil((Math.abs(dt) / (Math.PI / 2)) * (SEGMENTS_PER_CURVE / 2)));
  const pts: Point[] = [];
  for (let i = 1; i <= n; i++) {
    const t = t1 + (dt * i) / n;
    pts.push([cos * rx * Math.cos(t) - sin * ry * Math.sin(t) + cx, sin * rx * Math.cos(t) + cos * ry * Math.sin(t) + cy]);
  }
  return pts;
}

/** Subpaths of the path as polylines (absolute coordinates). */
export function flattenPath(d: string): Point[][] {
  const tk = tokens(d);
  const subpaths: Point[][] = [];
  let cur: Point[] = [];
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  let lastCtrl: Point | null = null;
  let lastQuad: Point | null = null;
  let cmd = '';
  let i = 0;
  let total = 0;
  const num = () => {
    const v = tk[i++];
    return typeof v === 'number' ? v : NaN;
  };
  const push = (p: Point) => {
    if (++total > MAX_POINTS) throw new Error('path too complex');
    cur.push(p);
  };
  const cubic = (x1: number, y1: number, x2: number, y2: number, x3: number, y3: number) => {
    for (let k = 1; k <= SEGMENTS_PER_CURVE; k++) {
      const t = k / SEGMENTS_PER_CURVE;
      const u = 1 - t;
      push([u * u * u * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3, u * u * u * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3]);
    }
  };
  while (i < tk.length) {
    if (typeof tk[i] === 'string') cmd = tk[i++] as string;
    else if (!cmd) break;
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? x : 0;
    const oy = rel ? y : 0;
    const C = cmd.toUpperCase();
    if (C === 'Z') {
      if (cur.length) {
        push([sx, sy]);
        subpaths.push(cur);
      }
      cur = [];
      x = sx;
      y = sy;
      lastCtrl = lastQuad = null;
      cmd = '';
      continue;
    }
    if (C === 'M') {
      const nx = num() + ox;
      const ny = num() + oy;
      if (!Number.isFinite(nx + ny)) break;
      if (cur.length) subpaths.push(cur);
      cur = [];
      x = sx = nx;
      y = sy = ny;
      push([x, y]);
      cmd = rel ? 'l' : 'L';
      lastCtrl = lastQuad = null;
      continue;
    }
    if (cur.length === 0) push([x, y]);
    if (C === 'L' || C === 'H' || C === 'V') {
      const nx = C === 'V' ? x : num() + (C === 'H' ? ox : ox);
      const ny = C === 'H' ? y : num() + oy;
      if (!Number.isFinite(nx + ny)) break;
      x = nx;
      y = ny;
      push([x, y]);
      lastCtrl = lastQuad = null;
    } else if (C === 'C' || C === 'S') {
      let x1: number;
      let y1: number;
      if (C === 'C') {
        x1 = num() + ox;
        y1 = num() + oy;
      } else {
        [x1, y1] = lastCtrl ? [2 * x - lastCtrl[0], 2 * y - lastCtrl[1]] : [x, y];
      }
      const x2 = num() + ox;
      const y2 = num() + oy;
      const x3 = num() + ox;
      const y3 = num() + oy;
      if (!Number.isFinite(x1 + y1 + x2 + y2 + x3 + y3)) break;
      cubic(x1, y1, x2, y2, x3, y3);
      lastCtrl = [x2, y2];
      lastQuad = null;
      x = x3;
      y = y3;
    } else if (C === 'Q' || C === 'T') {
      let qx: number;
      let qy: number;
      if (C === 'Q') {
        qx = num() + ox;
        qy = num() + oy;
      } else {
        [qx, qy] = lastQuad ? [2 * x - lastQuad[0], 2 * y - lastQuad[1]] : [x, y];
      }
      const x3 = num() + ox;
      const y3 = num() + oy;
      if (!Number.isFinite(qx + qy + x3 + y3)) break;
      cubic(x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x3 + (2 / 3) * (qx - x3), y3 + (2 / 3) * (qy - y3), x3, y3);
      lastQuad = [qx, qy];
      lastCtrl = null;
      x = x3;
      y = y3;
    } else if (C === 'A') {
      const rx = num();
      const ry = num();
      const rot = num();
      const large = num();
      const sweep = num();
      const x3 = num() + ox;
      const y3 = num() + oy;
      if (!Number.isFinite(rx + ry + rot + large + sweep + x3 + y3)) break;
      for (const p of arcPoints(x, y, rx, ry, rot, large !== 0, sweep !== 0, x3, y3)) push(p);
      x = x3;
      y = y3;
      lastCtrl = lastQuad = null;
    } else {
      break;
    }
  }
  if (cur.length) subpaths.push(cur);
  return subpaths;
}

export interface PathSampler {
  length: number;
  /** Point and direction (degrees, of the tangent) at distance `s` along the path, clamped. */
  at(s: number): { x: number; y: number; angle: number };
}

export function samplePath(d: string): PathSampler | null {
  const subs = flattenPath(d);
  const pts: Point[] = [];
  // Motion jumps across a moveto without covering distance.
  for (const s of subs) pts.push(...s);
  if (pts.length === 0) return null;
  const cum: number[] = [0];
  for (let i = 1; i < pts.length; i++) cum.push(cum[i - 1] + Math.hypot(pts[i][0] - pts[i - 1][0], pts[i][1] - pts[i - 1][1]));
  const length = cum[cum.length - 1];
  const dirAt = (i: number) => {
    // The direction of the first segment of non-zero length at or after i (or before, at the end).
    for (let k = i; k < pts.length - 1; k++) {
      if (cum[k + 1] > cum[k]) return (Math.atan2(pts[k + 1][1] - pts[k][1], pts[k + 1][0] - pts[k][0]) * 180) / Math.PI;
    }
    for (let k = Math.min(i, pts.length - 1); k > 0; k--) {
      if (cum[k] > cum[k - 1]) return (Math.atan2(pts[k][1] - pts[k - 1][1], pts[k][0] - pts[k - 1][0]) * 180) / Math.PI;
    }
    return 0;
  };
  return {
    length,
    at(s: number) {
      const d = Math.max(0, Math.min(length, s));
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi - 1) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] <= d) lo = mid;
        else hi = mid;
      }
      const seg = cum[hi] - cum[lo];
      const f = seg > 0 ? (d - cum[lo]) / seg : 0;
      const x = pts[lo][0] + (pts[hi][0] - pts[lo][0]) * f;
      const y = pts[lo][1] + (pts[hi][1] - pts[lo][1]) * f;
      return { x, y, angle: dirAt(seg > 0 ? lo : d >= length ? Math.max(0, lo - 1) : lo) };
    },
  };
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounding box of a point set, or null when empty. */
export function pointsBox(points: Iterable<Point>): Box | null {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return x0 === Infinity ? null : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
