/** The pairing rule (src/core/duel/pairing.ts) and the name rule (src/core/contenders/names.ts), as pure functions. */
import { describe, expect, it } from 'vitest';
import { contenderByName, resolveContenderNames } from '../../../src/core/contenders/names.js';
import { DuelRejectedError } from '../../../src/core/model/errors.js';
import { choosePair, FAILING_WEIGHT, pairCandidates, pairKey, uncertaintyWeights } from '../../../src/core/duel/pairing.js';
import { mulberry32 } from '../../../src/core/ratings/prng.js';

const SPECS = ['ollama:q', 'ollama:g', 'anthropic:c', 'openai:gpt'];
const none = new Map<string, number>();

describe('pair candidates', () => {
  it('offers every pair, equally, when nothing has met yet', () => {
    const c = pairCandidates({ specs: SPECS, named: [], meetings: none, uncertainty: none, failing: new Set() });
    expect(c).toHaveLength(6);
    expect(new Set(c.map((x) => x.weight))).toEqual(new Set([4]));
  });

  it('keeps only pairs within one meeting of the least-met, and favours the least-met', () => {
    const meetings = new Map([
      [pairKey('ollama:q', 'ollama:g'), 3],
      [pairKey('ollama:q', 'anthropic:c'), 2],
      [pairKey('ollama:q', 'openai:gpt'), 2],
      [pairKey('ollama:g', 'anthropic:c'), 1],
      [pairKey('ollama:g', 'openai:gpt'), 1],
      [pairKey('anthropic:c', 'openai:gpt'), 2],
    ]);
    const c = pairCandidates({ specs: SPECS, named: [], meetings, uncertainty: none, failing: new Set() });
    expect(c.map((x) => x.meetings).sort()).toEqual([1, 1, 2, 2, 2]);
    const w = (m: number) => c.find((x) => x.meetings === m)!.weight;
    expect(w(1)).toBe(2 * w(2));
  });

  it('weighs a contender whose provider fails less, but still offers it', () => {
    const c = pairCandidates({ specs: SPECS, named: [], meetings: none, uncertainty: none, failing: new Set(['ollama:g']) });
    const withG = c.filter((x) => x.pair.includes('ollama:g'));
    expect(withG).toHaveLength(3);
    for (const x of withG) expect(x.weight).toBeCloseTo(4 * FAILING_WEIGHT);
  });

  it('ignores the meeting count of failing pairs when finding the least-met', () => {
    // g failed, so its duels were no contest and its pairs never met; the healthy pairs have met 5 times.
    const meetings = new Map<string, number>();
    for (const [a, b] of [['ollama:q', 'anthropic:c'], ['ollama:q', 'openai:gpt'], ['anthropic:c', 'openai:gpt']]) meetings.set(pairKey(a, b), 5);
    const c = pairCandidates({ specs: SPECS, named: [], meetings, uncertainty: none, failing: new Set(['ollama:g']) });
    expect(c.filter((x) => !x.pair.includes('ollama:g'))).toHaveLength(3);
  });

  it('pairs a named contender only with others', () => {
    const c = pairCandidates({ specs: SPECS, named: ['anthropic:c'], meetings: none, uncertainty: none, failing: new Set() });
    expect(c).toHaveLength(3);
    for (const x of c) expect(x.pair).toContain('anthropic:c');
  });

  it('favours new contenders and wide intervals', () => {
    const u = uncertaintyWeights(SPECS, [
      { spec: 'ollama:q', battles: 40, ci: [950, 1050] },
      { spec: 'ollama:g', battles: 40, ci: [900, 1100] },
      { spec: 'anthropic:c', battles: 3, ci: [800, 1200] },
    ]);
    expect(u.get('ollama:g')).toBe(2);
    expect(u.get('ollama:q')).toBe(1.5);
    expect(u.get('anthropic:c')).toBe(2);
    expect(u.get('openai:gpt')).toBe(2);
    // With the board's provisional mark at 5 instead of 10, six battles are enough to be rated.
    const rows = [
      { spec: 'ollama:q', battles: 6, ci: [950, 1050] as [number, number] },
      { spec: 'ollama:g', battles: 8, ci: [900, 1100] as [number, number] },
      { spec: 'anthropic:c', battles: 3, ci: [800, 1200] as [number, number] },
    ];
    expect(uncertaintyWeights(SPECS, rows, 5).get('ollama:q')).toBe(1.5);
    expect(uncertaintyWeights(SPECS, rows, 5).get('anthropic:c')).toBe(2);
    expect(uncertaintyWeights(SPECS, rows).get('ollama:q')).toBe(2);
  });
});

describe('choosePair', () => {
  it('is deterministic under a seeded random and reaches every pair', () => {
    const run = () => {
      const random = mulberry32(7);
      const meetings = new Map<string, number>();
      const picks: string[] = [];
      for (let k = 0; k < 24; k++) {
        const [a, b] = choosePair({ specs: SPECS, named: [], meetings, uncertainty: none, failing: new Set(), random });
        meetings.set(pairKey(a, b), (meetings.get(pairKey(a, b)) ?? 0) + 1);
        picks.push(pairKey(a, b));
      }
      return { picks, meetings };
    };
    const first = run();
    expect(run().picks).toEqual(first.picks);
    expect(first.meetings.size).toBe(6);
    for (const n of first.meetings.values()) expect(n).toBeGreaterThanOrEqual(2);
  });

  it('uses two named contenders as given', () => {
    expect(choosePair({ specs: SPECS, named: ['openai:gpt', 'ollama:q'], meetings: none, uncertainty: none, failing: new Set(), random: () => 0.99 })).toEqual([
      'openai:gpt',
      'ollama:q',
    ]);
  });
});

describe('contender names', () => {
  const list = [
    { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen' },
    { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus' },
  ];

  it('accepts specs and labels, case-insensitively', () => {
    expect(contenderByName(list, 'qwen')).toBe('ollama:qwen3.6:35b-a3b');
    expect(contenderByName(list, ' CLAUDE opus ')).toBe('anthropic:claude-opus-4-7');
    expect(contenderByName(list, 'Anthropic:Claude-Opus-4-7')).toBe('anthropic:claude-opus-4-7');
    expect(resolveContenderNames(list, ['Qwen', 'anthropic:claude-opus-4-7'])).toEqual(['ollama:qwen3.6:35b-a3b', 'anthropic:claude-opus-4-7']);
    expect(resolveContenderNames(list, ['', 'qwen'])).toEqual(['ollama:qwen3.6:35b-a3b']);
  });

  it('refuses an unknown name with the valid ones listed', () => {
    let err: unknown;
    try {
      resolveContenderNames(list, ['gemma']);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DuelRejectedError);
    expect((err as DuelRejectedError).reason).toBe('unknown-contender');
    expect((err as Error).message).toBe('"gemma" names no contender. Name one of: Qwen (ollama:qwen3.6:35b-a3b), Claude Opus (anthropic:claude-opus-4-7).');
    expect(() => resolveContenderNames(list, ['qwen', 'QWEN'])).toThrow(/two different contenders/);
  });
});
