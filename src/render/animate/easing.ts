/**
 * Easing (timing) functions shared by SMIL keySplines and CSS animation-timing-function:
 * cubic Béziers from (0,0) to (1,1) solved for x, `steps()`, and the CSS keywords.
 */

export type Easing = (x: number) => number;

export const linear: Easing = (x) => x;

/** The cubic Bézier easing with control points (x1, y1) and (x2, y2), as CSS and SMIL define it. */
export function cubicBezier(x1: number, y1: number, x2: number, y2: number): Easing {
  const cx = 3 * x1;
  const bx = 3 * (x2 - x1) - cx;
  const ax = 1 - cx - bx;
  const cy = 3 * y1;
  const by = 3 * (y2 - y1) - cy;
  const ay = 1 - cy - by;
  const sampleX = (t: number) => ((ax * t + bx) * t + cx) * t;
  const sampleY = (t: number) => ((ay * t + by) * t + cy) * t;
  const slopeX = (t: number) => (3 * ax * t + 2 * bx) * t + cx;
  return (x) => {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    // Newton first (fast when the slope is fine), bisection as the fallback.
    let t = x;
    for (let i = 0; i < 8; i++) {
      const err = sampleX(t) - x;
      if (Math.abs(err) < 1e-7) return sampleY(t);
      const d = slopeX(t);
      if (Math.abs(d) < 1e-6) break;
      t -= err / d;
    }
    let lo = 0;
    let hi = 1;
    t = x;
    for (let i = 0; i < 40; i++) {
      const v = sampleX(t);
      if (Math.abs(v - x) < 1e-7) break;
      if (v < x) lo = t;
      else hi = t;
      t = (lo + hi) / 2;
    }
    return sampleY(t);
  };
}

/** CSS `steps(n, position)`. */
export function steps(n: number, position: string): Easing {
  const count = Math.max(1, Math.floor(n));
  return (x) => {
    if (x >= 1) return 1;
    if (x <= 0 && position !== 'jump-start' && position !== 'start' && position !== 'jump-both') return 0;
    let step = Math.floor(x * count);
    if (position === 'jump-start' || position === 'start' || position === 'jump-both') step += 1;
    const jumps = position === 'jump-both' ? count + 1 : position === 'jump-none' ? count - 1 : count;
    if (jumps <= 0) return x < 1 ? 0 : 1;
    return Math.min(1, Math.max(0, step / jumps));
  };
}

const KEYWORDS: Record<string, Easing> = {
  linear,
  ease: cubicBezier(0.25, 0.1, 0.25, 1),
  'ease-in': cubicBezier(0.42, 0, 1, 1),
  'ease-out': cubicBezier(0, 0, 0.58, 1),
  'ease-in-out': cubicBezier(0.42, 0, 0.58, 1),
  'step-start': steps(1, 'jump-start'),
  'step-end': steps(1, 'jump-end'),
};

/** Parse one CSS easing function; unknown or malformed ones fall back to `ease` (the CSS initial value). */
export function parseCssEasing(text: string): Easing {
  const s = text.trim().toLowerCase();
  if (KEYWORDS[s]) return KEYWORDS[s];
  const bez = /^cubic-bezier\(\s*([^,]+),\s*([^,]+),\s*([^,]+),\s*([^)]+)\)$/.exec(s);
  if (bez) {
    const [x1, y1, x2, y2] = bez.slice(1, 5).map(Number);
    if ([x1, y1, x2, y2].every(Number.isFinite) && x1 >= 0 && x1 <= 1 && x2 >= 0 && x2 <= 1) return cubicBezier(x1, y1, x2, y2);
  }
  const st = /^steps\(\s*(\d+)\s*(?:,\s*([a-z-]+)\s*)?\)$/.exec(s);
  if (st) return steps(Number(st[1]), st[2] ?? 'jump-end');
  // linear(...) with stops is rare in model output: treat it as linear.
  if (s.startsWith('linear(')) return linear;
  return KEYWORDS.ease;
}
