/**
 * Discord API object shapes the fake hands to discord.js (users, guilds, channels,
 * messages). Only the fields discord.js reads are filled in, with Discord's names.
 */

let counter = 1_300_000_000_000_000_000n;
/** A fresh snowflake-looking id (increasing, so ordering matches creation). */
export function snowflake(): string {
  counter += 1n;
  return counter.toString();
}

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export function userPayload(u: FakeUser) {
  return {
    id: u.id,
    username: u.username,
    global_name: u.username,
    discriminator: '0',
    avatar: null,
    bot: u.bot ?? false,
    public_flags: 0,
  };
}

export function memberPayload(u: FakeUser, permissions?: string) {
  return {
    user: userPayload(u),
    roles: [],
    joined_at: new Date(0).toISOString(),
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    nick: null,
    avatar: null,
    ...(permissions !== undefined ? { permissions } : {}),
  };
}

export function channelPayload(id: string, guildId: string, name: string) {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    parent_id: null,
    topic: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function guildPayload(opts: { id: string; name: string; ownerId: string; channels: Array<{ id: string; name: string }>; members: FakeUser[]; everyonePermissions: string }) {
  return {
    id: opts.id,
    name: opts.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: opts.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [
      {
        id: opts.id,
        name: '@everyone',
        color: 0,
        colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: opts.everyonePermissions,
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    // GUILD_CREATE-only fields
    joined_at: new Date(0).toISOString(),
    large: false,
    unavailable: false,
    member_count: opts.members.length,
    voice_states: [],
    members: opts.members.map((u) => memberPayload(u)),
    channels: opts.channels.map((c) => channelPayload(c.id, opts.id, c.name)),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** One reaction on a fake message: the emoji name (as sent) and who reacted, in order. */
export interface FakeReaction {
  emoji: string;
  users: string[];
}

/** A message the fake stores (channel messages and interaction replies alike). */
export interface FakeMessage {
  id: string;
  channelId: string;
  guildId: string;
  authorId: string;
  content: string;
  attachments: Array<{ id: string; filename: string; size: number; contentType?: string; data: Buffer }>;
  /** Keyed by the emoji without U+FE0F, so 🅰 and 🅰️ are the same reaction (as on Discord). */
  reactions: Map<string, FakeReaction>;
  flags: number;
  editedAt: string | null;
  createdAt: string;
  /** Message components (action rows of buttons) as the bot sent them. */
  components?: unknown[];
  /** Set for interaction replies (`@original`). */
  interaction?: { token: string };
}

export function messagePayload(m: FakeMessage, users: Map<string, FakeUser>, botId: string) {
  const author = users.get(m.authorId) ?? { id: m.authorId, username: 'user' + m.authorId };
  return {
    id: m.id,
    type: m.interaction ? 20 : 0,
    channel_id: m.channelId,
    guild_id: m.guildId,
    author: userPayload(author),
    content: m.content,
    timestamp: m.createdAt,
    edited_timestamp: m.editedAt,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    mention_channels: [],
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      size: a.size,
      url: `https://cdn.invalid/attachments/${m.channelId}/${a.id}/${a.filename}`,
      proxy_url: `https://cdn.invalid/attachments/${m.channelId}/${a.id}/${a.filename}`,
      content_type: a.contentType,
    })),
    embeds: [],
    reactions: [...m.reactions.values()]
      .filter((r) => r.users.length > 0)
      .map((r) => ({
        count: r.users.length,
        count_details: { burst: 0, normal: r.users.length },
        me: r.users.includes(botId),
        me_burst: false,
        burst_colors: [],
        emoji: { id: null, name: r.emoji },
      })),
    pinned: false,
    flags: m.flags,
    components: m.components ?? [],
  };
}

/** The key a reaction is stored under: the emoji without variation selectors. */
export function emojiKey(name: string): string {
  return name.replace(/\uFE0F/g, '');
}
