/**
 * How a duel page shows each drawing, decided from its stored facts: a still drawing as its PNG;
 * an animated one live (its SVG in an `<img>`) only when the server measured its frames as cheap,
 * since the browser redraws the SVG every frame and a costly one stalls the voter's whole page
 * (a hostile drawing ran Chromium at 2 fps). Otherwise the page shows the PNG and the animated
 * composite GIF, and the PNG's tooltip says why.
 */
import type { DrawingFacts } from '../../core/model/records.js';
import { SIDES, type Side } from '../../core/model/types.js';

export interface DrawingDisplay {
  /** Which sides animate. */
  animated: Record<Side, boolean>;
  /** Which animated sides play live (their SVG). */
  liveSvg: Record<Side, boolean>;
  /** For an animated side shown still: why, for its tooltip. */
  stillWhy: Partial<Record<Side, string>>;
  /** The animated composite GIF: stored, still being made, or none to show. */
  gif: 'ready' | 'pending' | 'none';
}

export function drawingDisplay(facts: Record<Side, DrawingFacts> | undefined, gifStored: boolean, liveFrameMs: number): DrawingDisplay {
  const animated = { A: facts?.A.animated ?? false, B: facts?.B.animated ?? false };
  const liveSvg = { A: false, B: false };
  const stillWhy: Partial<Record<Side, string>> = {};
  const gifWords = gifStored ? 'the animated picture below shows it moving' : 'its animation is shown as a GIF below when the server has made one';
  for (const side of SIDES) {
    if (!animated[side]) continue;
    const frameMs = facts?.[side].frameMs ?? null;
    if (frameMs !== null && liveFrameMs > 0 && frameMs <= liveFrameMs) liveSvg[side] = true;
    else if (frameMs === null) stillWhy[side] = `This drawing moves, but the cost of its frames is not measured, so it is not played live here (it could slow your browser): ${gifWords}.`;
    else stillWhy[side] = `This drawing moves, but each frame took the server ${Math.round(frameMs)} ms to draw (more than ${liveFrameMs} ms, DUEL_WEB_LIVE_FRAME_MS), so it is not played live here (it would slow your browser): ${gifWords}.`;
  }
  const wantsGif = (animated.A && !liveSvg.A) || (animated.B && !liveSvg.B);
  return { animated, liveSvg, stillWhy, gif: !wantsGif ? 'none' : gifStored ? 'ready' : 'pending' };
}
