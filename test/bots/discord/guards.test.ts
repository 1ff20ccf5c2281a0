import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startDiscordBot, registerDiscordCommands } from '../../../src/bots/discord/index.js';
import { ALL_BOT_PERMS, PERM, MEMBER_PERMS, startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord/index.js';
import { createTestEngine } from '../../helpers/engine.js';
import { runDuel, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;
let extra: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const f of extra) await f();
  extra = [];
});

describe('discord bot: good behaviour', () => {
  it('shows a masked link in a prompt as typed, never as a disguised link, in anything it sends', async () => {
    h = await startHarness();
    const { fake, alice } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican [free nitro](https://evil.example) [x](<https://evil.example/2>)', alice);
    await h.engine.service.close(duelId);
    await fake.waitFor(() => fake.messages.get(messageId)!.content.includes('Votes:'), 'reveal');
    const contents = fake.calls.map((c) => c.body?.content).filter((t): t is string => typeof t === 'string' && t.includes('pelican'));
    // Progress edits, the duel message and the reveal all carry the prompt.
    expect(contents.length).toBeGreaterThanOrEqual(3);
    // Markdown masked link: [text](url) with an unescaped opening bracket.
    for (const t of contents) expect(t).not.toMatch(/(^|[^\\])\[[^\]]*\]\(<?https?:/);
    expect(fake.messages.get(messageId)!.content).toContain('\\[free nitro\\](https://evil.example)');
  });

  it('pings nobody: every message body it sent has allowed_mentions parse []', async () => {
    h = await startHarness();
    const { fake, alice } = h;
    const { messageId, duelId } = await runDuel(h, '@everyone look! <@&123456789012345678> @here a pelican', alice);
    await h.engine.service.close(duelId);
    await fake.waitFor(() => fake.messages.get(messageId)!.content.includes('Votes:'), 'reveal');
    fake.sendCommand({ name: 'leaderboard', user: alice });
    await fake.waitFor(() => [...fake.interactions.values()].find((i) => i.edits.some((e) => e.includes('Leaderboard'))), 'leaderboard');

    const withContent = fake.calls.filter((c) => c.body && typeof c.body.content === 'string');
    // The duel post, the reveal edit, progress and link edits, the leaderboard: all checked.
    expect(withContent.length).toBeGreaterThanOrEqual(5);
    for (const c of withContent) expect(c.body!.allowed_mentions, `${c.method} ${c.path}`).toEqual({ parse: [] });
    // Shown as typed: the broadcast words defused, the role mention escaped (no pill).
    expect(fake.messages.get(messageId)!.content).toContain('@\u200Beveryone look! \\<@&123456789012345678> @\u200Bhere a pelican');
  });

  it('names missing channel permissions ephemerally and starts no duel', async () => {
    h = await startHarness();
    const { fake, alice } = h;
    const i = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'a pelican' }], user: alice, appPermissions: ALL_BOT_PERMS & ~PERM.AttachFiles & ~PERM.AddReactions });
    await fake.waitFor(() => i.original, 'the answer');
    expect(i.callbackType).toBe(4);
    expect(i.ephemeral).toBe(true);
    expect(i.original!.content).toContain('Attach Files');
    expect(i.original!.content).toContain('Add Reactions');
    expect(i.original!.content).not.toContain('Send Messages');
    expect(fake.channelMessages()).toHaveLength(0);
    expect((await h.engine.service.listDuels({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('answers a second /duel inside the cooldown ephemerally with when to retry', async () => {
    h = await startHarness({ engine: { cooldownMs: 600_000 } });
    const { fake, alice } = h;
    await runDuel(h, 'a pelican', alice);
    const second = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'another pelican' }], user: alice });
    await fake.waitFor(() => second.original, 'the rejection');
    expect(second.callbackType).toBe(4);
    expect(second.ephemeral).toBe(true);
    expect(second.original!.content).toMatch(/you can start another in \d+ (s|min)/);
    expect(fake.channelMessages()).toHaveLength(1);
    expect((await h.engine.service.listDuels({ limit: 10, offset: 0 })).total).toBe(1);
  });

  it('answers a bad prompt and an unknown contender ephemerally', async () => {
    h = await startHarness();
    const { fake, alice } = h;
    const long = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'x'.repeat(700) }], user: alice });
    const unknown = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: 'a cat' }, { name: 'a', value: 'openai:gpt-9' }], user: alice });
    await fake.waitFor(() => long.original && unknown.original, 'both answers');
    expect(long.ephemeral).toBe(true);
    expect(long.original!.content).toMatch(/limit is 500/);
    expect(unknown.ephemeral).toBe(true);
    expect(unknown.original!.content).toContain('"openai:gpt-9" names no contender');
    expect(unknown.original!.content).toContain('Name one of: ');
  });

  it('lets the author (or Manage Messages) close a duel early with /duel-close', async () => {
    h = await startHarness();
    const { fake, alice, bob } = h;
    const { messageId, duelId } = await runDuel(h, 'a pelican', alice);
    const denied = fake.sendCommand({ name: 'duel-close', user: bob });
    await fake.waitFor(() => denied.original, 'denial');
    expect(denied.ephemeral).toBe(true);
    expect(denied.original!.content).toMatch(/Manage Messages/);
    expect((await h.engine.service.getDuel(duelId))!.status).toBe('open');

    const mod = fake.sendCommand({ name: 'duel-close', user: bob, memberPermissions: MEMBER_PERMS | PERM.ManageMessages });
    await fake.waitFor(() => mod.original, 'closed');
    expect(mod.original!.content).toMatch(/^Closed/);
    await fake.waitFor(() => fake.messages.get(messageId)!.content.includes('No votes'), 'reveal with no votes');
    expect((await h.engine.service.getDuel(duelId))!.status).toBe('closed');
  });

  it('closes on time by itself and reveals', async () => {
    h = await startHarness({ engine: { voteWindowMs: 1500 } });
    const { fake, alice, bob } = h;
    const { messageId } = await runDuel(h, 'a pelican', alice);
    fake.react(messageId, bob.id, '\u{1F44E}', true);
    const msg = await fake.waitFor(() => (fake.messages.get(messageId)!.content.includes('Votes:') ? fake.messages.get(messageId) : undefined), 'timed reveal', 20_000);
    expect(msg.content).toContain('👎 1 (1 vote)');
  });

  it('ends with a one-line reason when Discord rejects the token', async () => {
    const fake: FakeDiscord = await startFakeDiscord();
    const engine = await createTestEngine();
    extra.push(() => engine.close(), () => fake.close());
    const start = startDiscordBot({ service: engine.service, config: { token: 'wrong-token', apiUrl: fake.apiUrl }, logger: pino({ level: 'silent' }) });
    await expect(start).rejects.toThrow(/^Discord rejected DISCORD_TOKEN \(401\): reset it in the Developer Portal/);
    await expect(registerDiscordCommands({ config: { token: 'wrong-token', apiUrl: fake.apiUrl } })).rejects.toThrow(/^Discord rejected DISCORD_TOKEN \(401\)/);
    expect(fake.gateway.identifies).toHaveLength(0);
  });

  it('registers commands on one server, taking the app id from the API when not configured', async () => {
    const fake = await startFakeDiscord();
    extra.push(() => fake.close());
    const r = await registerDiscordCommands({ config: { token: fake.token, apiUrl: fake.apiUrl }, guildId: fake.guildId });
    expect(r).toEqual({ appId: fake.appId, scope: 'guild', guildId: fake.guildId, names: ['duel', 'leaderboard', 'duel-close'] });
    const put = fake.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${fake.appId}/guilds/${fake.guildId}/commands`);
    const duel = (put.body as unknown as any[]).find((c) => c.name === 'duel');
    expect(duel.options.map((o: any) => [o.name, o.required ?? false, o.autocomplete ?? false])).toEqual([
      ['prompt', true, false],
      ['a', false, true],
      ['b', false, true],
    ]);
  });
});
