/**
 * Pull the one drawing out of what a model really writes: prose, markdown fences, thinking
 * blocks, several drafts, an XML prolog, and prose that quotes tags ("wrapped in <svg>...</svg>").
 * The drawing is the one a person would pick: the last complete SVG document that parses and
 * draws something. The result is still untrusted (see sanitize.ts).
 */
import { RenderError } from '../core/model/errors.js';
import { DEFAULT_MAX_INPUT_BYTES } from './sanitize.js';
import { splitThinking } from './thinking.js';
import { tokenizeXml } from './xml-tokenizer.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Messages for people, shared by extract and the renderer. */
export const NO_SVG_MESSAGE = 'no SVG in the reply: the model answered without a drawing';
export const EMPTY_MESSAGE = 'no drawing in the reply: its SVG is empty (no shapes, text or images)';
export const TRUNCATED_MESSAGE = 'the drawing was cut off: the reply ended before the SVG was finished';

/**
 * Longest reply searched for a drawing, in UTF-16 code units: 4 x the sanitizer's input cap, so
 * prose and drafts around the largest accepted SVG still fit. Beyond that the reply is refused
 * unread (the renderer checks before copying it to a worker, where extraction runs).
 */
export const MAX_REPLY_CHARS = 4 * DEFAULT_MAX_INPUT_BYTES;
export const TOO_LONG_MESSAGE = `the reply was too long to look for a drawing in (over ${MAX_REPLY_CHARS / (1024 * 1024)} MB of text); ask for a single SVG without long explanations`;

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
function completeSpans(text: string): { spans: Span[]; unfinished: boolean } {
  const tag = /<\/svg\s*>|<svg(?=[\s>/])/gi;
  const stack: OpenSvg[] = [];
  const outer: Span[] = [];
  const add = (span: Span) => (stack.length > 0 ? stack[stack.length - 1].inner : outer).push(span);
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
    if (text[gt - 1] === '/') add({ start: m.index, end: gt + 1 });
    else stack.push({ start: m.index, inner: [] });
  }
  const spans = outer;
  for (const open of stack) for (const span of open.inner) spans.push(span); // no spread: may be huge
  spans.sort((a, b) => a.start - b.start);
  return { spans, unfinished: stack.length > 0 };
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

/** Elements that put something on the page. */
const DRAWING_ELEMENT = /<(?:[\w.-]+:)?(?:path|rect|circle|ellipse|line|polyline|polygon|text|image|use)[\s/>]/i;
const GRAPHIC = new Set(['path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'image', 'use']);

/**
 * How much a span looks like the drawing: 3 a document (parses, draws, and its root says what it
 * is: xmlns, viewBox, width or height), 2 parses and draws, 1 draws but does not parse (the
 * sanitizer will say why), 0 draws nothing (`<svg>...</svg>` quoted in prose, an empty root).
 */
export function drawingGrade(svg: string): number {
  if (!DRAWING_ELEMENT.test(svg)) return 0;
  const root = svg.slice(0, svg.indexOf('>'));
  const declared = /\s(?:xmlns|viewBox|width|height)\s*=/i.test(root);
  // Larger than the sanitizer accepts: refused later with a clear "too large", never parsed here.
  if (svg.length > DEFAULT_MAX_INPUT_BYTES) return 3;
  let tokens;
  try {
    tokens = tokenizeXml(svg);
  } catch {
    return 1;
  }
  const open: string[] = [];
  let draws = false;
  for (const t of tokens) {
    if (t.type === 'open') {
      if (GRAPHIC.has(t.name.slice(t.name.indexOf(':') + 1))) draws = true;
      if (!t.selfClosing) open.push(t.name);
    } else if (t.type === 'close' && open.pop() !== t.name) return 1;
  }
  if (open.length > 0) return 1;
  if (!draws) return 0; // the element names matched only in text or attribute values
  return declared ? 3 : 2;
}

/** The best span of a text: highest grade, the last one among equals. */
function bestSpan(text: string): { svg: string | null; spans: number; unfinished: boolean } {
  const { spans, unfinished } = completeSpans(text);
  let best: string | null = null;
  let bestGrade = 0;
  for (let i = spans.length - 1; i >= 0 && bestGrade < 3; i--) {
    const svg = text.slice(spans[i].start, spans[i].end);
    const g = drawingGrade(svg);
    if (g > bestGrade) {
      best = svg;
      bestGrade = g;
    }
  }
  return { svg: best, spans: spans.length, unfinished };
}

/**
 * The drawing in a model's reply, with its namespace ensured: the best complete SVG of the
 * answer, else of the finished thinking. Throws RenderError 'too-large' for a reply over
 * MAX_REPLY_CHARS, 'truncated' when an SVG was started but never finished, 'no-svg' when there is
 * no drawing (none at all, only empty ones, or only inside unfinished thinking).
 */
export function extractSvg(text: string): string {
  if (text.length > MAX_REPLY_CHARS) throw new RenderError(TOO_LONG_MESSAGE, 'too-large');
  const { answer, thought, unclosed } = splitThinking(text);
  const found = bestSpan(answer);
  if (found.svg) return addNamespaces(found.svg);
  if (found.unfinished) throw new RenderError(TRUNCATED_MESSAGE, 'truncated');
  // No drawing in the answer: one the model finished while thinking is still the one it made.
  const drafted = thought ? bestSpan(thought) : null;
  if (drafted?.svg) return addNamespaces(drafted.svg);
  if (unclosed) throw new RenderError('no SVG in the reply: the model was still thinking when its reply ended', 'no-svg');
  if (found.spans > 0) throw new RenderError(EMPTY_MESSAGE, 'no-svg');
  throw new RenderError(NO_SVG_MESSAGE, 'no-svg');
}
