/**
 * Untrusted SVG -> a clean SVG that resvg can parse without reaching anything outside it.
 *
 * A whitelist rebuild from a real parse, not a blacklist of regexes: the document is tokenized
 * (entities and character references decoded, DOCTYPE dropped), and only known SVG elements and
 * plain attributes are written back, values escaped. References may only point inside the
 * document (`#id`, `url(#id)`); images may only be bounded `data:` rasters, or `data:` SVG that
 * is itself sanitized (to a bounded depth). The parsed size is returned and the root is given an
 * explicit, clamped output size, so a drawing that declares itself 100000000 px wide is drawn
 * into the box instead.
 */
import { RENDER_DEFAULTS } from '../core/model/settings.js';
import { RenderError } from '../core/model/errors.js';
import { decodeDataUri, rasterSize, sniffRaster } from './data-uri.js';
import { sanitizeAttributeValue, sanitizeStyleAttribute, sanitizeStylesheet } from './sanitize-css.js';
import { escapeAttr, escapeText } from './xml-escape.js';
import { tokenizeXml, XmlSyntaxError } from './xml-tokenizer.js';

export interface SanitizeOptions {
  /** Output fits a box x box square, in px. Default 768. */
  box?: number;
  /** Largest accepted input, in bytes (UTF-8). Default 2 MB. */
  maxInputBytes?: number;
  /** Largest decoded `data:` image, in bytes. Default 1 MB. */
  maxImageBytes?: number;
  /** Largest pixel count of an embedded raster image. Default 16 Mpx. */
  maxImagePixels?: number;
  /** How deep `data:` SVG may nest inside `data:` SVG. Default 2. */
  maxDataSvgDepth?: number;
}

export interface SanitizedSvg {
  /** The clean SVG, with width/height set to the output size. */
  svg: string;
  /** Output size in px after fitting the box. */
  width: number;
  height: number;
  /** What the drawing declared, in user units (px), before fitting. */
  source: { width: number; height: number; viewBox: [number, number, number, number] | null };
  /** What was removed, e.g. `element script`, `href on image`, for logs. */
  removed: string[];
}

const ELEMENTS = new Set([
  'svg', 'g', 'defs', 'symbol', 'use', 'switch',
  'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon',
  'text', 'tspan', 'textPath',
  'linearGradient', 'radialGradient', 'stop', 'pattern', 'clipPath', 'mask', 'marker', 'image', 'style',
  'filter', 'feBlend', 'feColorMatrix', 'feComponentTransfer', 'feComposite', 'feConvolveMatrix',
  'feDiffuseLighting', 'feDisplacementMap', 'feDistantLight', 'feDropShadow', 'feFlood', 'feFuncA',
  'feFuncB', 'feFuncG', 'feFuncR', 'feGaussianBlur', 'feImage', 'feMerge', 'feMergeNode',
  'feMorphology', 'feOffset', 'fePointLight', 'feSpecularLighting', 'feSpotLight', 'feTile', 'feTurbulence',
  // SMIL animation (the frame renderer in animate/ draws it); see animationIsSafe.
  'animate', 'animateTransform', 'animateMotion', 'set', 'mpath',
]);
const ANIMATIONS = new Set(['animate', 'animateTransform', 'animateMotion', 'set']);

/**
 * An animation may not change links, scripts or styles: `<set attributeName="href" to="file:…">`
 * would point an element outside after sanitizing, `on*` would add a handler. Its values are
 * checked like any attribute value (local `url(#id)` only).
 */
function animationIsSafe(attrs: Array<[string, string]>): boolean {
  const name = attrs.find(([k]) => k === 'attributeName')?.[1];
  if (name === undefined) return true; // animateTransform and animateMotion need none
  const a = name.trim().toLowerCase();
  return /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/.test(a) && a !== 'href' && !a.endsWith(':href') && !a.startsWith('on') && !/^(style|src|class|id|xmlns)/.test(a);
}
/** Elements whose text content is drawn or used. */
const TEXT_ELEMENTS = new Set(['text', 'tspan', 'textPath', 'style']);
/** Links become plain groups: their content is kept, the link is not. */
const RENAMED: Record<string, string> = { a: 'g' };
/** Default largest accepted SVG, in bytes (UTF-8); other caps in the render path derive from it. */
export const DEFAULT_MAX_INPUT_BYTES = 2 * 1024 * 1024;
const MAX_DEPTH = 256;
const MAX_ELEMENTS = 100_000;

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

const UNITS: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96, em: 16, ex: 8 };

/** A length in px, or null for percentages, garbage, zero or negative values. */
function parseLength(v: string | undefined): number | null {
  if (v === undefined) return null;
  const m = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  if (!m) return null;
  const unit = UNITS[m[2].toLowerCase()];
  const n = Number(m[1]) * (unit ?? NaN);
  return Number.isFinite(n) && n > 0 ? n : null;
}

function parseViewBox(v: string | undefined): [number, number, number, number] | null {
  if (v === undefined) return null;
  const parts = v.trim().split(/[\s,]+/).map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isFinite(p)) || parts[2] <= 0 || parts[3] <= 0) return null;
  return parts as [number, number, number, number];
}

/** The size the drawing declares (px), falling back to the viewBox, then resvg's 100 x 100. */
function declaredSize(attrs: Map<string, string>): SanitizedSvg['source'] {
  const viewBox = parseViewBox(attrs.get('viewBox'));
  let w = parseLength(attrs.get('width'));
  let h = parseLength(attrs.get('height'));
  if (w === null && h === null) {
    w = viewBox?.[2] ?? 100;
    h = viewBox?.[3] ?? 100;
  } else if (w === null) {
    w = viewBox ? (h! * viewBox[2]) / viewBox[3] : 100;
  } else if (h === null) {
    h = viewBox ? (w * viewBox[3]) / viewBox[2] : 100;
  }
  return { width: w, height: h!, viewBox };
}

/** Scale the declared size to fit box x box (up or down), at least 1 px on each side. */
export function fitBox(width: number, height: number, box: number): { width: number; height: number } {
  const scale = box / Math.max(width, height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

interface Ctx {
  opts: Required<SanitizeOptions>;
  depth: number;
  removed: string[];
}

/** Check one href. Returns the value to keep, or null to drop it. */
function sanitizeHref(element: string, value: string, ctx: Ctx): string | null {
  const v = value.trim();
  if (/^#[^\s'"<>()\\]+$/.test(v)) return v;
  if (element !== 'image' && element !== 'feImage') return null;
  if (!/^data:/i.test(v)) return null;
  const decoded = decodeDataUri(v, ctx.opts.maxImageBytes);
  if (decoded === 'too-large') {
    ctx.removed.push(`data: image over ${ctx.opts.maxImageBytes} bytes`);
    return null;
  }
  if (!decoded) return null;
  if (decoded.mediaType === 'image/svg+xml') {
    if (ctx.depth >= ctx.opts.maxDataSvgDepth) return null;
    try {
      const inner = sanitizeInner(decoded.bytes.toString('utf8'), { ...ctx, depth: ctx.depth + 1 });
      return `data:image/svg+xml;base64,${Buffer.from(inner, 'utf8').toString('base64')}`;
    } catch {
      return null;
    }
  }
  const type = sniffRaster(decoded.bytes);
  if (!type) return null;
  const size = rasterSize(decoded.bytes, type);
  if (!size || size.width * size.height > ctx.opts.maxImagePixels || size.width === 0 || size.height === 0) return null;
  const mime = type === 'jpeg' ? 'image/jpeg' : `image/${type}`;
  return `data:${mime};base64,${decoded.bytes.toString('base64')}`;
}

/** Rebuild a document; returns the clean SVG and the root's attributes as parsed. */
function rebuild(src: string, ctx: Ctx): { svg: string; rootAttrs: Map<string, string> } {
  let tokens;
  try {
    tokens = tokenizeXml(src);
  } catch (e) {
    if (e instanceof XmlSyntaxError) throw new RenderError(`the drawing is not valid SVG (${e.message})`, 'invalid');
    throw e;
  }
  const out: string[] = [];
  const stack: string[] = []; // source names of open elements
  const emitted: Array<string | null> = []; // output name, null when dropped
  let dropping = 0; // >0 while inside a dropped subtree
  let rootAttrs: Map<string, string> | null = null;
  let closedRoot = false;
  let elements = 0;
  let styleText: string[] | null = null;

  for (const t of tokens) {
    if (closedRoot) break;
    if (t.type === 'text') {
      if (dropping || stack.length === 0) continue;
      const top = emitted[emitted.length - 1];
      if (top === 'style') styleText?.push(t.value);
      else if (top && TEXT_ELEMENTS.has(top)) out.push(escapeText(t.value));
      continue;
    }
    if (t.type === 'open') {
      if (++elements > MAX_ELEMENTS) throw new RenderError('the drawing has too many elements to render', 'too-large');
      if (stack.length >= MAX_DEPTH) throw new RenderError('the drawing is nested too deeply to render', 'too-large');
      const isRoot = rootAttrs === null;
      if (isRoot && t.name !== 'svg') throw new RenderError('the drawing is not an SVG: its first element is not <svg>', 'invalid');
      const name = RENAMED[t.name] ?? t.name;
      const keep = !dropping && ELEMENTS.has(name) && (!ANIMATIONS.has(name) || animationIsSafe(t.attrs));
      if (!keep && !dropping) ctx.removed.push(`element ${t.name}`);
      if (t.selfClosing) {
        if (keep) out.push(`<${name}${attributes(name, t.attrs, ctx, isRoot ? (rootAttrs = new Map(t.attrs)) : null)}/>`);
        if (isRoot) closedRoot = true;
        continue;
      }
      stack.push(t.name);
      if (keep) {
        const attrs = attributes(name, t.attrs, ctx, isRoot ? (rootAttrs = new Map(t.attrs)) : null);
        out.push(`<${name}${attrs}>`);
        emitted.push(name);
        if (name === 'style') styleText = [];
      } else {
        emitted.push(null);
        dropping++;
      }
      continue;
    }
    // close: tolerate a mismatched end tag by closing up to the matching ancestor, or ignoring it.
    const at = stack.lastIndexOf(t.name);
    if (at < 0) continue;
    while (stack.length > at) {
      stack.pop();
      const name = emitted.pop();
      if (name === null) dropping--;
      else if (name !== undefined) {
        if (name === 'style' && styleText) {
          const css = sanitizeStylesheet(styleText.join(''));
          if (css === null) ctx.removed.push('unsafe stylesheet');
          else out.push(escapeText(css));
          styleText = null;
        }
        out.push(`</${name}>`);
      }
    }
    if (stack.length === 0) closedRoot = true;
  }
  if (!rootAttrs) throw new RenderError('no SVG in the reply: there is no <svg> element', 'no-svg');
  if (stack.length > 0) throw new RenderError('the drawing was cut off: the SVG is not closed', 'truncated');
  return { svg: out.join(''), rootAttrs };
}

/**
 * Serialize the allowed attributes of one element (the root also gets its namespaces).
 * `xlink:href` is written as `href`; a drawing often has both (`<use href="#c" xlink:href="#c"/>`),
 * and two `href`s are an XML error that makes resvg reject the whole drawing. So an element gets
 * at most one href: the plain one when it is safe (it wins in SVG 2 too), else the xlink one.
 */
function attributes(element: string, attrs: Array<[string, string]>, ctx: Ctx, root: Map<string, string> | null): string {
  let s = root ? ` xmlns="${SVG_NS}" xmlns:xlink="${XLINK_NS}"` : '';
  const written = new Set<string>();
  let plainHref: string | undefined;
  let xlinkHref: string | undefined;
  let hrefAt = -1; // where the href goes: in place of the first one, keeping the source order
  for (const [rawName, value] of attrs) {
    if (rawName === 'href' || rawName === 'xlink:href') {
      if (hrefAt < 0) hrefAt = s.length;
      if (rawName === 'href') plainHref ??= value;
      else xlinkHref ??= value;
      continue;
    }
    const name = rawName;
    if (root && (name === 'width' || name === 'height' || name === 'viewBox')) continue; // set by the caller
    if (written.has(name)) continue; // the tokenizer keeps the first of a duplicate; stay safe anyway
    if (name === 'xml:space') {
      written.add(name);
      s += ` xml:space="${value === 'preserve' ? 'preserve' : 'default'}"`;
      continue;
    }
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(name) || /^on/i.test(name) || name === 'src' || name === 'xmlns') {
      if (/^on/i.test(name) || name === 'src') ctx.removed.push(`attribute ${rawName} on ${element}`);
      continue;
    }
    let clean: string | null;
    if (name === 'style') {
      clean = sanitizeStyleAttribute(value);
      if (clean === null) ctx.removed.push(`style on ${element}`);
    } else {
      clean = sanitizeAttributeValue(value);
      if (clean === null) ctx.removed.push(`attribute ${name} on ${element}`);
    }
    if (clean !== null) {
      written.add(name);
      s += ` ${name}="${escapeAttr(clean)}"`;
    }
  }
  // The xlink one is only checked when the plain one is missing or unsafe (a data: image is costly).
  let href: string | null = null;
  for (const candidate of [plainHref, xlinkHref]) {
    if (candidate === undefined || href !== null) continue;
    href = sanitizeHref(element, candidate, ctx);
    if (href === null) ctx.removed.push(`href on ${element}`);
  }
  if (href !== null) s = `${s.slice(0, hrefAt)} href="${escapeAttr(href)}"${s.slice(hrefAt)}`;
  return s;
}

function withRootSize(svg: string, width: number, height: number, viewBox: string): string {
  // The rebuilt root tag starts with `<svg xmlns=…`; width, height and viewBox were left out of it.
  return `<svg width="${width}" height="${height}" viewBox="${viewBox}"${svg.slice(4)}`;
}

function defaults(options: SanitizeOptions): Required<SanitizeOptions> {
  return {
    box: options.box ?? RENDER_DEFAULTS.box,
    maxInputBytes: options.maxInputBytes ?? DEFAULT_MAX_INPUT_BYTES,
    maxImageBytes: options.maxImageBytes ?? 1024 * 1024,
    maxImagePixels: options.maxImagePixels ?? 16 * 1024 * 1024,
    maxDataSvgDepth: options.maxDataSvgDepth ?? 2,
  };
}

/** A nested data: SVG keeps its own declared size (it is drawn into its <image> box). */
function sanitizeInner(src: string, ctx: Ctx): string {
  const { svg, rootAttrs } = rebuild(src, ctx);
  const size = declaredSize(rootAttrs);
  const vb = size.viewBox ?? [0, 0, size.width, size.height];
  const fitted = fitBox(size.width, size.height, Math.min(4096, Math.max(size.width, size.height)));
  return withRootSize(svg, fitted.width, fitted.height, vb.join(' '));
}

/**
 * Refuse an SVG over `maxBytes` of UTF-8 with RenderError 'too-large'. The renderer checks before
 * sending a drawing to a worker, the sanitizer again in it. The length is a cheap bound first:
 * UTF-8 takes at least one byte per UTF-16 code unit.
 */
export function checkSvgSize(svg: string, maxBytes: number = DEFAULT_MAX_INPUT_BYTES): void {
  if (svg.length > maxBytes || Buffer.byteLength(svg, 'utf8') > maxBytes) {
    throw new RenderError(`the drawing is too large: over ${Math.round(maxBytes / 1024)} KB of SVG`, 'too-large');
  }
}

/**
 * Sanitize untrusted SVG and fit it to the box. Throws RenderError: 'too-large' over the input
 * cap, 'invalid' when it is not an SVG document, 'truncated' when the root is never closed.
 */
export function sanitizeSvg(src: string, options: SanitizeOptions = {}): SanitizedSvg {
  const opts = defaults(options);
  checkSvgSize(src, opts.maxInputBytes);
  const ctx: Ctx = { opts, depth: 0, removed: [] };
  const { svg, rootAttrs } = rebuild(src, ctx);
  const source = declaredSize(rootAttrs);
  const out = fitBox(source.width, source.height, opts.box);
  const vb = source.viewBox ?? [0, 0, source.width, source.height];
  return { svg: withRootSize(svg, out.width, out.height, vb.join(' ')), width: out.width, height: out.height, source, removed: ctx.removed };
}
