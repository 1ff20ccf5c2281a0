/**
 * Which moments an animated GIF shows. A GIF loops, so the length is chosen so that the quick,
 * repeating motions (wheels, pedals, wings) complete whole cycles and the loop has no visible
 * jump; slow drifts (clouds over a minute) cannot complete and are shown for the length only.
 * One-off animations (a fade-in) are covered up to their end, whose frame is then held. A story
 * longer than the loop (a chain `begin="a.end"`, or one slow one-off with nothing repeating) is
 * played whole, up to STORY_MAX_SECONDS, with the same number of frames spread over it.
 */
import type { Timeline } from './frame.js';

export interface LoopOptions {
  /** Longest loop in seconds. Default 4. */
  maxSeconds?: number;
  /** Most frames. Default 24. */
  maxFrames?: number;
  /** Frames per second wanted (fewer when maxFrames caps). Default 8: each frame costs a full resvg render per moving side. */
  fps?: number;
}

export interface LoopPlan {
  /** Sample times in seconds, ascending. */
  times: number[];
  /** Display time of each frame, in ms (a multiple of 10: GIF counts hundredths). */
  delaysMs: number[];
  /** Length of the loop in seconds. */
  seconds: number;
}

const HOLD_LAST_MS = 1500;
/** Longest story a GIF plays (a chain of animations); beyond it the GIF shows the first part. */
export const STORY_MAX_SECONDS = 30;

/** True when the finite part should be played whole rather than cut at maxSeconds. */
function isStory(timeline: Timeline, maxSeconds: number): boolean {
  if (timeline.lastEnd <= maxSeconds) return false;
  const quick = timeline.periods.some((p) => p > 0 && p <= maxSeconds);
  return !quick || timeline.chained === true;
}

function fitsWhole(length: number, period: number): boolean {
  const cycles = length / period;
  return Math.abs(cycles - Math.round(cycles)) * period <= Math.max(0.04, 0.02 * period);
}

/** The loop length for these periods: the shortest that repeats all the quick ones whole. */
export function loopSeconds(timeline: Timeline, maxSeconds: number): number {
  if (isStory(timeline, maxSeconds)) return Math.min(STORY_MAX_SECONDS, timeline.lastEnd);
  const quick = timeline.periods.filter((p) => p > 0 && p <= maxSeconds);
  if (quick.length === 0) {
    if (timeline.lastEnd > 0) return Math.min(maxSeconds, timeline.lastEnd);
    return Math.min(maxSeconds, timeline.periods.length ? maxSeconds : 1);
  }
  const longest = Math.max(...quick);
  for (let k = 1; k * longest <= maxSeconds + 1e-9; k++) {
    const length = k * longest;
    if (quick.every((p) => fitsWhole(length, p))) return Math.max(length, Math.min(maxSeconds, timeline.lastEnd));
  }
  // No common cycle within the cap: whole cycles of the motion that repeats fastest, as many as fit.
  const fastest = Math.min(...quick);
  return Math.max(fastest * Math.floor(maxSeconds / fastest), longest);
}

export function planLoop(timeline: Timeline, options: LoopOptions = {}): LoopPlan {
  const maxSeconds = options.maxSeconds ?? 4;
  const maxFrames = Math.max(2, options.maxFrames ?? 24);
  const fps = options.fps ?? 8;
  const seconds = loopSeconds(timeline, maxSeconds);
  const finiteOnly = timeline.periods.length === 0 || isStory(timeline, maxSeconds);
  const count = Math.max(2, Math.min(maxFrames, Math.round(seconds * fps)));
  // A looping animation's last frame is the one before the loop's start; a one-off ends on its end.
  const step = finiteOnly ? seconds / (count - 1) : seconds / count;
  const times = Array.from({ length: count }, (_, i) => Math.round(i * step * 1e4) / 1e4);
  const delay = Math.max(20, Math.round((step * 1000) / 10) * 10);
  const delaysMs = times.map((_, i) => (finiteOnly && i === count - 1 ? HOLD_LAST_MS : delay));
  return { times, delaysMs, seconds };
}
