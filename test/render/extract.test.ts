import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
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

  it('is case-insensitive about the tag', () => {
    const upper = '<SVG xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></SVG>';
    expect(extractSvg(`x ${upper} y`)).toBe(upper);
  });
});

describe('extractSvg picks the drawing a person would', () => {
  it('keeps the drawing when prose after it says "wrapped in <svg>...</svg> tags"', () => {
    const reply = `${SVG}\n\nThe drawing above is wrapped in \`<svg>...</svg>\` tags so you can paste it anywhere.`;
    expect(extractSvg(reply)).toBe(SVG);
    // Without backticks too, and with the tag quoted twice.
    expect(extractSvg(`${SVG}\nIt is wrapped in <svg>...</svg> tags; an <svg></svg> alone would be empty.`)).toBe(SVG);
  });

  it('prefers a later drawing over an earlier one, but never a quoted fragment over a drawing', () => {
    const later = SVG.replace('<rect width="10" height="10"/>', '<circle cx="5" cy="5" r="4"/>');
    expect(extractSvg(`${SVG}\nRevised:\n${later}\nDone.`)).toBe(later);
    expect(extractSvg(`${SVG}\nYou could also write \`<svg><rect/></svg>\` for a square.`)).toBe(SVG);
  });

  it('refuses a reply whose only SVG draws nothing, saying so', () => {
    for (const empty of ['<svg xmlns="http://www.w3.org/2000/svg"/>', 'Use `<svg>...</svg>` tags.', '<svg viewBox="0 0 9 9"><defs></defs></svg>']) {
      let err: unknown;
      try {
        extractSvg(empty);
      } catch (e) {
        err = e;
      }
      expect(err, empty).toBeInstanceOf(RenderError);
      expect((err as RenderError).reason).toBe('no-svg');
      expect((err as RenderError).message).toMatch(/empty/);
    }
  });

  it('keeps the drawing when the reply mentions <think> before it', () => {
    expect(extractSvg(`I answer directly, without a \`<think>\` block:\n${SVG}`)).toBe(SVG);
    expect(extractSvg(`No <think> step was needed here.\n${SVG}`)).toBe(SVG);
    expect(extractSvg(`Here it is.\n<think> tags are not needed.\n${SVG}`)).toBe(SVG);
  });

  it('keeps the drawing when the reply mentions </think> after it', () => {
    expect(extractSvg(`${SVG}\nI skipped the reasoning, so there is no \`</think>\` tag.`)).toBe(SVG);
    expect(extractSvg(`${SVG}\nNote: a reasoning model would end with </think> before this.`)).toBe(SVG);
    // A real end tag after the drawing: the drawing was made while thinking, and nothing came after.
    expect(extractSvg(`Planning the pelican.\n${SVG}\n</think>\n`)).toBe(SVG);
  });

  it('still ignores a draft in real thinking when the answer has a drawing', () => {
    const draft = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><circle r="1"/></svg>';
    expect(extractSvg(`<think>\nDraft: ${draft}\n</think>\n${SVG}`)).toBe(SVG);
    expect(extractSvg(`Draft: ${draft} ok.\n</think>\n\n${SVG}`)).toBe(SVG);
  });

  it('prefers a drawing that parses over a later one that does not', () => {
    const broken = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9"><g><rect width="3" height="3"/></svg>';
    expect(extractSvg(`${SVG}\nOr: ${broken}`)).toBe(SVG);
    // Alone, the broken one is still passed on: the sanitizer says what is wrong with it.
    expect(extractSvg(`Here: ${broken}`)).toBe(broken);
  });
});
