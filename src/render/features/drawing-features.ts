/**
 * The features of a drawing (DrawingFeatures in core/model/types.ts), measured on the SVG that
 * is stored and shown: the blind form. They are the covariates of the style-controlled board
 * ("do animated, busier or more colourful drawings win votes regardless of the model?") and the
 * drawing metrics of each model. Measured in the render worker, never on the caller's thread: a
 * stored SVG may be megabytes. Every step is one linear pass over the text.
 */
import type { DrawingFeatures } from '../../core/model/drawing-features.js';
import { isAnimated } from '../animate/frame.js';
import { blindForm } from '../blind/blind-form.js';
import { tokenizeXml } from '../xml-tokenizer.js';
import { addCssColors, addElementColors } from './paint-colors.js';

/**
 * Marks the drawn text carries that are not drawn characters: the line breaks between runs, and
 * the U+202E … U+202C around a right-to-left override run (blind/drawn-text.ts).
 */
const NOT_DRAWN = /[\n\u202e\u202c]/g;

/** Code points of the drawn text (RenderedSvg.text), without the line breaks and marks between runs. */
export function drawnTextLength(drawnText: string): number {
  let n = 0;
  for (const _ of drawnText.replace(NOT_DRAWN, '')) n++;
  return n;
}

/** Elements (the root included) and distinct paint colours, from one pass of the XML tokenizer. */
function elementsAndColors(svg: string): { elements: number; colors: number } {
  const colors = new Set<string>();
  let elements = 0;
  let styleDepth = 0;
  for (const t of tokenizeXml(svg)) {
    if (t.type === 'open') {
      elements++;
      addElementColors(t.name, t.attrs, colors);
      if (t.name === 'style' && !t.selfClosing) styleDepth++;
    } else if (t.type === 'close') {
      if (t.name === 'style' && styleDepth > 0) styleDepth--;
    } else if (styleDepth > 0) {
      addCssColors(t.value, colors);
    }
  }
  return { elements, colors: colors.size };
}

/**
 * The features of a blind-form SVG, given the text it draws (RenderedSvg.text, as the blind form
 * read it). Throws (XmlSyntaxError) only on an SVG the tokenizer cannot read.
 */
export function drawingFeatures(svg: string, drawnText: string): DrawingFeatures {
  const { elements, colors } = elementsAndColors(svg);
  return {
    bytes: Buffer.byteLength(svg, 'utf8'),
    elements,
    colors,
    // The renderer's own rule for "animates" (the one that decides GIF or PNG).
    animated: isAnimated(svg) ? 1 : 0,
    text: drawnTextLength(drawnText),
  };
}

/**
 * The features of an SVG stored before features were: already blind, so its drawn text is read
 * as the blind form reads it when rendering (blindForm on a blind form finds the same text; only
 * the text is kept, nothing is drawn from the result).
 */
export function storedDrawingFeatures(svg: string): DrawingFeatures {
  return drawingFeatures(svg, blindForm(svg).text);
}
