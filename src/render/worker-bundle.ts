/**
 * What the render worker (render-worker.mjs, plain JavaScript) loads as one bundle: the extractor
 * (a reply -> its SVG), the sanitizer and the blind form, the drawing's features, the A | B layout, and the frame renderer and GIF maker that
 * run beside resvg in the sandboxed process.
 * scripts/build.mjs bundles it at build time; pool.ts bundles it itself when run from sources.
 */
export { sanitizeSvg } from './sanitize.js';
export { sanitizeBlind } from './blind/blind-form.js';
export { compositeSvg } from './composite.js';
export { extractSvg } from './extract.js';
export { frameSvg } from './animate/frame.js';
export { runAnimationJob } from './animate/animation-job.js';
export { shapeText } from './text/svg-text.js';
export { useTextEngine } from './text/engine.js';
export { drawingFeatures, storedDrawingFeatures } from './features/drawing-features.js';
