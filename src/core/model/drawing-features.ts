/**
 * Features of one drawing, taken from its blind form when it is stored (render/features/):
 * what style control tests ("does this win votes regardless of the model?") and what the board's
 * metrics summarise. The names are an interface: `duel export` writes them as `a_<name>`/`b_<name>`.
 */
export interface DrawingFeatures {
  /** UTF-8 bytes of the stored (sanitized, blind) SVG. */
  bytes: number;
  /** Elements in the stored SVG, the root included. */
  elements: number;
  /** Distinct paint colours (fill, stroke, stop-color, in attributes, style and CSS). */
  colors: number;
  /** 1 when the drawing animates (SMIL or CSS keyframes), else 0. */
  animated: number;
  /** Characters (code points) of the text the drawing draws. */
  text: number;
}

/** The feature names, in the order they are exported and shown. */
export const DRAWING_FEATURE_NAMES = ['bytes', 'elements', 'colors', 'animated', 'text'] as const satisfies ReadonlyArray<keyof DrawingFeatures>;
