import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, runDuel, type Harness } from './harness.js';
import { startFakeDiscord } from '../../fakes/fake-discord/index.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('discord bot: failures and shards', () => {
  it('survives a channel that refuses the post: logs it, tells the user, closes the duel, keeps serving', async () => {
    h = await startHarness();
    const { fake, alice } = h;
    fake.failChannelSend = true;
    const i = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'a pelican' }], user: alice });
    await fake.waitFor(() => i.edits.some((e) => e.includes('could not post')), 'the failure answer');
    expect(h.logs.some((l) => l.msg === 'posting the duel failed' && l.level === 50)).toBe(true);
    const [duel] = (await h.engine.service.listDuels({ limit: 1, offset: 0 })).duels;
    expect(duel.status).toBe('closed');

    // Still alive: the next duel goes through.
    fake.failChannelSend = false;
    const { messageId } = await runDuel(h, 'a second pelican', h.bob);
    expect(fake.messages.get(messageId)!.attachments).toHaveLength(1);
  });

  it('answers an unknown command instead of leaving it hanging', async () => {
    h = await startHarness();
    const i = h.fake.sendCommand({ name: 'old-command', user: h.alice });
    await h.fake.waitFor(() => i.original, 'answer');
    expect(i.ephemeral).toBe(true);
    expect(i.original!.content).toContain('duel register');
  });

  it('runs with shards: auto in one process, as many shards as Discord recommends', async () => {
    const fake = await startFakeDiscord({ recommendedShards: 2 });
    h = await startHarness({ fake, config: { shards: 'auto' } });
    expect(fake.gateway.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(fake.gateway.readySessions).toBe(2);
    const { messageId, duelId } = await runDuel(h, 'a sharded pelican', h.alice);
    fake.react(messageId, h.bob.id, '\u{1F171}', true);
    await fake.waitFor(async () => (await h!.engine.service.votes(duelId)).get(`discord:${h!.bob.id}`) === 'B', 'a vote through the guild shard');
    await h.bot.stop();
    expect(fake.gateway.readySessions).toBe(0);
  });
});

describe('discord bot: pacing', () => {
  it('leaves 429s to discord.js: rate-limited reactions still all arrive', async () => {
    h = await startHarness();
    h.fake.rateLimits.push({ match: /^PUT .*\/reactions\//, remaining: 2, retryAfterSec: 0.2 });
    const { messageId } = await runDuel(h, 'a pelican', h.alice);
    expect(h.fake.rateLimited).toBe(2);
    expect(h.fake.messages.get(messageId)!.reactions.size).toBe(4);
  });

  it('shows the place in line while the local model is busy with another duel', async () => {
    const slow = { text: `Here:\n${pelicanSvg('#e07a5f')}`, chunkSize: 20, chunkDelayMs: 40 };
    h = await startHarness({ engine: { ollamaBehaviour: slow } });
    const first = runDuel(h, 'first pelican', h.alice);
    await h.fake.waitFor(() => h!.fake.interactions.size === 1 && [...h!.fake.interactions.values()][0].edits.length > 0, 'first duel under way');
    const second = h.fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'second pelican' }], user: h.bob });
    await first;
    await h.fake.waitFor(() => second.edits.some((e) => e.includes('discord.com/channels')), 'second duel posted', 30_000);
    expect(second.edits.some((e) => /drawing · \d+ s · waiting for the local GPU \(1st in line\)/.test(e))).toBe(true);
  });
});
