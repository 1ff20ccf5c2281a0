/**
 * A fake Discord on 127.0.0.1 for tests with the real discord.js: a REST API and a
 * gateway WebSocket sharing one world (guilds and their channels, messages, reactions).
 *
 *   const discord = await startFakeDiscord();
 *   // point discord.js at it: new Client({ rest: { api: discord.apiUrl }, ... })
 *   discord.sendCommand({ name: 'duel', options: [...], user });
 */
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { FakeGateway, shardOf } from './gateway.js';
import { createRestServer } from './rest.js';
import { ALL_BOT_PERMS, FakeDiscordState, MEMBER_PERMS, type FakeInteraction } from './state.js';
import { guildPayload, memberPayload, snowflake, userPayload, channelPayload, type FakeUser } from './payloads.js';

export { ALL_BOT_PERMS, MEMBER_PERMS, PERM, type FakeInteraction, type RecordedCall } from './state.js';
export { isPng, parseMultipart } from './multipart.js';
export type { FakeMessage, FakeUser } from './payloads.js';

/** A slash-command option as Discord sends it (type 3 = string, 1 = subcommand). */
export interface CommandOption {
  name: string;
  type?: number;
  value?: string | number | boolean;
  focused?: boolean;
}

export class FakeDiscord extends FakeDiscordState {
  private server!: http.Server;

  /** REST base to give discord.js as `rest.api` (it appends `/v10`). */
  get apiUrl(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/api`;
  }

  static async start(opts: { token?: string; recommendedShards?: number } = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(opts.token ?? 'fake-bot-token');
    fake.recommendedShards = opts.recommendedShards ?? 1;
    fake.gateway = await FakeGateway.start({
      token: fake.token,
      readyPayload: (shard, sessionId, resumeUrl) => ({
        v: 10,
        user: { ...userPayload(fake.bot), verified: true, mfa_enabled: false, flags: 0 },
        guilds: fake.guildsOnShard(shard).map((g) => ({ id: g.id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: resumeUrl,
        shard,
        application: { id: fake.appId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        user_settings: {},
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
      }),
      guildCreates: (shard) =>
        fake.guildsOnShard(shard).map((g) =>
          guildPayload({
            id: g.id,
            name: g.name,
            ownerId: fake.owner.id,
            channels: g.channelIds.map((id) => fake.channels.get(id)!),
            members: [fake.bot, fake.owner],
            everyonePermissions: (ALL_BOT_PERMS | MEMBER_PERMS).toString(),
          }),
        ),
    });
    fake.server = createRestServer(fake);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', () => resolve()));
    return fake;
  }

  /** The guilds a shard `[id, count]` owns, by Discord's rule (see shardOf). */
  guildsOnShard(shard: [number, number]) {
    return [...this.guilds.values()].filter((g) => shardOf(g.id, shard[1]) === shard[0]);
  }

  /** Dispatch INTERACTION_CREATE for a chat-input command (type 2) in `channelId`'s guild, and return its record. */
  sendCommand(opts: { name: string; options?: CommandOption[]; user: FakeUser; channelId?: string; appPermissions?: bigint; memberPermissions?: bigint }): FakeInteraction {
    return this.sendInteraction(2, opts);
  }

  /** Dispatch an autocomplete interaction (type 4); mark the typed option with `focused: true`. */
  sendAutocomplete(opts: { name: string; options: CommandOption[]; user: FakeUser; channelId?: string }): FakeInteraction {
    return this.sendInteraction(4, opts);
  }

  private sendInteraction(type: number, opts: { name: string; options?: CommandOption[]; user: FakeUser; channelId?: string; appPermissions?: bigint; memberPermissions?: bigint }): FakeInteraction {
    const channelId = opts.channelId ?? this.channelId;
    const rec: FakeInteraction = { id: snowflake(), token: `itoken-${snowflake()}`, type, userId: opts.user.id, channelId, acknowledged: false, edits: [], followups: [] };
    this.interactions.set(rec.id, rec);
    const guildId = this.guildOf(channelId);
    const command = [...this.commands.global, ...(this.commands.guild.get(guildId) ?? [])].find((c) => c.name === opts.name);
    const channel = this.channels.get(channelId) ?? { id: channelId, name: 'unknown' };
    this.gateway.dispatch('INTERACTION_CREATE', {
      id: rec.id,
      application_id: this.appId,
      type,
      data: {
        id: command?.id ?? snowflake(),
        name: opts.name,
        type: 1,
        guild_id: guildId,
        options: (opts.options ?? []).map((o) => ({ type: 3, ...o })),
      },
      guild_id: guildId,
      guild: { id: guildId, locale: 'en-US', features: [] },
      channel_id: channelId,
      channel: channelPayload(channel.id, guildId, channel.name),
      member: memberPayload(opts.user, (opts.memberPermissions ?? MEMBER_PERMS).toString()),
      token: rec.token,
      version: 1,
      app_permissions: (opts.appPermissions ?? ALL_BOT_PERMS).toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    });
    return rec;
  }

  /**
   * `user` presses a message button (INTERACTION_CREATE type 3, component_type 2) with this
   * custom_id; the bot answers through POST /interactions/:id/:token/callback (recorded on the
   * returned interaction: `ephemeral`, `original.content`).
   */
  pressButton(opts: { messageId: string; customId: string; user: FakeUser }): FakeInteraction {
    const m = this.messages.get(opts.messageId);
    if (!m) throw new Error(`no message ${opts.messageId}`);
    const rec: FakeInteraction = { id: snowflake(), token: `itoken-${snowflake()}`, type: 3, userId: opts.user.id, channelId: m.channelId, acknowledged: false, edits: [], followups: [] };
    this.interactions.set(rec.id, rec);
    const channel = this.channels.get(m.channelId) ?? { id: m.channelId, name: 'unknown' };
    this.gateway.dispatch('INTERACTION_CREATE', {
      id: rec.id,
      application_id: this.appId,
      type: 3,
      data: { custom_id: opts.customId, component_type: 2 },
      message: this.payload(m),
      guild_id: m.guildId,
      guild: { id: m.guildId, locale: 'en-US', features: [] },
      channel_id: m.channelId,
      channel: channelPayload(channel.id, m.guildId, channel.name),
      member: memberPayload(opts.user, MEMBER_PERMS.toString()),
      token: rec.token,
      version: 1,
      app_permissions: ALL_BOT_PERMS.toString(),
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': m.guildId },
      context: 0,
      attachment_size_limit: 10_485_760,
    });
    return rec;
  }

  /** Messages the bot posted in a channel (not interaction replies), oldest first. */
  channelMessages(channelId = this.channelId) {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.interaction);
  }

  /** Poll until `fn` returns something truthy (the fake's state changes asynchronously). */
  async waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what = 'condition', timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`fake discord: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function startFakeDiscord(opts?: { token?: string; recommendedShards?: number }): Promise<FakeDiscord> {
  return FakeDiscord.start(opts);
}
