/**
 * Slack's side of the HTTP request path: builds slash command and event_callback bodies and
 * sends them signed the way Slack signs them (`v0=` + HMAC-SHA256 of `v0:<ts>:<raw body>` with
 * the signing secret, in `X-Slack-Signature`, the timestamp in `X-Slack-Request-Timestamp`).
 */
import { createHmac, randomUUID } from 'node:crypto';

export function slackSignature(secret: string, timestampSec: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSec}:${body}`).digest('hex')}`;
}

export interface SignedSendOptions {
  /** Override the timestamp (seconds) to send a stale request. */
  timestampSec?: number;
  /** Sign with this secret instead (a bad signature). */
  secret?: string;
  headers?: Record<string, string>;
}

export interface SignedResponse {
  status: number;
  text: string;
  json(): unknown;
}

export class SlackSigner {
  constructor(
    /** The app's endpoint, e.g. http://127.0.0.1:1234/slack/events */
    readonly endpoint: string,
    readonly signingSecret: string,
  ) {}

  async send(body: string, contentType: string, opts: SignedSendOptions = {}): Promise<SignedResponse> {
    const ts = opts.timestampSec ?? Math.floor(Date.now() / 1000);
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(opts.secret ?? this.signingSecret, ts, body),
        ...opts.headers,
      },
      body,
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) };
  }

  /** A slash command as Slack POSTs it (form-encoded). */
  command(fields: SlashCommandFields, opts?: SignedSendOptions): Promise<SignedResponse> {
    return this.send(new URLSearchParams(slashCommandPayload(fields)).toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An interactive payload (block_actions) as Slack POSTs it: form-encoded, one `payload` field holding the JSON. */
  interactive(payload: Record<string, unknown>, opts?: SignedSendOptions): Promise<SignedResponse> {
    return this.send(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', opts);
  }

  /** An Events API event_callback (JSON). Pass the same eventId and `X-Slack-Retry-Num` to simulate a redelivery. */
  event(event: Record<string, unknown>, eventId: string, teamId: string, opts?: SignedSendOptions): Promise<SignedResponse> {
    return this.send(JSON.stringify(eventCallback(event, eventId, teamId)), 'application/json', opts);
  }
}

export interface SlashCommandFields {
  command: string;
  text: string;
  userId: string;
  channelId: string;
  teamId: string;
  responseUrl: string;
  userName?: string;
  channelName?: string;
}

export function slashCommandPayload(f: SlashCommandFields): Record<string, string> {
  return {
    token: 'deprecated-verification-token',
    team_id: f.teamId,
    team_domain: 'fake',
    channel_id: f.channelId,
    channel_name: f.channelName ?? 'general',
    user_id: f.userId,
    user_name: f.userName ?? f.userId.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'AFAKE',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: `${Date.now()}.${randomUUID()}`,
  };
}

export function eventCallback(event: Record<string, unknown>, eventId: string, teamId: string): Record<string, unknown> {
  return {
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'AFAKE',
    event: { event_ts: `${Date.now() / 1000}`, ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
  };
}

/** A reaction_added / reaction_removed event on a message. */
export function reactionEvent(type: 'reaction_added' | 'reaction_removed', user: string, reaction: string, channel: string, ts: string): Record<string, unknown> {
  return { type, user, reaction, item: { type: 'message', channel, ts }, item_user: 'UBOT' };
}

/**
 * A block_actions payload: `user` pressed the button `actionId` on `message` (its blocks as posted),
 * as Slack sends it over HTTP (form field `payload`) or Socket Mode (`interactive` envelope).
 */
export function blockActionsPayload(f: { user: string; teamId: string; channel: string; ts: string; blocks: unknown[]; actionId: string; responseUrl: string }): Record<string, unknown> {
  const button = (f.blocks as Array<{ type?: string; block_id?: string; elements?: Array<Record<string, unknown>> }>)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => (b.elements ?? []).map((e): Record<string, unknown> => ({ ...e, block_id: b.block_id })))
    .find((e) => e.action_id === f.actionId);
  if (!button) throw new Error(`fake slack: no button ${f.actionId} on ${f.channel}:${f.ts}`);
  const now = `${(Date.now() / 1000).toFixed(6)}`;
  return {
    type: 'block_actions',
    user: { id: f.user, username: f.user.toLowerCase(), name: f.user.toLowerCase(), team_id: f.teamId },
    api_app_id: 'AFAKE',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: f.ts, channel_id: f.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomUUID()}`,
    team: { id: f.teamId, domain: 'fake' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: f.channel, name: 'general' },
    message: { type: 'message', ts: f.ts, text: '', blocks: f.blocks, user: 'UBOT', bot_id: 'BBOT' },
    state: { values: {} },
    response_url: f.responseUrl,
    actions: [{ type: 'button', action_id: button.action_id, block_id: button.block_id, text: button.text, value: button.value, action_ts: now }],
  };
}
