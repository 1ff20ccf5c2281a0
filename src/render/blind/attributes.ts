/**
 * The attributes the blind form keeps: the ones that change how a drawing looks or moves. Every
 * other attribute (`data-*`, `aria-*`, `role`, `title`, `lang`, `tabindex`, any invented name) is
 * free text a model could sign with, and draws nothing, so it goes. An allowlist, not a
 * denylist: a new way to carry a name is dropped without anyone thinking of it first.
 */

/** CSS properties that SVG accepts as presentation attributes (and resvg may read). */
const PRESENTATION = [
  'alignment-baseline', 'baseline-shift', 'clip', 'clip-path', 'clip-rule', 'color', 'color-interpolation',
  'color-interpolation-filters', 'color-rendering', 'direction', 'display', 'dominant-baseline', 'enable-background',
  'fill', 'fill-opacity', 'fill-rule', 'filter', 'flood-color', 'flood-opacity', 'font', 'font-family', 'font-feature-settings',
  'font-kerning', 'font-size', 'font-size-adjust', 'font-stretch', 'font-style', 'font-variant', 'font-variant-caps',
  'font-variant-east-asian', 'font-variant-ligatures', 'font-variant-numeric', 'font-variant-position', 'font-weight',
  'glyph-orientation-horizontal', 'glyph-orientation-vertical', 'image-rendering', 'isolation', 'kerning', 'letter-spacing',
  'lighting-color', 'marker', 'marker-end', 'marker-mid', 'marker-start', 'mask', 'mask-type', 'mix-blend-mode', 'opacity',
  'overflow', 'paint-order', 'pointer-events', 'shape-rendering', 'stop-color', 'stop-opacity', 'stroke', 'stroke-dasharray',
  'stroke-dashoffset', 'stroke-linecap', 'stroke-linejoin', 'stroke-miterlimit', 'stroke-opacity', 'stroke-width',
  'text-anchor', 'text-decoration', 'text-rendering', 'transform', 'transform-box', 'transform-origin', 'unicode-bidi',
  'vector-effect', 'visibility', 'white-space', 'word-spacing', 'writing-mode', 'inline-size', 'text-orientation',
];

/** Geometry, paint servers, filters, text layout, conditional processing and SMIL timing. */
const GEOMETRY_AND_TIMING = [
  'id', 'class', 'style', 'href', 'xmlns', 'xmlns:xlink', 'xml:space', 'width', 'height', 'viewBox', 'preserveAspectRatio',
  'x', 'y', 'x1', 'y1', 'x2', 'y2', 'cx', 'cy', 'r', 'rx', 'ry', 'fx', 'fy', 'fr', 'd', 'points', 'pathLength',
  'dx', 'dy', 'rotate', 'textLength', 'lengthAdjust', 'startOffset', 'method', 'spacing', 'side',
  'gradientUnits', 'gradientTransform', 'spreadMethod', 'offset', 'patternUnits', 'patternContentUnits', 'patternTransform',
  'clipPathUnits', 'maskUnits', 'maskContentUnits', 'markerUnits', 'markerWidth', 'markerHeight', 'refX', 'refY', 'orient',
  'filterUnits', 'primitiveUnits', 'in', 'in2', 'result', 'stdDeviation', 'edgeMode', 'mode', 'operator', 'k1', 'k2', 'k3', 'k4',
  'values', 'type', 'tableValues', 'slope', 'intercept', 'amplitude', 'exponent', 'offset', 'scale', 'xChannelSelector',
  'yChannelSelector', 'baseFrequency', 'numOctaves', 'seed', 'stitchTiles', 'radius', 'order', 'kernelMatrix', 'divisor',
  'bias', 'targetX', 'targetY', 'kernelUnitLength', 'preserveAlpha', 'surfaceScale', 'diffuseConstant', 'specularConstant',
  'specularExponent', 'azimuth', 'elevation', 'z', 'pointsAtX', 'pointsAtY', 'pointsAtZ', 'limitingConeAngle',
  'requiredFeatures', 'requiredExtensions', 'systemLanguage',
  'attributeName', 'attributeType', 'begin', 'dur', 'end', 'min', 'max', 'restart', 'repeatCount', 'repeatDur',
  'calcMode', 'keyTimes', 'keySplines', 'from', 'to', 'by', 'additive', 'accumulate', 'path', 'keyPoints',
];

const KEPT = new Set([...PRESENTATION, ...GEOMETRY_AND_TIMING]);

/** Whether the blind form keeps this attribute. */
export function keepsAttribute(name: string): boolean {
  return KEPT.has(name);
}
