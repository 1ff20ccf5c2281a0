/**
 * Pull the one SVG out of what a model really writes: prose, markdown fences, thinking
 * blocks, several drafts, an XML prolog. The result is still untrusted (see sanitize.ts).
 */
import { RenderError } from '../core/errors.js';
import { DEFAULT_MAX_INPUT_BYTES } from './sanitize.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Messages for people, shared by extract and the renderer. */
export const NO_SVG_MESSAGE = 'no SVG in the reply: the model answered without a drawing';
export const TRUNCATED_MESSAGE = 'the drawing was cut off: the reply ended before the SVG was finished';

/**
 * Longest reply searched for a drawing, in UTF-16 code units: 4 x the sanitizer's input cap, so
 * prose and drafts around the largest accepted SVG still fit. Beyond that the reply is refused
 * unread: extraction runs on the bot's main thread, and a stall there misses Discord heartbeats.
 */
export const MAX_REPLY_CHARS = 4 * DEFAULT_MAX_INPUT_BYTES;

/** `<think>`, `<thinking>` and their end tags, case-insensitive. Linear: no lazy body match. */
const THINK_TAG = /<\/(think|thinking)\s*>|<(think|thinking)>/gi;

/** Remove every `<think>…</think>` block: from an opening tag to the first end tag of the same name. */
function removeThinkBlocks(text: string): string {
  const opens: Array<{ index: number; end: number; name: string }> = [];
  const closes: Record<string, Array<{ index: number; end: number }>> = { think: [], thinking: [] };
  THINK_TAG.lastIndex = 0;
  for (let m = THINK_TAG.exec(text); m; m = THINK_TAG.exec(text)) {
    const end = m.index + m[0].length;
    if (m[1] !== undefined) closes[m[1].toLowerCase()].push({ index: m.index, end });
    else opens.push({ index: m.index, end, name: m[2].toLowerCase() });
  }
  // Opening tags come in order and each block ends past its opening tag, so one moving pointer
  // per name finds "the first end tag after this opening tag" in linear time overall.
  const next: Record<string, number> = { think: 0, thinking: 0 };
  const parts: string[] = [];
  let cursor = 0;
  for (const open of opens) {
    if (open.index < cursor) continue; // inside a block already removed
    const list = closes[open.name];
    while (next[open.name] < list.length && list[next[open.name]].index < open.end) next[open.name]++;
    const close = list[next[open.name]];
    if (!close) continue; // never closed: left for the "unclosed" rule below
    parts.push(text.slice(cursor, open.index));
    cursor = close.end;
  }
  parts.push(text.slice(cursor));
  return parts.join('');
}

/**
 * Remove thinking. `<think>…</think>` (and `<thinking>`) blocks go; a reply that starts with
 * `<think>` and never closes it is all thinking; a lone `</think>` (some chat templates put
 * the opening tag in the prompt) means everything before it was thinking.
 */
export function stripThinking(text: string): { text: string; unclosed: boolean } {
  let out = removeThinkBlocks(text);
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

/** An open `<svg …>` and the complete spans found inside it so far. */
interface OpenSvg {
  start: number;
  inner: Span[];
}

/**
 * Every complete outermost `<svg …>…</svg>` span, in order. Nested `<svg>` elements stay
 * inside their parent; an `<svg` that is never closed (prose, or a truncated draft) is left out,
 * and the complete spans inside it count as outermost.
 *
 * One pass, linear in the text: a span that closes inside an open element is parked on that
 * element, and dropped when the element closes (its own span contains it) or promoted at the
 * end if the element never closes.
 */
function completeSpans(text: string): { spans: Span[]; opened: boolean } {
  const tag = /<\/svg\s*>|<svg(?=[\s>/])/gi;
  const stack: OpenSvg[] = [];
  const outer: Span[] = [];
  const add = (span: Span) => (stack.length > 0 ? stack[stack.length - 1].inner : outer).push(span);
  let opened = false;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    if (m[0][1] === '/') {
      const open = stack.pop();
      if (open) add({ start: open.start, end: m.index + m[0].length });
      continue;
    }
    // An opening tag runs to the next `>`. With none left, no tag can end later either: stop,
    // rather than search to the end again from every later `<svg`.
    const gt = text.indexOf('>', m.index + 4);
    if (gt < 0) break;
    tag.lastIndex = gt + 1;
    opened = true;
    if (text[gt - 1] === '/') add({ start: m.index, end: gt + 1 });
    else stack.push({ start: m.index, inner: [] });
  }
  const spans = outer;
  for (const open of stack) for (const span of open.inner) spans.push(span); // no spread: may be huge
  spans.sort((a, b) => a.start - b.start);
  return { spans, opened };
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
 * Throws RenderError 'too-large' for a reply over MAX_REPLY_CHARS, 'truncated' when an SVG was
 * started but never finished, 'no-svg' when there is none outside the thinking.
 */
export function extractSvg(text: string): string {
  if (text.length > MAX_REPLY_CHARS) {
    throw new RenderError(
      `the reply was too long to look for a drawing in (over ${MAX_REPLY_CHARS / (1024 * 1024)} MB of text); ask for a single SVG without long explanations`,
      'too-large',
    );
  }
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
