/**
 * `/duel a:<name> b:<name> <prompt>` on Slack: the leading tokens name the pair (core's name rule),
 * the rest is the prompt; an unknown name is refused privately with core's list of valid names.
 * Real Bolt against the fake Slack (HTTP mode), real engine.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuelArgs } from '../../../src/bots/slack/duel-args.js';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { CHANNEL, startHarness, waitFor, type Harness } from './harness.js';

describe('parseDuelArgs', () => {
  it('takes leading a:/b: tokens, either optional, in any order, quoted names with spaces', () => {
    expect(parseDuelArgs('a pelican riding a bicycle')).toEqual({ names: [], prompt: 'a pelican riding a bicycle' });
    expect(parseDuelArgs('a:qwen b:claude a pelican riding a bicycle')).toEqual({ names: ['qwen', 'claude'], prompt: 'a pelican riding a bicycle' });
    expect(parseDuelArgs('b:claude a:qwen a pelican')).toEqual({ names: ['qwen', 'claude'], prompt: 'a pelican' });
    expect(parseDuelArgs('b:claude a pelican')).toEqual({ names: ['claude'], prompt: 'a pelican' });
    expect(parseDuelArgs('a:ollama:qwen3.6:35b-a3b a heron')).toEqual({ names: ['ollama:qwen3.6:35b-a3b'], prompt: 'a heron' });
    expect(parseDuelArgs('a:"Claude Opus 4.7" a heron')).toEqual({ names: ['Claude Opus 4.7'], prompt: 'a heron' });
    expect(parseDuelArgs('a:“Claude Opus 4.7” a heron')).toEqual({ names: ['Claude Opus 4.7'], prompt: 'a heron' });
    // Not a token: "a:" with nothing after it, a token in the middle, a second a:.
    expect(parseDuelArgs('a: pelican')).toEqual({ names: [], prompt: 'a: pelican' });
    expect(parseDuelArgs('a pelican a:qwen')).toEqual({ names: [], prompt: 'a pelican a:qwen' });
    expect(parseDuelArgs('a:qwen a:claude x')).toEqual({ names: ['qwen'], prompt: 'a:claude x' });
    expect(parseDuelArgs('a:qwen')).toEqual({ names: ['qwen'], prompt: '' });
  });
});

describe('slack /duel names a pair', () => {
  let h: Harness;
  beforeAll(async () => {
    // Short labels, so "qwen" and "claude" are names by core's rule (a spec or a label).
    h = await startHarness({ mode: 'http', engine: { env: { DUEL_CONTENDERS: `${OLLAMA_SPEC}=qwen,${ANTHROPIC_SPEC}=claude` } } });
  });
  afterAll(async () => {
    await h.stop();
    await h.fake.stop();
  });

  const latestDuel = async () => (await h.engine.service.listDuels({ platform: 'slack', limit: 1, offset: 0 })).duels[0];

  it('a:qwen b:claude runs that pair on the prompt that follows', async () => {
    const res = await h.command('/duel', 'a:qwen b:claude a pelican riding a bicycle', 'UALICE');
    expect(res.status).toBe(200);
    const duel = await waitFor(async () => ((await latestDuel())?.messageRef ? await latestDuel() : undefined), 'the duel posted');
    expect(duel.prompt).toBe('a pelican riding a bicycle');
    expect([duel.aSpec, duel.bSpec].sort()).toEqual([ANTHROPIC_SPEC, OLLAMA_SPEC].sort());
    // The posted message shows the prompt without the tokens.
    const [channel, ts] = [duel.messageRef!.split(':')[0], duel.messageRef!.split(':').slice(1).join(':')];
    expect(channel).toBe(CHANNEL);
    expect(h.fake.message(CHANNEL, ts)?.text).toContain('“a pelican riding a bicycle”');
    expect(h.fake.message(CHANNEL, ts)?.text).not.toContain('a:qwen');
  });

  it('an unknown name is refused privately, listing the valid names, and starts nothing', async () => {
    const before = (await h.engine.service.listDuels({ platform: 'slack', limit: 100, offset: 0 })).total;
    const res = await h.command('/duel', 'a:gemini a lighthouse', 'UBOB');
    expect(res.status).toBe(200);
    const body = res.body as { response_type?: string; text?: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toContain('"gemini" names no contender');
    expect(body.text).toContain(`qwen (${OLLAMA_SPEC})`);
    expect(body.text).toContain(`claude (${ANTHROPIC_SPEC})`);
    expect(body.text).toContain('/duel [a:<model>] [b:<model>] <prompt>');
    expect((await h.engine.service.listDuels({ platform: 'slack', limit: 100, offset: 0 })).total).toBe(before);
  });

  it('names only, no prompt: refused with the usage', async () => {
    const res = await h.command('/duel', 'a:qwen', 'UCAROL');
    const body = res.body as { response_type?: string; text?: string };
    expect(body.response_type).toBe('ephemeral');
    expect(body.text).toMatch(/prompt is empty/i);
    expect(body.text).toContain('Usage: `/duel [a:<model>] [b:<model>] <prompt>`');
  });
});
