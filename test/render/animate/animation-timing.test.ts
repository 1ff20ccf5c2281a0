/**
 * Animation timing the red team broke: a drawing that animates its own size still makes a GIF
 * (every frame on the first frame's canvas), and a chain of animations (`begin="a.end"`) longer
 * than the loop is played whole, up to STORY_MAX_SECONDS, ending on its last state.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onCanvas } from '../../../src/render/animate/fixed-canvas.js';
import { timelineOf } from '../../../src/render/animate/frame.js';
import { planLoop, STORY_MAX_SECONDS } from '../../../src/render/animate/loop.js';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';

const svg = (body: string, size = 'viewBox="0 0 100 100"') => `<svg xmlns="http://www.w3.org/2000/svg" ${size}>${body}</svg>`;

/** A circle that goes right (a), down (b), then left (c): `segment` seconds each. */
function chain(segment: number, firstBegin = '0s'): string {
  return svg(
    '<circle cx="10" cy="50" r="8" fill="red">' +
      `<animate id="a" attributeName="cx" from="10" to="90" dur="${segment}s" begin="${firstBegin}" fill="freeze"/>` +
      `<animate id="b" attributeName="cy" from="50" to="90" dur="${segment}s" begin="a.end" fill="freeze"/>` +
      `<animate id="c" attributeName="cx" from="90" to="10" dur="${segment}s" begin="b.end" fill="freeze"/>` +
      '</circle>',
  );
}

describe('a chain of animations', () => {
  it('is planned whole: 24 s of chain give a 24 s GIF that ends on the chain\'s end and holds it', () => {
    const timeline = timelineOf(chain(8));
    expect(timeline.lastEnd).toBe(24);
    const plan = planLoop(timeline);
    expect(plan.seconds).toBe(24);
    expect(plan.times.length).toBe(24);
    expect(plan.times.at(-1)).toBe(24);
    expect(plan.delaysMs.at(-1)).toBeGreaterThan(plan.delaysMs[0]);
  });

  it('that loops (a begins at 0 and again at c.end) plays one round of it', () => {
    expect(planLoop(timelineOf(chain(8, '0s;c.end'))).seconds).toBe(24);
  });

  it(`is cut at ${STORY_MAX_SECONDS} s when longer`, () => {
    const plan = planLoop(timelineOf(chain(20)));
    expect(plan.seconds).toBe(STORY_MAX_SECONDS);
    expect(plan.times.at(-1)).toBe(STORY_MAX_SECONDS);
  });

  it('beside a quick repeating motion is still played whole', () => {
    const spinner = '<g><animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="1s" repeatCount="indefinite"/></g>';
    const withSpinner = chain(8).replace('</svg>', `${spinner}</svg>`);
    expect(planLoop(timelineOf(withSpinner)).seconds).toBe(24);
  });

  it('short ones keep the loop they had: a 1.5 s fade-in is not stretched', () => {
    const plan = planLoop(timelineOf(svg('<rect width="1" height="1"><animate attributeName="opacity" from="0" to="1" begin="0.5s" dur="1s" fill="freeze"/></rect>')));
    expect(plan.times.at(-1)).toBe(1.5);
  });
});

describe('frames on a fixed canvas', () => {
  it('cuts a larger frame and pads a smaller one with white, from the top left', () => {
    const px = (w: number, h: number, v: number) => new Uint8Array(w * h * 4).fill(v);
    const bigger = onCanvas(px(3, 3, 7), 3, 3, 2, 2);
    expect([...bigger]).toEqual(new Array(16).fill(7));
    const smaller = onCanvas(px(1, 1, 7), 1, 1, 2, 2);
    expect([...smaller.subarray(0, 4)]).toEqual([7, 7, 7, 7]);
    expect([...smaller.subarray(4)]).toEqual(new Array(12).fill(255));
    const same = px(2, 2, 1);
    expect(onCanvas(same, 2, 2, 2, 2)).toBe(same);
  });
});

describe('GIFs of such drawings', () => {
  let renderer: PoolRenderer;
  beforeAll(() => {
    renderer = createRenderer({ poolSize: 1, box: 200 });
  });
  afterAll(async () => {
    await renderer.close();
  });

  it('of a drawing that animates its own width and height: one size, the first frame\'s', async () => {
    const growing = svg(
      '<animate attributeName="width" from="100" to="300" dur="2s" repeatCount="indefinite"/><animate attributeName="height" values="100;40;100" dur="2s" repeatCount="indefinite"/><rect width="50" height="50" fill="blue"/>',
      'width="100" height="100"',
    );
    const still = await renderer.render(growing);
    const gif = await renderer.animation(growing);
    expect(gif.frames).toBeGreaterThan(2);
    expect({ width: gif.width, height: gif.height }).toEqual({ width: still.width, height: still.height });
    expect(gif.gif.readUInt16LE(6)).toBe(gif.width); // the GIF's own canvas says the same
    expect(gif.gif.readUInt16LE(8)).toBe(gif.height);
  });

  it('of a 24 s chain: the whole chain, not a 2-frame or 4 s loop', async () => {
    const gif = await renderer.animation(chain(8));
    expect(gif.seconds).toBe(24);
    expect(gif.frames).toBe(24);
  });
});
