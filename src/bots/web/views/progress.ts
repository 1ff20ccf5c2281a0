/**
 * The live panel of a duel being drawn: ONE state for the duel, never per side (which side
 * finishes first, or waits for the local GPU, would tell the sides apart). The same words go
 * into the first page render and into every event of the stream, so the page script only
 * copies text and never words anything itself.
 */
import type { DuelProgress } from '../../../core/model/records.js';
import { ordinal } from '../../../core/duel/duel-progress.js';
import { html, type SafeHtml } from '../html.js';

export interface ProgressWords {
  state: DuelProgress['state'] | 'starting';
  /** "Both models are drawing" */
  headline: string;
  /** "41 s" */
  elapsed: string;
  /** "One is waiting for the local GPU, 2nd in line", or "" */
  queue: string;
}

const HEADLINE: Record<ProgressWords['state'], string> = {
  starting: 'Starting the duel',
  // 'waiting': one side may be drawing already; saying so per side would unblind it.
  waiting: 'Both models are drawing',
  drawing: 'Both models are drawing',
  rendering: 'Turning the drawings into pictures',
  done: 'Done: opening the vote',
};

export function progressWords(p: Pick<DuelProgress, 'state' | 'elapsedMs' | 'queue'> | null | undefined): ProgressWords {
  if (!p) return { state: 'starting', headline: HEADLINE.starting, elapsed: '', queue: '' };
  return {
    state: p.state,
    headline: HEADLINE[p.state],
    elapsed: `${Math.max(0, Math.floor(p.elapsedMs / 1000))} s`,
    queue: p.queue ? `Waiting for ${p.queue.where}, ${ordinal(p.queue.position)} in line` : '',
  };
}

const STEPS: Array<[string, string]> = [
  ['drawing', 'Drawing'],
  ['rendering', 'Pictures'],
  ['done', 'Vote'],
];

/** The panel; app.js fills `[data-live-*]` from each event of the stream. */
export function progressPanel(w: ProgressWords): SafeHtml {
  return html`<section class="panel live" data-live data-state="${w.state}" aria-live="polite">
    <span class="spinner" aria-hidden="true"></span>
    <div class="live-text">
      <p class="live-headline" data-live-headline>${w.headline}</p>
      <p class="live-detail"><span class="live-elapsed" data-live-elapsed>${w.elapsed}</span><span class="live-queue" data-live-queue>${w.queue}</span></p>
    </div>
    <ol class="steps" aria-hidden="true">${STEPS.map(([key, text]) => html`<li data-step="${key}">${text}</li>`)}</ol>
  </section>`;
}
