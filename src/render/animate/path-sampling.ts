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

/**
 * Flattens one path: the pen's state, and a method per command. A command whose numbers are
 * missing or not finite ends the path there, as a renderer stops at the first error.
 */
class PathFlattener {
  readonly subpaths: Point[][] = [];
  /** The subpath being drawn. */
  private cur: Point[] = [];
  private x = 0;
  private y = 0;
  /** Start of the current subpath, where Z returns. */
  private sx = 0;
  private sy = 0;
  /** The previous segment's last control point, reflected by S (cubic) and T (quadratic). */
  private lastCtrl: Point | null = null;
  private lastQuad: Point | null = null;
  private total = 0;
  private i = 0;

  constructor(private readonly tk: Array<string | number>) {}

  run(): Point[][] {
    let cmd = '';
    while (this.i < this.tk.length) {
      const t = this.tk[this.i];
      if (typeof t === 'string') {
        cmd = t;
        this.i++;
      } else if (!cmd) break;
      const next = this.command(cmd);
      if (next === null) break;
      cmd = next;
    }
    if (this.cur.length) this.subpaths.push(this.cur);
    return this.subpaths;
  }

  /** One command and its numbers. Returns the command that repeats with more numbers ('' for none), or null to stop. */
  private command(cmd: string): string | null {
    const rel = cmd === cmd.toLowerCase();
    const ox = rel ? this.x : 0;
    const oy = rel ? this.y : 0;
    const C = cmd.toUpperCase();
    if (C === 'Z') {
      this.closePath();
      return '';
    }
    // More pairs after a moveto are lines.
    if (C === 'M') return this.moveTo(ox, oy) ? (rel ? 'l' : 'L') : null;
    if (this.cur.length === 0) this.push([this.x, this.y]);
    let ok: boolean;
    if (C === 'L' || C === 'H' || C === 'V') ok = this.lineTo(C, ox, oy);
    else if (C === 'C' || C === 'S') ok = this.cubicTo(C, ox, oy);
    else if (C === 'Q' || C === 'T') ok = this.quadTo(C, ox, oy);
    else if (C === 'A') ok = this.arcTo(ox, oy);
    else ok = false;
    return ok ? cmd : null;
  }

  private num(): number {
    const v = this.tk[this.i++];
    return typeof v === 'number' ? v : NaN;
  }

  private push(p: Point): void {
    if (++this.total > MAX_POINTS) throw new Error('path too complex');
    this.cur.push(p);
  }

  /** The pen moves to (x, y) after a segment that leaves no control point to reflect. */
  private penTo(x: number, y: number): void {
    this.x = x;
    this.y = y;
    this.lastCtrl = this.lastQuad = null;
  }

  private closePath(): void {
    if (this.cur.length) {
      this.push([this.sx, this.sy]);
      this.subpaths.push(this.cur);
    }
    this.cur = [];
    this.penTo(this.sx, this.sy);
  }

  private moveTo(ox: number, oy: number): boolean {
    const nx = this.num() + ox;
    const ny = this.num() + oy;
    if (!Number.isFinite(nx + ny)) return false;
    if (this.cur.length) this.subpaths.push(this.cur);
    this.cur = [];
    this.penTo(nx, ny);
    this.sx = nx;
    this.sy = ny;
    this.push([nx, ny]);
    return true;
  }

  private lineTo(C: 'L' | 'H' | 'V', ox: number, oy: number): boolean {
    const nx = C === 'V' ? this.x : this.num() + ox;
    const ny = C === 'H' ? this.y : this.num() + oy;
    if (!Number.isFinite(nx + ny)) return false;
    this.penTo(nx, ny);
    this.push([nx, ny]);
    return true;
  }

  private cubicTo(C: 'C' | 'S', ox: number, oy: number): boolean {
    const { x, y, lastCtrl } = this;
    const [x1, y1] = C === 'C' ? [this.num() + ox, this.num() + oy] : lastCtrl ? [2 * x - lastCtrl[0], 2 * y - lastCtrl[1]] : [x, y];
    const x2 = this.num() + ox;
    const y2 = this.num() + oy;
    const x3 = this.num() + ox;
    const y3 = this.num() + oy;
    if (!Number.isFinite(x1 + y1 + x2 + y2 + x3 + y3)) return false;
    this.cubic(x1, y1, x2, y2, x3, y3);
    this.penTo(x3, y3);
    this.lastCtrl = [x2, y2];
    return true;
  }

  /** A quadratic curve, drawn as the cubic it equals. */
  private quadTo(C: 'Q' | 'T', ox: number, oy: number): boolean {
    const { x, y, lastQuad } = this;
    const [qx, qy] = C === 'Q' ? [this.num() + ox, this.num() + oy] : lastQuad ? [2 * x - lastQuad[0], 2 * y - lastQuad[1]] : [x, y];
    const x3 = this.num() + ox;
    const y3 = this.num() + oy;
    if (!Number.isFinite(qx + qy + x3 + y3)) return false;
    this.cubic(x + (2 / 3) * (qx - x), y + (2 / 3) * (qy - y), x3 + (2 / 3) * (qx - x3), y3 + (2 / 3) * (qy - y3), x3, y3);
    this.penTo(x3, y3);
    this.lastQuad = [qx, qy];
    return true;
  }

  private arcTo(ox: number, oy: number): boolean {
    const [rx, ry, rot, large, sweep] = [this.num(), this.num(), this.num(), this.num(), this.num()];
    const x3 = this.num() + ox;
    const y3 = this.num() + oy;
    if (!Number.isFinite(rx + ry + rot + large + sweep + x3 + y3)) return false;
    for (const p of arcPoints(this.x, this.y, rx, ry, rot, large !== 0, sweep !== 0, x3, y3)) this.push(p);
    this.penTo(x3, y3);
    return true;
  }

  /** A cubic Bézier from the pen, as SEGMENTS_PER_CURVE points (the pen itself is not moved). */
  private cubic(x1: number, y1: number, x2: number, y2: number, x3: number, y3: number): void {
    const { x, y } = this;
    for (let k = 1; k <= SEGMENTS_PER_CURVE; k++) {
      const t = k / SEGMENTS_PER_CURVE;
      const u = 1 - t;
      this.push([u * u * u * x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3, u * u * u * y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3]);
    }
  }
}

/** Subpaths of the path as polylines (absolute coordinates). */
export function flattenPath(d: string): Point[][] {
  return new PathFlattener(tokens(d)).run();
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
