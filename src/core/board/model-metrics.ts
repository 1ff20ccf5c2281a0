/** What each model's drawings look like over its draws in scope (ModelMetrics), from the stored draws. */
import { median } from '../ratings/board.js';
import type { DrawActivity } from '../store/port.js';
import type { ModelMetrics } from '../model/board-types.js';

const share = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

export function modelMetrics(draws: readonly DrawActivity[]): Map<string, ModelMetrics> {
  const bySpec = new Map<string, DrawActivity[]>();
  for (const d of draws) {
    const list = bySpec.get(d.spec);
    if (list) list.push(d);
    else bySpec.set(d.spec, [d]);
  }
  const out = new Map<string, ModelMetrics>();
  for (const [spec, list] of bySpec) {
    const drawn = list.filter((d) => d.ok);
    // Features are measured per drawing; one stored before they were, and not yet measured, counts in no median.
    const measured = drawn.flatMap((d) => (d.features ? [d.features] : []));
    const known = (values: Array<number | null>) => values.filter((v): v is number => v !== null);
    out.set(spec, {
      draws: list.length,
      drawnShare: share(drawn.length, list.length),
      medianBytes: median(measured.map((f) => f.bytes)),
      medianElements: median(measured.map((f) => f.elements)),
      animatedShare: share(measured.filter((f) => f.animated > 0).length, measured.length),
      textShare: share(measured.filter((f) => f.text > 0).length, measured.length),
      medianMs: median(known(drawn.map((d) => d.ms))),
      medianTokensIn: median(known(drawn.map((d) => d.tokensIn))),
      medianTokensOut: median(known(drawn.map((d) => d.tokensOut))),
    });
  }
  return out;
}
