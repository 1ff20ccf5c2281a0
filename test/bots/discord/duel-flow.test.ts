import { afterEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits } from 'discord.js';
import { isPng } from '../../fakes/fake-discord/index.js';
import { ANTHROPIC_SPEC, OLLAMA_SPEC } from '../../helpers/engine.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';
import { A, B, BAD, TIE, runDuel, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const slowPelican = { text: `Here:\n${pelicanSvg('#e07a5f')}`, chunkSize: 40, chunkDelayMs: 60 };

describe('discord bot: a whole duel', () => {
  it('connects with only Guilds + GuildMessageReactions and logs an invite with the needed scopes and permissions', async () => {
    h = await startHarness();
    const { fake, bot, logs } = h;
    expect(fake.gateway.identifies[0].intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessageReactions);
    const url = new URL(bot.inviteUrl);
    expect(url.searchParams.get('client_id')).toBe(fake.appId);
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    // View Channel 1<<10, Send Messages 1<<11, Attach Files 1<<15, Add Reactions 1<<6, Read Message History 1<<16
    expect(BigInt(url.searchParams.get('permissions')!)).toBe((1n << 10n) | (1n << 11n) | (1n << 15n) | (1n << 6n) | (1n << 16n));
    expect(logs.some((l) => l.inviteUrl === bot.inviteUrl)).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(fake.token);
    expect(fake.commands.global.map((c) => c.name).sort()).toEqual(['duel', 'duel-close', 'leaderboard']);
  });

  it('defers, shows progress, posts a real PNG with reactions, records votes, and reveals at close', async () => {
    h = await startHarness({ engine: { ollamaBehaviour: slowPelican, anthropicBehaviour: { text: `\`\`\`svg\n${pelicanSvg('#3d5a80')}\n\`\`\``, chunkSize: 40, chunkDelayMs: 60 } } });
    const { fake, alice, bob, carol } = h;
    const { interaction, messageId, duelId } = await runDuel(h, 'a pelican riding a bicycle', alice);

    // Deferred (type 5, public), then edited with progress, then with the link.
    expect(interaction.callbackType).toBe(5);
    expect(interaction.ephemeral).toBe(false);
    const progress = interaction.edits.filter((e) => e.startsWith('🎨'));
    expect(progress.length).toBeGreaterThan(0);
    // One line for the duel, never per side (blind progress).
    expect(progress.some((e) => /\n⏳ (drawing|rendering|done) · \d+ s$/.test(e))).toBe(true);
    for (const e of progress) expect(e).not.toMatch(/🅰️|🅱️/u);
    // Blind: no contender names in any progress edit.
    for (const e of progress) expect(e).not.toMatch(/qwen|claude|ollama|anthropic/i);
    expect(interaction.edits.at(-1)).toContain(`https://discord.com/channels/${fake.guildId}/${fake.channelId}/${messageId}`);

    // The duel is an ordinary channel message with a real PNG attachment.
    const post = fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages`)!;
    expect(post.files).toHaveLength(1);
    expect(isPng(post.files[0].data)).toBe(true);
    expect(post.files[0].contentType).toBe('image/png');
    const msg = fake.messages.get(messageId)!;
    expect(msg.content).toContain('a pelican riding a bicycle');
    expect(msg.content).toContain('React 🅰️ or 🅱️ (🤝 tie, 👎 both bad)');
    const closesAt = (await h.engine.service.getDuel(duelId))!.closesAt!;
    expect(msg.content).toContain(`<t:${Math.round(closesAt / 1000)}:R>`);
    expect(msg.content).not.toMatch(/qwen|claude/i);

    // The bot seeded the four reactions, in order.
    const puts = fake.calls.filter((c) => c.method === 'PUT' && c.path.includes('/reactions/'));
    expect(puts.map((c) => decodeURIComponent(c.path.split('/')[6]))).toEqual([A, B, TIE, BAD]);
    await fake.waitFor(() => msg.reactions.size === 4, 'four reactions');

    // Votes: add, switch (new replaces old, then the old reaction's removal is stale), retract, no-FE0F form.
    fake.react(messageId, alice.id, A, true);
    fake.react(messageId, bob.id, A, true);
    fake.react(messageId, bob.id, B, true);
    fake.unreact(messageId, bob.id, A, true);
    fake.react(messageId, carol.id, TIE, true);
    fake.unreact(messageId, carol.id, TIE, true);
    fake.react(messageId, carol.id, '\u{1F170}', true); // 🅰 without U+FE0F
    fake.react(messageId, carol.id, '🍕', true); // not a vote
    const votes = await fake.waitFor(async () => {
      const v = await h!.engine.service.votes(duelId);
      return v.get(`discord:${carol.id}`) === 'A' && v.size === 3 ? v : undefined;
    }, 'votes recorded');
    expect(Object.fromEntries(votes)).toEqual({ [`discord:${alice.id}`]: 'A', [`discord:${bob.id}`]: 'B', [`discord:${carol.id}`]: 'A' });
    expect(votes.has(`discord:${fake.bot.id}`)).toBe(false);

    // Close: the message is edited into the reveal.
    await h.engine.service.close(duelId);
    const revealed = await fake.waitFor(() => (msg.content.includes('Votes:') ? msg : undefined), 'the reveal edit');
    const entries = (await h.engine.service.getEntries(duelId))!;
    expect(revealed.content).toContain(`🅰️ was **${entries.A.label}** (\`${entries.A.spec}\`)`);
    expect(revealed.content).toContain(`🅱️ was **${entries.B.label}**`);
    expect([entries.A.spec, entries.B.spec].sort()).toEqual([ANTHROPIC_SPEC, OLLAMA_SPEC].sort());
    expect(revealed.content).toContain('Votes: 🅰️ 2 · 🅱️ 1 · 🤝 0 · 👎 0 (3 votes)');
    expect(revealed.content).toContain(`Winner: 🅰️ **${entries.A.label}**`);
    expect(revealed.attachments).toHaveLength(1);

    // Later reactions change nothing.
    fake.react(messageId, alice.id, B, true);
    fake.unreact(messageId, alice.id, A, true);
    await fake.waitFor(() => h!.logs.some((l) => l.msg === 'reaction vote' && l.accepted === false), 'a rejected late vote');
    expect((await h.engine.service.getReveal(duelId))!.tally).toEqual({ A: 2, B: 1, tie: 0, bad: 0 });
  });

  it('shows a failed contender plainly, with no reactions and no vote asked', async () => {
    h = await startHarness({ engine: { ollamaBehaviour: { status: 404, errorMessage: 'model "qwen3.6:35b-a3b" not found, try pulling it first' } } });
    const { fake, alice } = h;
    const { interaction, messageId, duelId } = await runDuel(h, 'a lighthouse', alice);
    const msg = fake.messages.get(messageId)!;
    expect(msg.content).toMatch(/failed/);
    expect(msg.content).toContain('No contest');
    expect(msg.content).not.toContain('React 🅰️');
    expect(fake.calls.some((c) => c.method === 'PUT' && c.path.includes('/reactions/'))).toBe(false);
    expect(isPng(msg.attachments[0].data)).toBe(true);
    expect(interaction.edits.at(-1)).toContain('A contender failed');
    expect((await h.engine.service.getDuel(duelId))!.status).toBe('no-contest');
  });

  it('answers contender autocomplete from the configured contenders', async () => {
    h = await startHarness();
    const ac = h.fake.sendAutocomplete({ name: 'duel', options: [{ name: 'prompt', value: 'x' }, { name: 'a', value: 'clau', focused: true }], user: h.alice });
    const choices = await h.fake.waitFor(() => ac.choices, 'autocomplete choices');
    expect(ac.callbackType).toBe(8);
    expect(choices.map((c) => c.value)).toEqual([ANTHROPIC_SPEC]);
    const all = h.fake.sendAutocomplete({ name: 'duel', options: [{ name: 'prompt', value: 'x' }, { name: 'b', value: '', focused: true }], user: h.alice });
    expect((await h.fake.waitFor(() => all.choices, 'all choices')).map((c) => c.value)).toEqual([OLLAMA_SPEC, ANTHROPIC_SPEC]);
  });
});
