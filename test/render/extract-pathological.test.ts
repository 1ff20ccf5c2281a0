/**
 * Replies built to make a naive extractor quadratic (thousands of `<svg/>`, unclosed `<svg `,
 * unclosed `<think>`): extraction runs on the bot's main thread, so these must give the right
 * answer in one pass, and replies past the cap are refused unread. The reference below is the
 * former (quadratic, regex-based) extractor: the linear one must agree with it everywhere.
 */
import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
import { drawingGrade, extractSvg, MAX_REPLY_CHARS } from '../../src/render/extract.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';

function outcome(fn: () => string): string {
  try {
    return `ok:${fn()}`;
  } catch (e) {
    expect(e).toBeInstanceOf(RenderError);
    return `err:${(e as RenderError).reason}`;
  }
}

/**
 * A naive (quadratic) extractor for replies without thinking, kept as the specification of which
 * span wins: every outermost complete span, the highest drawing grade, the last among equals.
 */
function referenceExtract(answer: string): string {
  const tag = /<svg(?=[\s>/])[^>]*>|<\/svg\s*>/gi;
  const stack: number[] = [];
  const spans: Array<{ start: number; end: number }> = [];
  for (let m = tag.exec(answer); m; m = tag.exec(answer)) {
    const end = m.index + m[0].length;
    if (m[0][1] === '/') {
      const start = stack.pop();
      if (start !== undefined) spans.push({ start, end });
    } else if (m[0].endsWith('/>')) spans.push({ start: m.index, end });
    else stack.push(m.index);
  }
  const outer = spans.filter((s) => !spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end));
  outer.sort((a, b) => a.start - b.start);
  let best: string | null = null;
  let bestGrade = 0;
  for (const s of outer) {
    const svg = answer.slice(s.start, s.end);
    const g = drawingGrade(svg);
    if (g > 0 && g >= bestGrade) {
      best = svg;
      bestGrade = g;
    }
  }
  if (!best) throw new RenderError('x', stack.length > 0 ? 'truncated' : 'no-svg');
  const root = best.slice(0, best.indexOf('>'));
  let extra = '';
  if (!/\sxmlns\s*=/.test(root)) extra += ' xmlns="http://www.w3.org/2000/svg"';
  if (/xlink:/.test(best) && !/\sxmlns:xlink\s*=/.test(root)) extra += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
  return extra ? `<svg${extra}${best.slice(4)}` : best;
}

describe('extractSvg on pathological replies (~200 KB)', () => {
  it('40 000 self-closed <svg/> drafts: the drawing wins, before or after them', () => {
    const drafts = '<svg/>'.repeat(40_000);
    expect(drafts.length).toBeGreaterThan(200_000);
    expect(extractSvg(`${drafts}\n${SVG}`)).toBe(SVG);
    expect(outcome(() => extractSvg(drafts))).toBe('err:no-svg');
    expect(extractSvg(`${SVG}${drafts}`)).toBe(SVG);
  });

  it('40 000 quoted `<svg><rect/></svg>` fragments after the drawing: the document wins', () => {
    const quotes = 'use `<svg><rect/></svg>` tags; '.repeat(8_000);
    expect(quotes.length).toBeGreaterThan(200_000);
    expect(extractSvg(`${SVG}\n${quotes}`)).toBe(SVG);
  });

  it('40 000 unclosed `<svg ` tags: no tag is ever finished', () => {
    const junk = '<svg '.repeat(40_000);
    expect(outcome(() => extractSvg(junk))).toBe('err:no-svg');
    expect(extractSvg(`${SVG}\n${junk}`)).toBe(SVG);
  });

  it('35 000 open <svg> elements never closed: a complete SVG inside them still counts', () => {
    const opens = '<svg>'.repeat(35_000);
    expect(outcome(() => extractSvg(opens))).toBe('err:truncated');
    expect(extractSvg(`${opens}${SVG}`)).toBe(SVG);
    expect(extractSvg(`${SVG}${opens}<svg/>`)).toBe(SVG);
  });

  it('deep nesting, then closing it all: one outermost span', () => {
    const n = 20_000;
    const nested = `${'<svg>'.repeat(n)}<rect/>${'</svg>'.repeat(n)}`;
    const out = extractSvg(nested);
    expect(out.length).toBe(nested.length + ' xmlns="http://www.w3.org/2000/svg"'.length);
    expect(out.endsWith('</svg>')).toBe(true);
  });

  it('30 000 unclosed <think> tags, with and without a close, before and after the SVG', () => {
    const thinks = '<think>'.repeat(30_000);
    expect(thinks.length).toBeGreaterThan(200_000);
    expect(outcome(() => extractSvg(`${thinks}${SVG}`))).toBe('err:no-svg');
    expect(extractSvg(`${SVG}${thinks}`)).toBe(SVG);
    expect(extractSvg(`${thinks}</think>${SVG}`)).toBe(SVG);
    expect(extractSvg(`${'<thinking>'.repeat(20_000)}<think>${SVG}</think>${SVG.replace('10 10', '20 20')}</thinking>${SVG}`)).toBe(SVG);
  });

  it('30 000 stray </svg> and </think> tags', () => {
    expect(outcome(() => extractSvg('</svg>'.repeat(35_000)))).toBe('err:no-svg');
    expect(extractSvg(`${'</think>'.repeat(25_000)}${SVG}`)).toBe(SVG);
  });

  it('agrees with the reference extractor on the pathological shapes', () => {
    const shapes = [
      `${'<svg/>'.repeat(3000)}${SVG}`,
      `${'<svg '.repeat(3000)}`,
      `${'<svg>'.repeat(3000)}${SVG}`,
      `${'<svg/><rect/>'.repeat(3000)}${SVG}`,
      `${SVG}${'<svg><rect/></svg>'.repeat(3000)}`,
    ];
    for (const s of shapes) expect(outcome(() => extractSvg(s))).toBe(outcome(() => referenceExtract(s)));
  });

  it('agrees with the reference extractor on random mixes of tags', () => {
    const pieces = ['<svg>', '</svg>', '<svg/>', '<svg a="1">', '<svg viewBox="0 0 1 1">', '<SVG>', '</SVG >', '<svg ', '>', '<svgx>', 'text ', '<rect/>', '<g>', '</g>', '<circle r="1">', 'xlink:', '`', '\n'];
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let i = 0; i < 5000; i++) {
      const len = 1 + rand(14);
      let s = '';
      for (let j = 0; j < len; j++) s += pieces[rand(pieces.length)];
      expect(outcome(() => extractSvg(s)), s).toBe(outcome(() => referenceExtract(s)));
    }
  });

  it('refuses a reply over the length cap without reading it, and says why', () => {
    const huge = `${SVG}${' '.repeat(MAX_REPLY_CHARS)}`;
    let err: unknown;
    try {
      extractSvg(huge);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RenderError);
    expect((err as RenderError).reason).toBe('too-large');
    expect((err as RenderError).message).toMatch(/the reply was too long/);
    // Right at the cap is still searched.
    expect(extractSvg(`${SVG}${' '.repeat(MAX_REPLY_CHARS - SVG.length)}`)).toBe(SVG);
  });
});
