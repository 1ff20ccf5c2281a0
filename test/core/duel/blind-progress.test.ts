/**
 * Blind progress (issue 12.1): while a duel is drawn, progress is ONE state for the duel. A side
 * finishing (or failing) early, or waiting in a provider's queue, must not show which side it is.
 * Real engine, real renderer, fake model servers; assertions are on the content of every
 * emitted progress value, never on time.
 */
import { describe, expect, it } from 'vitest';
import type { DuelProgress } from '../../../src/core/model/records.js';
import { foldProgress } from '../../../src/core/duel/duel-progress.js';
import { useTestEngines, type TestEngine } from '../../helpers/engine.js';

const engine = useTestEngines();
const KEYS = ['duelId', 'elapsedMs', 'queue', 'state', 'text'];

/** Everything a progress value shows, with the clock taken out. */
const shown = (p: DuelProgress) => JSON.stringify({ ...p, duelId: 'x', elapsedMs: 0, text: p.text.replace(/\d+ s/, 'N s') });

async function progressOf(t: TestEngine, prompt = 'a pelican'): Promise<DuelProgress[]> {
  const seen: DuelProgress[] = [];
  const outcome = await t.service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:alice', prompt, onProgress: (p) => seen.push(structuredClone(p)) });
  expect(outcome.duel.status).toBe(outcome.contest ? 'open' : 'no-contest');
  return seen;
}

describe('foldProgress', () => {
  it('shows the least advanced state and the longest wait, never a side', () => {
    const p = foldProgress('d1', 41_900, [
      { state: 'done', provider: 'anthropic' },
      { state: 'queued', queuePosition: 2, provider: 'ollama' },
    ]);
    expect(p).toEqual({ duelId: 'd1', state: 'waiting', elapsedMs: 41_900, queue: { position: 2, where: 'the local GPU' }, text: 'drawing · 41 s · waiting for the local GPU (2nd in line)' });
    // Swapping which side is where changes nothing shown.
    expect(foldProgress('d1', 41_900, [{ state: 'queued', queuePosition: 2, provider: 'ollama' }, { state: 'done', provider: 'anthropic' }])).toEqual(p);
  });

  it('treats a failed side as finished and keeps its error out of progress', () => {
    const p = foldProgress('d1', 3_000, [{ state: 'failed', provider: 'ollama' }, { state: 'drawing', provider: 'anthropic' }]);
    expect(p).toEqual({ duelId: 'd1', state: 'drawing', elapsedMs: 3_000, text: 'drawing · 3 s' });
    expect(foldProgress('d1', 9_000, [{ state: 'failed', provider: 'ollama' }, { state: 'done', provider: 'anthropic' }]).state).toBe('done');
    expect(foldProgress('d1', 2_000, [{ state: 'rendering', provider: 'ollama' }, { state: 'done', provider: 'anthropic' }]).text).toBe('rendering · 2 s');
  });
});

describe('blind progress from the engine', () => {
  it('emits the same content whichever side answers first (one at once, one after a delay)', async () => {
    const runs: string[][] = [];
    // random < 0.5 puts the first contender (Ollama, instant here) on A; >= 0.5 puts it on B.
    for (const random of [() => 0.1, () => 0.9]) {
      const t = await engine({ random, anthropicBehaviour: { firstChunkDelayMs: 1500 } });
      const seen = await progressOf(t);
      expect(seen.length).toBeGreaterThan(0);
      for (const p of seen) {
        expect(Object.keys(p).every((k) => KEYS.includes(k))).toBe(true);
        expect(p.text).not.toMatch(/\b[AB]\b|failed|error/);
      }
      // Deduplicated, what was shown reads the same in both runs: drawing, then rendering, then done.
      const states = seen.map(shown).filter((s, i, all) => s !== all[i - 1]);
      runs.push(states);
    }
    expect(runs[0]).toEqual(runs[1]);
    expect(runs[0].map((s) => JSON.parse(s).state)).toEqual(['drawing', 'rendering', 'done']);
  });

  it('says a side failed only in the outcome, not in progress', async () => {
    const t = await engine({ ollamaBehaviour: { status: 404, errorMessage: 'model "qwen" not found' }, anthropicBehaviour: { firstChunkDelayMs: 800 } });
    const seen = await progressOf(t);
    for (const p of seen) expect(p.state === 'done' || p.state === 'drawing' || p.state === 'rendering').toBe(true);
    expect(seen.map((p) => p.text).join('\n')).not.toMatch(/not found|fail/i);
  });

  it('words a queue wait by the provider’s place, never by side', async () => {
    const t = await engine({ ollamaBehaviour: { firstChunkDelayMs: 1500 } });
    const first = progressOf(t, 'a first pelican');
    // The second duel's local side waits for the GPU the first one holds.
    const second = await progressOf(t, 'a second pelican');
    await first;
    const waiting = second.filter((p) => p.state === 'waiting');
    expect(waiting.length).toBeGreaterThan(0);
    for (const p of waiting) {
      expect(p.queue).toEqual({ position: 1, where: 'the local GPU' });
      expect(p.text).toMatch(/^drawing · \d+ s · waiting for the local GPU \(1st in line\)$/);
    }
  });
});
