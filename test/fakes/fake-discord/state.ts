/**
 * The fake Discord's world: guilds (one to start with, more by addGuild) each with a channel, the
 * bot, some members, the messages and reactions, interactions in flight, and every REST call recorded.
 */
import { EventEmitter } from 'node:events';
import type { FakeGateway } from './gateway.js';
import type { MultipartPart } from './multipart.js';
import { emojiKey, messagePayload, snowflake, type FakeMessage, type FakeUser } from './payloads.js';

/** One REST request as the fake received it (payload_json already parsed for multipart). */
export interface RecordedCall {
  method: string;
  /** Path without the `/api/v10` prefix, percent-decoded, e.g. `/channels/1/messages/2/reactions/🅰️/@me`. */
  path: string;
  query: URLSearchParams;
  body: Record<string, any> | undefined;
  files: MultipartPart[];
  auth: string | undefined;
}

/** An interaction the fake dispatched, and what the bot answered. */
export interface FakeInteraction {
  id: string;
  token: string;
  type: number;
  userId: string;
  channelId: string;
  acknowledged: boolean;
  callbackType?: number;
  ephemeral?: boolean;
  /** The reply (`@original`), once the bot replied or deferred. */
  original?: FakeMessage;
  /** Content of each edit of the original reply, in order. */
  edits: string[];
  followups: FakeMessage[];
  deleted?: boolean;
  /** Autocomplete choices the bot returned. */
  choices?: Array<{ name: string; value: string }>;
}

/** Permission bits (Discord's numbering) the fake uses for app_permissions. */
export const PERM = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseApplicationCommands: 1n << 31n,
} as const;
export const ALL_BOT_PERMS = PERM.AddReactions | PERM.ViewChannel | PERM.SendMessages | PERM.EmbedLinks | PERM.AttachFiles | PERM.ReadMessageHistory;
export const MEMBER_PERMS = PERM.ViewChannel | PERM.SendMessages | PERM.AddReactions | PERM.ReadMessageHistory | PERM.UseApplicationCommands;

/** A guild of the fake world (the bot is in every one). */
export interface FakeGuild {
  id: string;
  name: string;
  channelIds: string[];
}

/**
 * A fresh snowflake that lands on `shard` of `count` by Discord's rule (guild_id >> 22) % count:
 * the timestamp bits are moved up to the next value with that remainder, the low bits kept unique.
 */
export function snowflakeOnShard(shard: number, count: number): string {
  const base = BigInt(snowflake());
  const high = base >> 22n;
  const step = (BigInt(shard) - (high % BigInt(count)) + BigInt(count)) % BigInt(count);
  return (((high + step) << 22n) | (base & 0x3fffffn)).toString();
}

export class FakeDiscordState extends EventEmitter {
  readonly calls: RecordedCall[] = [];
  readonly messages = new Map<string, FakeMessage>();
  readonly interactions = new Map<string, FakeInteraction>();
  readonly users = new Map<string, FakeUser>();
  readonly channels = new Map<string, { id: string; name: string; guildId: string }>();
  /** Every guild by id; the first is `guildId` with `channelId`. */
  readonly guilds = new Map<string, FakeGuild>();
  readonly commands: { global: any[]; guild: Map<string, any[]> } = { global: [], guild: new Map() };
  readonly appId = snowflake();
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  readonly bot: FakeUser = { id: this.appId, username: 'prompt-duel', bot: true };
  readonly owner: FakeUser = { id: snowflake(), username: 'owner' };
  /** Shard count GET /gateway/bot recommends (what `shards: 'auto'` uses). */
  recommendedShards = 1;
  /**
   * Answer the next N requests whose `METHOD /path` (decoded) matches with 429 and a short
   * retry_after, as Discord's per-route limits do; discord.js must wait and retry.
   */
  rateLimits: Array<{ match: RegExp; remaining: number; retryAfterSec: number }> = [];
  /** 429s the fake sent. */
  rateLimited = 0;
  /** When true, POST /channels/:id/messages answers 403 Missing Permissions. */
  failChannelSend = false;
  /** When true, PATCH /channels/:id/messages/:id (editing a channel message) answers 403 Missing Permissions. */
  failMessageEdit = false;
  /** Requests whose `METHOD /path` (decoded, no query) matches wait for `until` before they are handled; `held` counts them. */
  holds: Array<{ match: RegExp; until: Promise<void>; held: number }> = [];
  gateway!: FakeGateway;

  constructor(readonly token: string) {
    super();
    this.users.set(this.bot.id, this.bot);
    this.users.set(this.owner.id, this.owner);
    this.channels.set(this.channelId, { id: this.channelId, name: 'duels', guildId: this.guildId });
    this.guilds.set(this.guildId, { id: this.guildId, name: 'Pelican Fans', channelIds: [this.channelId] });
  }

  /**
   * Another guild with one channel, the bot in it. With `shard: [id, count]` its id lands on that
   * shard; add guilds before the bot connects (the fake sends no GUILD_CREATE for a later join).
   */
  addGuild(opts: { name?: string; shard?: [number, number] } = {}): { guildId: string; channelId: string } {
    const guildId = opts.shard ? snowflakeOnShard(opts.shard[0], opts.shard[1]) : snowflake();
    const channelId = snowflake();
    this.guilds.set(guildId, { id: guildId, name: opts.name ?? `Guild ${this.guilds.size + 1}`, channelIds: [channelId] });
    this.channels.set(channelId, { id: channelId, name: 'duels', guildId });
    return { guildId, channelId };
  }

  /** The guild a channel belongs to (the first guild for a channel the fake does not know). */
  guildOf(channelId: string): string {
    return this.channels.get(channelId)?.guildId ?? this.guildId;
  }

  addUser(username: string): FakeUser {
    const u = { id: snowflake(), username };
    this.users.set(u.id, u);
    return u;
  }

  interactionByToken(token: string): FakeInteraction | undefined {
    for (const i of this.interactions.values()) if (i.token === token) return i;
    return undefined;
  }

  payload(m: FakeMessage) {
    return messagePayload(m, this.users, this.bot.id);
  }

  createMessage(channelId: string, authorId: string, call: Pick<RecordedCall, 'body' | 'files'>, extra: { flags?: number; interaction?: { token: string }; deferred?: boolean }): FakeMessage {
    const m: FakeMessage = {
      id: snowflake(),
      channelId,
      guildId: this.guildOf(channelId),
      authorId,
      content: extra.deferred ? '' : String(call.body?.content ?? ''),
      attachments: [],
      reactions: new Map(),
      flags: extra.flags ?? 0,
      editedAt: null,
      createdAt: new Date().toISOString(),
      interaction: extra.interaction,
      components: Array.isArray(call.body?.components) ? call.body.components : [],
    };
    this.addFiles(m, call);
    this.messages.set(m.id, m);
    return m;
  }

  applyEdit(m: FakeMessage, call: Pick<RecordedCall, 'body' | 'files'>): void {
    const b = call.body ?? {};
    if (typeof b.content === 'string') m.content = b.content;
    if (Array.isArray(b.components)) m.components = b.components;
    // `attachments` in an edit lists the old attachments to keep; new files come as parts.
    if (Array.isArray(b.attachments)) {
      const keep = new Set(b.attachments.map((a: any) => String(a.id)));
      m.attachments = m.attachments.filter((a) => keep.has(a.id));
    }
    this.addFiles(m, call);
    m.editedAt = new Date().toISOString();
  }

  private addFiles(m: FakeMessage, call: Pick<RecordedCall, 'body' | 'files'>): void {
    for (const f of call.files) {
      m.attachments.push({ id: snowflake(), filename: f.filename ?? 'file', size: f.data.length, contentType: f.contentType, data: f.data });
    }
  }

  /** Add a reaction; with `dispatch`, send MESSAGE_REACTION_ADD as Discord does (also for the bot's own). */
  react(messageId: string, userId: string, emoji: string, dispatch: boolean): void {
    const m = this.messages.get(messageId);
    if (!m) throw new Error(`no message ${messageId}`);
    const key = emojiKey(emoji);
    const r = m.reactions.get(key) ?? { emoji, users: [] };
    m.reactions.set(key, r);
    if (r.users.includes(userId)) return;
    r.users.push(userId);
    if (dispatch) this.gateway.dispatch('MESSAGE_REACTION_ADD', this.reactionEvent(m, userId, emoji, true));
  }

  unreact(messageId: string, userId: string, emoji: string, dispatch: boolean): void {
    const m = this.messages.get(messageId);
    if (!m) throw new Error(`no message ${messageId}`);
    const r = m.reactions.get(emojiKey(emoji));
    if (!r || !r.users.includes(userId)) return;
    r.users = r.users.filter((u) => u !== userId);
    if (dispatch) this.gateway.dispatch('MESSAGE_REACTION_REMOVE', this.reactionEvent(m, userId, emoji, false));
  }

  private reactionEvent(m: FakeMessage, userId: string, emoji: string, add: boolean) {
    const user = this.users.get(userId) ?? { id: userId, username: 'u' + userId };
    return {
      user_id: userId,
      channel_id: m.channelId,
      message_id: m.id,
      guild_id: m.guildId,
      emoji: { id: null, name: emoji },
      burst: false,
      type: 0,
      ...(add
        ? {
            message_author_id: m.authorId,
            burst_colors: [],
            member: { user: { id: user.id, username: user.username, discriminator: '0', avatar: null, global_name: user.username, bot: user.bot ?? false }, roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 },
          }
        : {}),
    };
  }
}
