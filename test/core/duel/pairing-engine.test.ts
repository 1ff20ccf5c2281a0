/**
 * Pairing through the real engine (duel service, real SQLite file, real sandboxed renderer) with
 * four in-process fake contenders: balance over many duels, naming one or two, unknown names, and
 * a failing provider paired less until it answers again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuelOutcome } from '../../../src/core/model/records.js';
import { DuelRejectedError } from '../../../src/core/model/errors.js';
import { pairKey } from '../../../src/core/duel/pairing.js';
import { mulberry32 } from '../../../src/core/ratings/prng.js';
import { fakeArena, fakeContender, type FakeArena, type FakeContender } from '../../helpers/fake-contenders.js';

const arenas: FakeArena[] = [];
afterEach(async () => {
  while (arenas.length) await arenas.pop()!.close();
});

function four(): FakeContender[] {
  return [
    fakeContender('ollama:qwen3.6:35b-a3b', 'Qwen', '#e07a5f'),
    fakeContender('ollama:gemma3:27b', 'Gemma', '#81b29a'),
    fakeContender('anthropic:claude-opus-4-7', 'Claude', '#3d5a80'),
    fakeContender('openai:gpt-5.1', 'GPT', '#f2cc8f'),
  ];
}

function arena(contenders: FakeContender[], seed: number): FakeArena {
  const a = fakeArena(contenders, { random: mulberry32(seed) });
  arenas.push(a);
  return a;
}

const start = (a: FakeArena, contenders?: string[], prompt = 'a pelican riding a bicycle') =>
  a.service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:alice', prompt, contenders });

function tally(outcomes: DuelOutcome[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const o of outcomes) m.set(pairKey(o.duel.aSpec, o.duel.bSpec), (m.get(pairKey(o.duel.aSpec, o.duel.bSpec)) ?? 0) + 1);
  return m;
}

describe('pairing in the engine', () => {
  it('meets every pair at least twice over 24 duels among 4 contenders, with sides at random', async () => {
    const a = arena(four(), 2026);
    const outcomes: DuelOutcome[] = [];
    for (let k = 0; k < 24; k++) outcomes.push(await start(a));
    const pairs = tally(outcomes);
    expect(pairs.size).toBe(6);
    for (const n of pairs.values()) expect(n).toBeGreaterThanOrEqual(2);
    // Sides are not the configuration order: each contender is drawn on both sides.
    for (const c of four()) {
      expect(outcomes.some((o) => o.duel.aSpec === c.spec)).toBe(true);
      expect(outcomes.some((o) => o.duel.bSpec === c.spec)).toBe(true);
    }
  }, 120_000);

  it('gives the same pairs for the same seed', async () => {
    const first = arena(four(), 99);
    const second = arena(four(), 99);
    const seq = async (a: FakeArena) => {
      const out: string[] = [];
      for (let k = 0; k < 6; k++) {
        const o = await start(a);
        out.push(`${o.duel.aSpec}|${o.duel.bSpec}`);
      }
      return out;
    };
    expect(await seq(first)).toEqual(await seq(second));
  }, 60_000);

  it('pairs one named contender (by label, any case) with sampled opponents', async () => {
    const a = arena(four(), 5);
    const opponents = new Set<string>();
    for (let k = 0; k < 6; k++) {
      const o = await start(a, ['claude']);
      expect([o.duel.aSpec, o.duel.bSpec]).toContain('anthropic:claude-opus-4-7');
      opponents.add(o.duel.aSpec === 'anthropic:claude-opus-4-7' ? o.duel.bSpec : o.duel.aSpec);
    }
    expect(opponents.size).toBe(3);
  }, 60_000);

  it('uses two named contenders, by spec or label', async () => {
    const a = arena(four(), 5);
    const o = await start(a, ['GEMMA', 'openai:gpt-5.1']);
    expect([o.duel.aSpec, o.duel.bSpec].sort()).toEqual(['ollama:gemma3:27b', 'openai:gpt-5.1']);
  }, 60_000);

  it('refuses an unknown name before anything is drawn, listing the valid ones', async () => {
    const contenders = four();
    const a = arena(contenders, 5);
    const input = { platform: 'cli' as const, community: 'local', channel: 'cli', author: 'cli:alice', prompt: 'a cat', contenders: ['llama'] };
    const rejection = await a.service.precheck(input);
    expect(rejection?.reason).toBe('unknown-contender');
    expect(rejection?.message).toContain('"llama" names no contender. Name one of: Qwen (ollama:qwen3.6:35b-a3b), Gemma (ollama:gemma3:27b)');
    await expect(a.service.startDuel(input)).rejects.toBeInstanceOf(DuelRejectedError);
    expect(contenders.reduce((s, c) => s + c.draws, 0)).toBe(0);
  });

  it('pairs a contender whose draws fail less often, until it answers again', async () => {
    const contenders = four();
    const gemma = contenders[1];
    const a = arena(contenders, 11);
    gemma.failing = true;
    // Two failed draws in a row mark it failing.
    await start(a, ['gemma']);
    await start(a, ['gemma']);
    const before = gemma.draws;
    const outcomes: DuelOutcome[] = [];
    for (let k = 0; k < 20; k++) outcomes.push(await start(a));
    const withGemma = gemma.draws - before;
    // Healthy, it would be in half of the duels (3 of 6 pairs); failing, weighed at 0.1, in far fewer.
    expect(withGemma).toBeLessThanOrEqual(4);
    expect(outcomes.filter((o) => o.contest).length).toBe(20 - withGemma);

    gemma.failing = false;
    await start(a, ['gemma']);
    // Answering again, and never met: its pairs are now the least-met, so it is in the next duels.
    const next: DuelOutcome[] = [];
    for (let k = 0; k < 3; k++) next.push(await start(a));
    for (const o of next) expect([o.duel.aSpec, o.duel.bSpec]).toContain('ollama:gemma3:27b');
  }, 120_000);

  it('pairs a contender whose check fails less often, and fully again once the check passes', async () => {
    const contenders = four();
    const gpt = contenders[3];
    const a = arena(contenders, 3);
    gpt.checkOk = false;
    const checks = await a.service.checkContenders();
    expect(checks.find((c) => c.spec === gpt.spec)?.ok).toBe(false);
    for (let k = 0; k < 9; k++) await start(a);
    // Healthy pairs each meet about three times before a GPT pair is even level with them.
    expect(gpt.draws).toBeLessThanOrEqual(2);
    gpt.checkOk = true;
    await a.service.checkContenders();
    const next: DuelOutcome[] = [];
    for (let k = 0; k < 3; k++) next.push(await start(a));
    for (const o of next) expect([o.duel.aSpec, o.duel.bSpec]).toContain('openai:gpt-5.1');
  }, 120_000);
});
