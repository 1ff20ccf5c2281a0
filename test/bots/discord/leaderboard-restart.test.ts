import { afterEach, describe, expect, it } from 'vitest';
import { isPng } from '../../fakes/fake-discord/index.js';
import { createTestEngine } from '../../helpers/engine.js';
import { A, B, TIE, runDuel, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
let onTeardown: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const f of onTeardown) await f();
  onTeardown = [];
});

describe('discord bot: leaderboard and restarts', () => {
  it('answers /leaderboard with the table in a code block and the chart PNG', async () => {
    h = await startHarness();
    const { fake, alice, bob } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican riding a bicycle', alice);
    fake.react(messageId, alice.id, A, true);
    fake.react(messageId, bob.id, A, true);
    await fake.waitFor(async () => (await h!.engine.service.votes(duelId)).size === 2, 'two votes');
    await h.engine.service.close(duelId);
    await fake.waitFor(() => fake.messages.get(messageId)!.content.includes('Winner'), 'reveal');
    const winner = (await h.engine.service.getReveal(duelId))!.sides.A.label;

    const i = fake.sendCommand({ name: 'leaderboard', options: [{ name: 'scope', value: 'server' }, { name: 'since', value: '7d' }], user: bob });
    await fake.waitFor(() => i.edits.length > 0, 'the leaderboard');
    expect(i.callbackType).toBe(5);
    const content = i.original!.content;
    expect(content).toContain('Leaderboard: this server, last 7 days');
    expect(content).toMatch(/```\n[\s\S]*```$/);
    expect(content).toContain(winner);
    expect(content).toContain('1 rated battle');
    const patch = fake.calls.find((c) => c.method === 'PATCH' && c.path.endsWith(`/${i.token}/messages/@original`))!;
    expect(patch.files).toHaveLength(1);
    expect(patch.files[0].filename).toBe('leaderboard.png');
    expect(isPng(patch.files[0].data)).toBe(true);

    expect(content).not.toContain('Win share');
    const withMatrix = fake.sendCommand({ name: 'leaderboard', options: [{ name: 'matrix', type: 5, value: true }], user: bob });
    await fake.waitFor(() => withMatrix.edits.length > 0, 'the leaderboard with matrices');
    expect(withMatrix.original!.content).toMatch(/Win share: row beat column[\s\S]*Battles per pair[\s\S]*```$/);

    // An empty scope: text only, no chart.
    const empty = fake.sendCommand({ name: 'leaderboard', options: [{ name: 'scope', value: 'channel' }], user: bob, channelId: fake.channelId });
    await fake.waitFor(() => empty.edits.length > 0, 'channel leaderboard');
    expect(empty.original!.content).toContain('this channel');
  });

  it('reconciles votes from the reactions after a restart', async () => {
    h = await startHarness({ engine: { voteWindowMs: 3_600_000 } });
    const { fake, alice, bob, carol } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican', alice);
    fake.react(messageId, alice.id, A, true);
    fake.react(messageId, bob.id, B, true);
    await fake.waitFor(async () => (await h!.engine.service.votes(duelId)).size === 2, 'two votes');

    // Down: the bot and the engine stop; people keep reacting on Discord meanwhile.
    await h.bot.stop();
    const dbPath = h.engine.dbPath;
    await h.engine.engine.close();
    fake.unreact(messageId, alice.id, A, false); // retracted while down
    fake.react(messageId, carol.id, TIE, false); // new while down
    fake.react(messageId, bob.id, TIE, false); // bob now shows B and 🤝: keeps his stored B
    expect(fake.gateway.readySessions).toBe(0);

    // Same DB file; the old engine's fake model servers and temp dir are released at the end.
    const oldEngine = h.engine;
    const engine2 = await createTestEngine({ dbPath, voteWindowMs: 3_600_000 });
    onTeardown.push(() => oldEngine.close());
    await h.restartBot(engine2);
    expect(Object.fromEntries(await engine2.service.votes(duelId))).toEqual({ [`discord:${bob.id}`]: 'B', [`discord:${carol.id}`]: 'tie' });
    const readUsers = fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith(`/channels/${fake.channelId}/messages/${messageId}/reactions/`));
    expect(readUsers.length).toBeGreaterThanOrEqual(4);

    // Reactions keep working after the restart, on a message the new client never cached.
    fake.react(messageId, alice.id, B, true);
    await fake.waitFor(async () => (await engine2.service.votes(duelId)).get(`discord:${alice.id}`) === 'B', 'a vote after restart');
    await engine2.service.close(duelId);
    await fake.waitFor(() => fake.messages.get(messageId)!.content.includes('Votes: 🅰️ 0 · 🅱️ 2 · 🤝 1'), 'reveal after restart');
  });
});
