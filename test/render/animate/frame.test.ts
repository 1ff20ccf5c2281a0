/**
 * The frame renderer on small drawings whose frame at t can be worked out by hand: SMIL timing
 * and interpolation, motion along a path, CSS keyframes with easing, direction, fill modes and
 * transform-origin. (Frames against Chromium are in browser-frames.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { frameSvg, isAnimated, timelineOf } from '../../../src/render/animate/frame.js';
import { planLoop } from '../../../src/render/animate/loop.js';
import { sanitizeSvg } from '../../../src/render/sanitize.js';

const svg = (body: string) => sanitizeSvg(`<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100" viewBox="0 0 100 100">${body}</svg>`, { box: 100 }).svg;
const at = (body: string, t: number) => frameSvg(svg(body), t);
/** The value of attribute `name` on the element with id `id` in the frame. */
function attr(frame: string, id: string, name: string): string | undefined {
  const tag = new RegExp(`<[a-zA-Z]+ [^>]*id="${id}"[^>]*>`).exec(frame)?.[0] ?? '';
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}
const num = (frame: string, id: string, name: string) => Number(attr(frame, id, name));
function matrix(frame: string, id: string): number[] {
  const m = /matrix\(([^)]*)\)/.exec(attr(frame, id, 'transform') ?? '');
  return m ? m[1].split(/[\s,]+/).map(Number) : [1, 0, 0, 1, 0, 0];
}

describe('SMIL frames', () => {
  const fade = '<rect id="r" width="10" height="10" opacity="0"><animate attributeName="opacity" from="0" to="1" begin="1s" dur="2s" fill="freeze"/></rect>';
  it('follows begin, dur and fill="freeze"', () => {
    expect(num(at(fade, 0.5), 'r', 'opacity')).toBe(0);
    expect(num(at(fade, 2), 'r', 'opacity')).toBeCloseTo(0.5);
    expect(num(at(fade, 10), 'r', 'opacity')).toBe(1);
    expect(at(fade, 2)).not.toContain('<animate');
    // Without freeze the value is removed after the end.
    expect(num(at(fade.replace(' fill="freeze"', ''), 10), 'r', 'opacity')).toBe(0);
  });

  it('repeats a number of times, then stops', () => {
    const body = '<circle id="c" r="5" cx="0"><animate attributeName="cx" values="0;10" dur="1s" repeatCount="2"/></circle>';
    expect(num(at(body, 1.25), 'c', 'cx')).toBeCloseTo(2.5);
    expect(num(at(body, 2.5), 'c', 'cx')).toBe(0);
  });

  it('honours keyTimes, discrete and spline calcModes', () => {
    const kt = '<circle id="c" r="1" cx="0"><animate attributeName="cx" values="0;10;30" keyTimes="0;0.8;1" dur="1s"/></circle>';
    expect(num(at(kt, 0.4), 'c', 'cx')).toBeCloseTo(5);
    expect(num(at(kt, 0.9), 'c', 'cx')).toBeCloseTo(20);
    const discrete = '<circle id="c" r="1" cx="0"><animate attributeName="cx" values="0;10;30" calcMode="discrete" dur="3s"/></circle>';
    expect(num(at(discrete, 0.9), 'c', 'cx')).toBe(0);
    expect(num(at(discrete, 1.1), 'c', 'cx')).toBe(10);
    expect(num(at(discrete, 2.9), 'c', 'cx')).toBe(30);
    const spline = '<circle id="c" r="1" cx="0"><animate attributeName="cx" values="0;100" keyTimes="0;1" calcMode="spline" keySplines="0.42 0 1 1" dur="1s"/></circle>';
    expect(num(at(spline, 0.5), 'c', 'cx')).toBeCloseTo(31.5, 0); // ease-in at halfway
    const paced = '<circle id="c" r="1" cx="0"><animate attributeName="cx" values="0;10;40" calcMode="paced" dur="4s"/></circle>';
    expect(num(at(paced, 1), 'c', 'cx')).toBeCloseTo(10);
  });

  it('interpolates colours and path data, and sets with <set>', () => {
    const body = '<path id="p" d="M0 0 L10 0" fill="#000000"><animate attributeName="fill" values="#000000;#ff0000" dur="1s"/><animate attributeName="d" values="M0 0 L10 0;M0 10 L20 0" dur="1s"/><set attributeName="stroke" to="blue" begin="0.2s"/></path>';
    const f = at(body, 0.5);
    expect(f).toContain('fill:rgb(128,0,0)');
    expect(attr(f, 'p', 'd')).toBe('M0 5 L15 0');
    expect(f).toContain('stroke:blue');
    expect(at(body, 0.1)).not.toContain('stroke:blue');
  });

  it('does from/by, additive sum and accumulate', () => {
    expect(num(at('<rect id="r" x="5" width="1" height="1"><animate attributeName="x" by="10" dur="1s"/></rect>', 0.5), 'r', 'x')).toBe(10);
    expect(num(at('<rect id="r" x="5" width="1" height="1"><animate attributeName="x" from="0" to="10" additive="sum" dur="1s"/></rect>', 0.5), 'r', 'x')).toBe(10);
    expect(num(at('<rect id="r" x="0" width="1" height="1"><animate attributeName="x" from="0" to="10" accumulate="sum" repeatCount="3" dur="1s"/></rect>', 2.5), 'r', 'x')).toBe(25);
  });

  it('rotates about a centre with animateTransform and adds to the transform with additive="sum"', () => {
    const spin = '<g id="g" transform="translate(10 0)"><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="4s" repeatCount="indefinite" additive="sum"/></g>';
    const f = at(spin, 1); // 90 degrees about (50, 50), after translate(10, 0)
    expect(attr(f, 'g', 'transform')).toBe('translate(10 0) rotate(90 50 50)');
    const replace = at(spin.replace(' additive="sum"', ''), 5);
    expect(attr(replace, 'g', 'transform')).toBe('rotate(90 50 50)');
  });

  it('moves along a path, turning with rotate="auto"', () => {
    const body = '<path id="track" d="M0 0 H100 V100"/><rect id="car" width="4" height="2"><animateMotion dur="2s" rotate="auto" fill="freeze"><mpath href="#track"/></animateMotion></rect>';
    const half = matrix(at(body, 0.5), 'car'); // a quarter of the way: (50, 0), heading right
    expect(half[4]).toBeCloseTo(50);
    expect(half[5]).toBeCloseTo(0);
    expect(half[0]).toBeCloseTo(1);
    const late = matrix(at(body, 1.5), 'car'); // three quarters: (100, 50), heading down
    expect(late[4]).toBeCloseTo(100);
    expect(late[5]).toBeCloseTo(50);
    expect(late[1]).toBeCloseTo(1); // sin 90°
  });

  it('chains begin="other.end" and ignores event begins', () => {
    const body = '<rect id="a" width="1" height="1" x="0"><animate id="first" attributeName="x" from="0" to="10" dur="1s" fill="freeze"/></rect><rect id="b" width="1" height="1" x="0"><animate attributeName="x" from="0" to="10" dur="1s" begin="first.end+0.5s"/></rect><rect id="c" width="1" height="1" x="3"><set attributeName="x" to="9" begin="click"/></rect>';
    const f = at(body, 2);
    expect(num(f, 'b', 'x')).toBeCloseTo(5);
    expect(num(f, 'c', 'x')).toBe(3);
  });
});

describe('CSS animation frames', () => {
  const css = (rules: string, body: string) => `<style>${rules}</style>${body}`;
  it('applies keyframes with linear and cubic-bezier easing, delay and iteration count', () => {
    const body = css('@keyframes fade { from { opacity: 0 } to { opacity: 1 } } #a { animation: fade 2s linear 1s 2 } #b { animation: fade 1s cubic-bezier(0.42, 0, 1, 1) }', '<rect id="a" width="1" height="1"/><rect id="b" width="1" height="1"/>');
    const f = at(body, 1.5);
    expect(attr(f, 'a', 'style')).toBe('opacity:0.25');
    // ease-in at 1.5 s is past its single iteration: no effect.
    expect(attr(f, 'b', 'style')).toBeUndefined();
    expect(Number(attr(at(body, 0.5), 'b', 'style')?.replace('opacity:', ''))).toBeCloseTo(0.315, 2);
  });

  it('alternates direction, fills forwards and backwards, and eases per keyframe', () => {
    const body = css(
      '@keyframes slide { 0% { transform: translateX(0px); animation-timing-function: steps(2, end) } 100% { transform: translateX(100px) } } #a { animation: slide 1s infinite alternate } #b { animation: slide 1s linear 2s both }',
      '<rect id="a" width="1" height="1"/><rect id="b" width="1" height="1"/>',
    );
    expect(matrix(at(body, 0.75), 'a')[4]).toBe(50); // steps(2): 0.75 -> 0.5
    expect(matrix(at(body, 1.75), 'a')[4]).toBe(0); // second iteration runs backwards: 0.25 -> 0
    expect(matrix(at(body, 0.5), 'b')[4]).toBe(0); // before the delay, fill backwards: the first frame
    expect(matrix(at(body, 9), 'b')[4]).toBe(100); // after the end, fill forwards: the last frame
  });

  it('turns about transform-origin in the view box or the fill box', () => {
    const body = css(
      '@keyframes spin { to { transform: rotate(180deg) } } #v { animation: spin 2s linear infinite; transform-origin: 50% 50% } #f { animation: spin 2s linear infinite; transform-box: fill-box; transform-origin: center }',
      '<rect id="v" x="10" y="10" width="10" height="10"/><rect id="f" x="10" y="10" width="10" height="10"/>',
    );
    const f = at(body, 2 * 0.5); // 90 degrees
    const v = matrix(f, 'v'); // about (50, 50): maps (0,0) to (100, 0)
    expect(v[4]).toBeCloseTo(100);
    expect(v[5]).toBeCloseTo(0);
    const b = matrix(f, 'f'); // about (15, 15): maps (0,0) to (30, 0)
    expect(b[4]).toBeCloseTo(30);
    expect(b[5]).toBeCloseTo(0);
  });

  it('animates colours, uses longhands and ignores prefers-reduced-motion blocks', () => {
    const body = css(
      '@keyframes glow { from { fill: #0000ff } to { fill: #ff0000 } } .x { animation-name: glow; animation-duration: 4s; animation-timing-function: linear } @media (prefers-reduced-motion: reduce) { .x { animation: none } }',
      '<circle id="c" class="x" r="3"/>',
    );
    expect(attr(at(body, 2), 'c', 'style')).toBe('fill:rgb(128,0,128)');
  });
});

describe('loops and detection', () => {
  it('detects animation and plans a loop of whole cycles', () => {
    const body = '<g><animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="0.5s" repeatCount="indefinite"/></g><g><animateTransform attributeName="transform" type="translate" values="0;10;0" dur="1.5s" repeatCount="indefinite"/></g><g><animate attributeName="opacity" values="0;1" dur="60s" repeatCount="indefinite"/></g>';
    expect(isAnimated(svg(body))).toBe(true);
    expect(isAnimated(svg('<rect width="1" height="1"/>'))).toBe(false);
    const plan = planLoop(timelineOf(svg(body)), { maxSeconds: 4, maxFrames: 40, fps: 12 });
    expect(plan.seconds).toBe(1.5); // 3 turns of the 0.5 s spin and one 1.5 s sway; the 60 s fade cannot loop
    expect(plan.times.length).toBe(18);
    expect(plan.times[0]).toBe(0);
    expect(plan.times.at(-1)).toBeLessThan(1.5);
  });

  it('covers a one-off fade-in up to its end and holds the last frame', () => {
    const plan = planLoop(timelineOf(svg('<rect width="1" height="1"><animate attributeName="opacity" from="0" to="1" begin="0.5s" dur="1s" fill="freeze"/></rect>')));
    expect(plan.times.at(-1)).toBe(1.5);
    expect(plan.delaysMs.at(-1)).toBeGreaterThan(plan.delaysMs[0]);
  });
});
