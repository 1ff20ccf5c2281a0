/**
 * Sharding: DISCORD_SHARDS=auto runs every shard Discord recommends in one process; DISCORD_SHARD_IDS
 * of DISCORD_SHARD_COUNT runs only some, so shards spread over processes on one database. The fake
 * speaks the handshake as Discord does: each shard gets READY with only its guilds, and a guild's
 * events arrive on the shard that owns it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Client, GatewayIntentBits } from 'discord.js';
import { loadConfig } from '../../../src/core/config/config.js';
import { ConfigError } from '../../../src/core/model/errors.js';
import { registerDiscordCommands } from '../../../src/bots/discord/index.js';
import { shardOptions } from '../../../src/bots/discord/config.js';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/fake-discord/index.js';
import { createTestEngine, type TestEngine } from '../../helpers/engine.js';
import { B, runDuel, startHarness, type Harness } from './harness.js';
import { freshDatabase } from '../../helpers/postgres-cluster.js';
import { startServe, type ServeChild } from '../../helpers/serve-child.js';
import { postgresUrl } from '../../helpers/stores.js';

let h: Harness | undefined;
let fake: FakeDiscord | undefined;
let engine: TestEngine | undefined;
let processes: ServeChild[] = [];
const startShard = (env: Record<string, string>) => startServe({ LOG_LEVEL: 'debug', ...env }, { ready: /prompt-duel is running/ });
afterEach(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  processes = [];
  await h?.close();
  h = undefined;
  await fake?.close();
  fake = undefined;
  await engine?.close();
  engine = undefined;
});

const byShard = (a: [number, number] | undefined, b: [number, number] | undefined) => (a?.[0] ?? -1) - (b?.[0] ?? -1);
const revealEdits = (f: FakeDiscord, channelId: string, messageId: string) =>
  f.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${channelId}/messages/${messageId}` && String(c.body?.content ?? '').includes('Votes:'));

describe('discord shards: DISCORD_SHARDS=auto in one process', () => {
  it('identifies both recommended shards, gets each its guilds, and runs a duel in a guild of each', async () => {
    const f = await startFakeDiscord({ recommendedShards: 2 });
    const guilds = [f.addGuild({ name: 'Shard Zero', shard: [0, 2] }), f.addGuild({ name: 'Shard One', shard: [1, 2] })];
    h = await startHarness({ fake: f, config: { shards: 'auto' } });
    expect(f.gateway.identifies.map((i) => i.shard).sort(byShard)).toEqual([[0, 2], [1, 2]]);
    expect(f.gateway.readyShards.sort(byShard)).toEqual([[0, 2], [1, 2]]);
    const connected = h.logs.find((l) => String(l.msg).startsWith('discord bot connected'))!;
    expect(connected).toMatchObject({ shards: [0, 1], shardCount: 2, guilds: f.guilds.size });

    for (const [shard, guild] of guilds.entries()) {
      const seen = f.gateway.deliveries.length;
      const { messageId, duelId } = await runDuel(h, `a pelican on shard ${shard}`, h.alice, { channelId: guild.channelId });
      // The command came on the shard that owns the guild, and the duel belongs to that guild.
      expect(f.gateway.deliveries.slice(seen).filter((d) => d.t === 'INTERACTION_CREATE').map((d) => d.shard)).toEqual([[shard, 2]]);
      expect((await h.engine.service.getDuel(duelId))?.community).toBe(guild.guildId);
      f.react(messageId, h.bob.id, B, true);
      await f.waitFor(async () => (await h!.engine.service.votes(duelId)).get(`discord:${h!.bob.id}`) === 'B', `bob's vote on shard ${shard}`);
      await h.engine.service.close(duelId);
      const revealed = await f.waitFor(() => revealEdits(f, guild.channelId, messageId)[0], `the reveal on shard ${shard}`);
      expect(revealed.body?.content).toContain('Votes: 🅰️ 0 · 🅱️ 1');
    }
  });
});

describe('discord shards: DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT over two processes', () => {
  it('each process identifies only its shard; a duel in a guild of shard 1 is handled by process 1; votes and the reveal work', async () => {
    fake = await startFakeDiscord();
    const zero = fake.addGuild({ name: 'Shard Zero', shard: [0, 2] });
    const one = fake.addGuild({ name: 'Shard One', shard: [1, 2] });
    // The fake model servers and the database both processes share: PostgreSQL where it is
    // installed (shards spread over machines share one), else one SQLite file.
    const pg = postgresUrl();
    engine = await createTestEngine(pg ? { env: { DUEL_DATABASE_URL: await freshDatabase(pg) } } : {});
    await registerDiscordCommands({ config: { token: fake.token, apiUrl: fake.apiUrl } });
    const env = { ...engine.env, DISCORD_TOKEN: fake.token, DISCORD_API_URL: fake.apiUrl, DISCORD_SHARD_COUNT: '2' };
    processes = await Promise.all([startShard({ ...env, DISCORD_SHARD_IDS: '0' }), startShard({ ...env, DISCORD_SHARD_IDS: '1' })]);
    const [p0, p1] = processes as [ServeChild, ServeChild];

    expect(fake.gateway.identifies.map((i) => i.shard).sort(byShard)).toEqual([[0, 2], [1, 2]]);
    for (const [shard, p] of [p0, p1].entries()) {
      const connected = p.logs().find((l) => String(l.msg).startsWith('discord bot connected'));
      expect(connected).toMatchObject({ shards: [shard], shardCount: 2, guilds: fake.guildsOnShard([shard, 2]).length });
    }
    expect(fake.guildsOnShard([1, 2]).map((g) => g.id)).toContain(one.guildId);
    expect(fake.guildsOnShard([1, 2]).map((g) => g.id)).not.toContain(zero.guildId);

    const alice = fake.addUser('alice');
    const bob = fake.addUser('bob');
    const seen = fake.gateway.deliveries.length;
    const { messageId, duelId } = await runDuel({ fake, engine }, 'a pelican on shard one', alice, { channelId: one.channelId });
    expect(fake.gateway.deliveries.slice(seen).filter((d) => d.t === 'INTERACTION_CREATE').map((d) => d.shard)).toEqual([[1, 2]]);
    const about = (p: ServeChild, msg: string) => p.logs().filter((l) => l.duelId === duelId && l.msg === msg);
    expect(about(p1, 'duel started')).toHaveLength(1);
    expect(about(p0, 'duel started')).toHaveLength(0);

    fake.react(messageId, bob.id, B, true);
    await fake.waitFor(async () => (await engine!.service.votes(duelId)).get(`discord:${bob.id}`) === 'B', "bob's vote");
    await fake.waitFor(() => about(p1, 'reaction vote').some((l) => l.accepted), 'process 1 taking the vote');
    expect(about(p0, 'reaction vote')).toHaveLength(0);

    // The author closes it early, in the guild: process 1 gets the command, and the reveal is shown.
    const close = fake.sendCommand({ name: 'duel-close', user: alice, channelId: one.channelId });
    await fake.waitFor(() => close.original?.content.startsWith('Closed.'), 'the close answer');
    const revealed = await fake.waitFor(() => revealEdits(fake!, one.channelId, messageId)[0], 'the reveal');
    expect(revealed.body?.content).toContain('Votes: 🅰️ 0 · 🅱️ 1');
    expect(about(p1, 'duel closed by command')).toHaveLength(1);
    expect(about(p0, 'duel closed by command')).toHaveLength(0);
    // Shown once: the process that shows a reveal claims it in the database first. Both processes
    // hear of the close (process 0 by its poll or the change feed); give it time to try.
    await fake.waitFor(() => [p0, p1].flatMap((p) => about(p, 'reveal shown')).length === 1 || undefined, 'the reveal recorded');
    await new Promise((r) => setTimeout(r, 3_000));
    expect([p0, p1].flatMap((p) => about(p, 'reveal shown'))).toHaveLength(1);
    expect(revealEdits(fake, one.channelId, messageId)).toHaveLength(1);
    expect(fake.messages.get(messageId)!.content).toContain('Votes:');
  });
});

describe('fake discord: the shard handshake', () => {
  /** A raw gateway client: HELLO, then IDENTIFY with `shard`; the first dispatch it gets, or the close code. */
  async function identify(f: FakeDiscord, shard: [number, number]): Promise<{ ready?: any; code?: number; ws: WebSocket }> {
    const ws = new WebSocket(`${f.gateway.url}/?v=10&encoding=json`);
    return new Promise((resolve) => {
      ws.on('close', (code) => resolve({ code, ws }));
      ws.on('message', (raw) => {
        const msg = JSON.parse(raw.toString());
        if (msg.op === 10) ws.send(JSON.stringify({ op: 2, d: { token: f.token, intents: GatewayIntentBits.Guilds, shard, properties: { os: 'linux', browser: 't', device: 't' } } }));
        if (msg.op === 0 && msg.t === 'READY') resolve({ ready: msg.d, ws });
      });
    });
  }

  it('READY per shard with only its guilds; a second IDENTIFY of a shard is accepted; a shard id >= count is closed with 4010', async () => {
    fake = await startFakeDiscord({ recommendedShards: 3 });
    const onTwo = fake.addGuild({ shard: [2, 3] });
    const first = await identify(fake, [2, 3]);
    expect(first.ready.shard).toEqual([2, 3]);
    expect(first.ready.guilds.map((g: { id: string }) => g.id)).toContain(onTwo.guildId);
    for (const g of first.ready.guilds) expect(fake.guildsOnShard([2, 3]).map((x) => x.id)).toContain(g.id);
    const again = await identify(fake, [2, 3]);
    expect(again.ready.shard).toEqual([2, 3]);
    const invalid = await identify(fake, [3, 3]);
    expect(invalid.code).toBe(4010);
    // DMs (no guild) come on shard 0 only: none of these sessions gets one.
    const seen = fake.gateway.deliveries.length;
    fake.gateway.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 0 });
    expect(fake.gateway.deliveries.length).toBe(seen);
    const zero = await identify(fake, [0, 3]);
    fake.gateway.dispatch('TYPING_START', { channel_id: '1', user_id: '2', timestamp: 0 });
    expect(fake.gateway.deliveries.slice(seen)).toEqual([{ t: 'TYPING_START', shard: [0, 3] }]);
    for (const c of [first, again, zero]) c.ws.close();
    const gateway = await fetch(`${fake.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${fake.token}` } });
    expect(((await gateway.json()) as { shards: number }).shards).toBe(3);
  });
});

describe('discord shards: configuration', () => {
  const env = (extra: Record<string, string>) => ({ DISCORD_TOKEN: 't', ...extra });
  function errorOf(extra: Record<string, string>): ConfigError {
    try {
      loadConfig(env(extra));
    } catch (err) {
      if (err instanceof ConfigError) return err;
      throw err;
    }
    throw new Error(`expected a ConfigError for ${JSON.stringify(extra)}`);
  }

  it('reads DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT, or auto, and hands discord.js those shards', () => {
    expect(loadConfig(env({ DISCORD_SHARD_IDS: '0, 1', DISCORD_SHARD_COUNT: '4' })).discord?.shards).toEqual({ ids: [0, 1], count: 4 });
    expect(loadConfig(env({ DISCORD_SHARDS: 'auto' })).discord?.shards).toBe('auto');
    expect(loadConfig(env({})).discord?.shards).toBeUndefined();
    expect(shardOptions({ ids: [2, 3], count: 4 })).toEqual({ shards: [2, 3], shardCount: 4 });
    expect(shardOptions('auto')).toEqual({ shards: 'auto' });
    expect(shardOptions(undefined)).toEqual({});
    const client = new Client({ intents: [], ...shardOptions({ ids: [2, 3], count: 4 }) });
    expect(client.options).toMatchObject({ shards: [2, 3], shardCount: 4 });
    void client.destroy();
  });

  it('refuses bad shard settings, naming the setting and what to write', () => {
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ DISCORD_SHARD_IDS: '0' }, 'DISCORD_SHARD_COUNT', /DISCORD_SHARD_COUNT is not set: with DISCORD_SHARD_IDS=0/],
      [{ DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARD_IDS', /DISCORD_SHARD_IDS is not set: with DISCORD_SHARD_COUNT=2/],
      [{ DISCORD_SHARD_IDS: '0,4', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /has "4": shard ids are whole numbers from 0 to 3/],
      [{ DISCORD_SHARD_IDS: '-1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /has "-1"/],
      [{ DISCORD_SHARD_IDS: '1.5', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /has "1.5"/],
      [{ DISCORD_SHARD_IDS: 'one', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /has "one"/],
      [{ DISCORD_SHARD_IDS: '0,,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /has ""/],
      [{ DISCORD_SHARD_IDS: '1,2,1', DISCORD_SHARD_COUNT: '4' }, 'DISCORD_SHARD_IDS', /names shard 1 twice/],
      [{ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '0' }, 'DISCORD_SHARD_COUNT', /is "0": use a whole number from 1/],
      [{ DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: 'two' }, 'DISCORD_SHARD_COUNT', /is "two"/],
      [{ DISCORD_SHARDS: 'auto', DISCORD_SHARD_IDS: '0', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARDS', /keep DISCORD_SHARDS=auto .* or remove it to run only DISCORD_SHARD_IDS of DISCORD_SHARD_COUNT/],
      [{ DISCORD_SHARDS: 'auto', DISCORD_SHARD_COUNT: '2' }, 'DISCORD_SHARDS', /DISCORD_SHARD_IDS\/DISCORD_SHARD_COUNT are set too/],
      [{ DISCORD_SHARDS: '2' }, 'DISCORD_SHARDS', /is "2": the only value is auto/],
    ];
    for (const [extra, variable, message] of cases) {
      const err = errorOf(extra);
      expect(err.variable, JSON.stringify(extra)).toBe(variable);
      expect(err.message, JSON.stringify(extra)).toMatch(message);
    }
  });
});
