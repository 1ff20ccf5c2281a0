/**
 * The Discord adapter's configuration and the permissions it needs. The CLI parses
 * environment variables into a DiscordConfig; nothing here reads process.env.
 */
import type { VoteStyle } from '../../core/chat/vote-buttons.js';
import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from 'discord.js';

/** The shards one process runs: `ids`, each in [0, count), out of `count` shards in all. */
export interface DiscordShardSet {
  ids: number[];
  count: number;
}

export interface DiscordConfig {
  /** Bot token from the Developer Portal (DISCORD_TOKEN). Never logged. */
  token: string;
  /** Application id (DISCORD_APP_ID); when absent it comes from the gateway's READY or GET /applications/@me. */
  appId?: string;
  /** REST base URL (DISCORD_API_URL), default https://discord.com/api. The gateway URL then comes from its /gateway/bot. */
  apiUrl?: string;
  /**
   * Unset: one shard. 'auto' (DISCORD_SHARDS): as many shards as Discord recommends, all in this process.
   * `{ ids, count }` (DISCORD_SHARD_IDS, DISCORD_SHARD_COUNT): only these of `count` shards here, so the
   * shards can spread over processes or machines sharing one database. Checked where it is parsed.
   */
  shards?: 'auto' | DiscordShardSet;
  /** DUEL_VOTE_STYLE: reactions (default) or buttons (private presses, tally hidden until the reveal). */
  voteStyle?: VoteStyle;
  /** Minimum time between two edits of a duel's progress reply, in ms. Default 2500 (well inside Discord's rate limits). */
  progressIntervalMs?: number;
}

/** What the bot needs in a channel, with the names people see in Discord's settings. */
export const REQUIRED_PERMISSIONS: ReadonlyArray<{ flag: bigint; name: string }> = [
  { flag: PermissionFlagsBits.ViewChannel, name: 'View Channel' },
  { flag: PermissionFlagsBits.SendMessages, name: 'Send Messages' },
  { flag: PermissionFlagsBits.AttachFiles, name: 'Attach Files' },
  { flag: PermissionFlagsBits.AddReactions, name: 'Add Reactions' },
  { flag: PermissionFlagsBits.ReadMessageHistory, name: 'Read Message History' },
];

/** The permission bitfield for the invite link (no embeds are used, so no Embed Links). */
export const INVITE_PERMISSIONS = new PermissionsBitField(REQUIRED_PERMISSIONS.map((p) => p.flag)).bitfield;

export const INVITE_SCOPES = [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands] as const;

/** The link a server admin opens to add the bot with exactly these scopes and permissions. */
export function inviteUrl(appId: string): string {
  const q = new URLSearchParams({ client_id: appId, scope: INVITE_SCOPES.join(' '), permissions: INVITE_PERMISSIONS.toString() });
  return `https://discord.com/oauth2/authorize?${q.toString()}`;
}

/** Names of required permissions missing from `have` (the interaction's app_permissions). */
export function missingPermissions(have: Readonly<PermissionsBitField> | null | undefined): string[] {
  if (!have) return [];
  return REQUIRED_PERMISSIONS.filter((p) => !have.has(p.flag)).map((p) => p.name);
}

export const DEFAULT_API_URL = 'https://discord.com/api';

/** discord.js's Client options for the configured shards (none: its default, one shard). */
export function shardOptions(shards: DiscordConfig['shards']): { shards?: 'auto' | number[]; shardCount?: number } {
  if (shards === undefined) return {};
  if (shards === 'auto') return { shards: 'auto' };
  return { shards: [...shards.ids], shardCount: shards.count };
}
