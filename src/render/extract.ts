/**
 * Pull the one SVG out of what a model really writes: prose, markdown fences, thinking
 * blocks, several drafts, an XML prolog. The result is still untrusted (see sanitize.ts).
 */
import { RenderError } from '../core/errors.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Messages for people, shared by extract and the renderer. */
export const NO_SVG_MESSAGE = 'no SVG in the reply: the model answered without a drawing';
export const TRUNCATED_MESSAGE = 'the drawing was cut off: the reply ended before the SVG was finished';

/**
 * Remove thinking. `<think>…</think>` (and `<thinking>`) blocks go; a reply that starts with
 * `<think>` and never closes it is all thinking; a lone `</think>` (some chat templates put
 * the opening tag in the prompt) means everything before it was thinking.
 */
export function stripThinking(text: string): { text: string; unclosed: boolean } {
  let out = text.replace(/<(think|thinking)>[\s\S]*?<\/\1\s*>/gi, '');
  let unclosed = false;
  const lone = /<\/(think|thinking)\s*>/gi;
  let last = -1;
  for (let m = lone.exec(out); m; m = lone.exec(out)) last = m.index + m[0].length;
  if (last >= 0) out = out.slice(last);
  const open = /<(think|thinking)>/i.exec(out);
  if (open) {
    out = out.slice(0, open.index);
    unclosed = true;
  }
  return { text: out, unclosed };
}

interface Span {
  start: number;
  end: number;
}

/**
 * Every complete outermost `<svg …>…</svg>` span, in order. Nested `<svg>` elements stay
 * inside their parent; an `<svg` that is never closed (prose, or a truncated draft) is left out.
 */
function completeSpans(text: string): { spans: Span[]; opened: boolean } {
  const tag = /<svg(?=[\s>/])[^>]*>|<\/svg\s*>/gi;
  const stack: number[] = [];
  const spans: Span[] = [];
  let opened = false;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0][1] === '/') {
      const start = stack.pop();
      if (start !== undefined) spans.push({ start, end });
    } else if (m[0].endsWith('/>')) {
      opened = true;
      spans.push({ start: m.index, end });
    } else {
      opened = true;
      stack.push(m.index);
    }
  }
  // Keep only spans that no other span contains (the outermost ones).
  const outer = spans.filter((s) => !spans.some((o) => o !== s && o.start <= s.start && o.end >= s.end));
  outer.sort((a, b) => a.start - b.start);
  return { spans: outer, opened };
}

/** Add the SVG namespace (and the xlink one when used) to the root tag if a model left it out. */
function addNamespaces(svg: string): string {
  const rootEnd = svg.indexOf('>');
  const root = svg.slice(0, rootEnd);
  let extra = '';
  if (!/\sxmlns\s*=/.test(root)) extra += ` xmlns="${SVG_NS}"`;
  if (/xlink:/.test(svg) && !/\sxmlns:xlink\s*=/.test(root)) extra += ' xmlns:xlink="http://www.w3.org/1999/xlink"';
  return extra ? `<svg${extra}${svg.slice(4)}` : svg;
}

/**
 * The last complete SVG in a model's reply, with its namespace ensured.
 * Throws RenderError 'truncated' when an SVG was started but never finished, 'no-svg' when
 * there is none outside the thinking.
 */
export function extractSvg(text: string): string {
  const { text: answer, unclosed } = stripThinking(text);
  const { spans, opened } = completeSpans(answer);
  const last = spans[spans.length - 1];
  if (!last) {
    if (opened) throw new RenderError(TRUNCATED_MESSAGE, 'truncated');
    if (unclosed) {
      throw new RenderError('no SVG in the reply: the model was still thinking when its reply ended', 'no-svg');
    }
    throw new RenderError(NO_SVG_MESSAGE, 'no-svg');
  }
  return addNamespaces(answer.slice(last.start, last.end));
}
