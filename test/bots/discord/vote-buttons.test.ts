/**
 * DUEL_VOTE_STYLE=buttons on Discord, end to end: real discord.js against the fake Discord (buttons
 * pressed as INTERACTION_CREATE type 3, answered through the interaction callback), real engine.
 * Press, change, retract (press again), private receipts, no reactions and no counts before the
 * close, votes surviving a restart, the reveal with the tally and no buttons, a press after close refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestEngine, type TestEngine } from '../../helpers/engine.js';
import type { FakeUser } from '../../fakes/fake-discord/index.js';
import { runDuel, startHarness, type Harness } from './harness.js';

type Button = { custom_id: string; label: string; emoji?: { name: string } };
const buttonsOf = (components: unknown[] | undefined): Button[] => ((components ?? []) as Array<{ components: Button[] }>).flatMap((r) => r.components);

describe('discord: vote buttons (tally hidden until the reveal)', () => {
  let h: Harness | undefined;
  const extra: TestEngine[] = [];
  afterEach(async () => {
    await h?.close();
    for (const e of extra.splice(0)) await e.close();
    h = undefined;
  });

  it('press, change, retract, restart, reveal, and a press after close', async () => {
    h = await startHarness({ config: { voteStyle: 'buttons' } });
    const { fake } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican riding a bicycle', h.alice);
    const posted = fake.messages.get(messageId)!;
    const buttons = buttonsOf(posted.components);
    expect(buttons.map((b) => b.custom_id)).toEqual(['A', 'B', 'tie', 'bad'].map((c) => `duel-vote:${duelId}:${c}`));
    expect(buttons.map((b) => b.emoji?.name)).toEqual(['🅰️', '🅱️', '🤝', '👎']);
    // Nothing seeded, nothing counted in public.
    expect(posted.reactions.size).toBe(0);
    expect(fake.calls.some((c) => c.method === 'PUT' && c.path.includes('/reactions/'))).toBe(false);
    expect(posted.content).toMatch(/only you see your vote/);
    const shown = () => JSON.stringify({ content: fake.messages.get(messageId)!.content, components: fake.messages.get(messageId)!.components, reactions: [...fake.messages.get(messageId)!.reactions] });
    const before = shown();

    const press = async (user: FakeUser, choice: string, id = `duel-vote:${duelId}:${choice}`) => {
      const i = fake.pressButton({ messageId, customId: id, user });
      await fake.waitFor(() => i.acknowledged && i.original, 'the receipt');
      expect(i.callbackType).toBe(4);
      expect(i.ephemeral).toBe(true);
      return i.original!.content;
    };
    const votes = async () => Object.fromEntries([...(await h!.engine.service.votes(duelId))].map(([v, c]) => [v.replace('discord:', ''), c]));

    expect(await press(h.alice, 'A')).toBe('Your vote: A. Press again to take it back; press another to change it.');
    expect(await votes()).toEqual({ [h.alice.id]: 'A' });
    expect(await press(h.alice, 'B')).toMatch(/^Your vote: B\./);
    expect(await press(h.bob, 'tie')).toMatch(/^Your vote: tie\./);
    expect(await press(h.carol, 'B')).toMatch(/^Your vote: B\./);
    expect(await votes()).toEqual({ [h.alice.id]: 'B', [h.bob.id]: 'tie', [h.carol.id]: 'B' });
    expect(await press(h.carol, 'B')).toBe('Your vote is taken back. Press a button to vote again.');
    expect(await votes()).toEqual({ [h.alice.id]: 'B', [h.bob.id]: 'tie' });
    // The tally stays hidden: the message is exactly as posted, no counts, no reactions.
    expect(shown()).toBe(before);

    // Restart: the votes were stored as pressed, nothing to reconcile (no reactions are read).
    await h.bot.stop();
    const old = h.engine;
    await old.engine.close();
    extra.push(old);
    const readsBefore = fake.calls.filter((c) => c.method === 'GET' && c.path.includes('/reactions/')).length;
    await h.restartBot(await createTestEngine({ dbPath: old.dbPath }));
    expect(await votes()).toEqual({ [h.alice.id]: 'B', [h.bob.id]: 'tie' });
    expect(fake.calls.filter((c) => c.method === 'GET' && c.path.includes('/reactions/')).length).toBe(readsBefore);
    expect(await press(h.carol, 'A')).toMatch(/^Your vote: A\./);

    // The reveal shows the tally and takes the buttons off.
    await h.engine.service.close(duelId);
    const revealed = await fake.waitFor(() => (fake.messages.get(messageId)!.content.includes('Votes:') ? fake.messages.get(messageId) : undefined), 'the reveal');
    expect(revealed.content).toContain('Votes: 🅰️ 1 · 🅱️ 1 · 🤝 1 · 👎 0 (3 votes)');
    expect(buttonsOf(revealed.components)).toEqual([]);
    expect(revealed.reactions.size).toBe(0);

    // A client that still shows the buttons presses one: refused, privately.
    expect(await press(h.bob, 'A')).toMatch(/voting on this duel has closed/i);
    expect((await h.engine.service.getReveal(duelId))!.tally).toEqual({ A: 1, B: 1, tie: 1, bad: 0 });
  });

  it('in buttons mode a reaction is no vote', async () => {
    h = await startHarness({ config: { voteStyle: 'buttons' } });
    const { messageId, duelId } = await runDuel(h, 'a teapot', h.alice);
    h.fake.react(messageId, h.bob.id, '\u{1F170}\uFE0F', true);
    const i = h.fake.pressButton({ messageId, customId: `duel-vote:${duelId}:B`, user: h.carol });
    await h.fake.waitFor(() => i.original, 'the receipt (a barrier: events are handled in order)');
    expect([...(await h.engine.service.votes(duelId)).keys()]).toEqual([`discord:${h.carol.id}`]);
  });
});
