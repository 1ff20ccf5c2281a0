import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/errors.js';
import { extractSvg } from '../../src/render/extract.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

function reason(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RenderError);
    return (e as RenderError).reason;
  }
  return undefined;
}

describe('extractSvg', () => {
  it('returns a bare SVG unchanged', () => {
    expect(extractSvg(SVG)).toBe(SVG);
  });

  it('takes the SVG out of a markdown fence with prose around it', () => {
    const reply = `Here is a pelican riding a bicycle:\n\n\`\`\`svg\n${SVG}\n\`\`\`\n\nI hope you like it!`;
    expect(extractSvg(reply)).toBe(SVG);
  });

  it('drops an XML prolog and a DOCTYPE before the root', () => {
    const reply = `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd">\n${SVG}`;
    expect(extractSvg(reply)).toBe(SVG);
  });

  it('ignores an SVG inside a <think> block', () => {
    const thought = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>';
    const reply = `<think>Let me try: ${thought} hmm, no.</think>\nFinal answer:\n${SVG}`;
    expect(extractSvg(reply)).toBe(SVG);
  });

  it('treats text before a lone </think> as thinking', () => {
    const reply = `I could draw <svg><circle r="1"/></svg> but better:</think>\n${SVG}`;
    expect(extractSvg(reply)).toBe(SVG);
  });

  it('finds nothing in an unclosed <think> at the start', () => {
    const reply = `<think>maybe ${SVG} and then I ran out of tokens`;
    expect(reason(() => extractSvg(reply))).toBe('no-svg');
  });

  it('picks the last complete SVG of several', () => {
    const first = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>';
    expect(extractSvg(`Draft:\n${first}\nBetter:\n${SVG}`)).toBe(SVG);
  });

  it('prefers a complete SVG over a later truncated one', () => {
    const reply = `${SVG}\nAnd a second version: <svg xmlns="http://www.w3.org/2000/svg"><rect`;
    expect(extractSvg(reply)).toBe(SVG);
  });

  it('keeps nested <svg> elements inside their parent', () => {
    const nested = '<svg xmlns="http://www.w3.org/2000/svg"><svg x="1"><rect width="1" height="1"/></svg><circle r="2"/></svg>';
    expect(extractSvg(`ok: ${nested} done`)).toBe(nested);
  });

  it('ignores a prose mention of the <svg> tag before the drawing', () => {
    expect(extractSvg(`I will use an <svg> element.\n${SVG}`)).toBe(SVG);
  });

  it('adds a missing xmlns (and xmlns:xlink when xlink is used)', () => {
    const out = extractSvg('<svg viewBox="0 0 4 4"><use xlink:href="#a"/></svg>');
    expect(out).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(out).toContain('xmlns:xlink="http://www.w3.org/1999/xlink"');
    expect(out.startsWith('<svg ')).toBe(true);
  });

  it('says "truncated" for an SVG that is never closed', () => {
    expect(reason(() => extractSvg(`Sure!\n<svg xmlns="http://www.w3.org/2000/svg"><rect width="3"`))).toBe('truncated');
    try {
      extractSvg('<svg><g>');
    } catch (e) {
      expect((e as Error).message).toContain('cut off');
    }
  });

  it('says "no-svg" when there is no SVG at all', () => {
    expect(reason(() => extractSvg('I cannot draw, sorry.'))).toBe('no-svg');
    expect(reason(() => extractSvg(''))).toBe('no-svg');
    expect(reason(() => extractSvg('<svgfoo>not it</svgfoo>'))).toBe('no-svg');
  });

  it('is case-insensitive about the tag and handles a self-closing root', () => {
    expect(extractSvg('x <SVG xmlns="http://www.w3.org/2000/svg"></SVG> y')).toBe('<SVG xmlns="http://www.w3.org/2000/svg"></SVG>');
    expect(extractSvg('<svg xmlns="http://www.w3.org/2000/svg"/>')).toBe('<svg xmlns="http://www.w3.org/2000/svg"/>');
  });
});
