/**
 * Test harness: the real engine (createTestEngine), a fake Slack on 127.0.0.1, and the real Bolt
 * app started by startSlackApp against it, in HTTP or Socket Mode.
 */
import pino from 'pino';
import { Writable } from 'node:stream';
import { startSlackApp, type SlackAppHandle } from '../../../src/bots/slack/index.js';
import type { SlackConfig } from '../../../src/bots/slack/slack-config.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import { createTestEngine, type TestEngine, type TestEngineOptions } from '../../helpers/engine.js';
import { FakeSlack, SlackSigner, blockActionsPayload, slashCommandPayload, type SlashCommandFields } from '../../fakes/fake-slack/index.js';

export const SIGNING_SECRET = 'fake-signing-secret-0123456789abcdef';
export const CHANNEL = 'C0DUELS';
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export interface Harness {
  fake: FakeSlack;
  engine: TestEngine;
  app: SlackAppHandle;
  /** HTTP mode only. */
  signer: SlackSigner;
  /** Log lines the adapter wrote (parsed JSON). */
  logs: Array<Record<string, unknown>>;
  /** A slash command, over HTTP (signed) or the socket, depending on the mode. */
  command(command: string, text: string, user?: string, channel?: string): Promise<{ status: number; body: unknown }>;
  /** Deliver a reaction event (the fake's state changes too). */
  react(op: 'add' | 'remove', user: string, name: string, ts: string, eventId: string, headers?: Record<string, string>): Promise<number>;
  /**
   * `user` presses the vote button `actionId` on the message `ts` (block_actions, signed HTTP or
   * Socket Mode); `blocks` are the buttons the user's client shows (default: the message's blocks now).
   * Resolves with the HTTP status (200 over the socket once acked) and the response_url path.
   */
  press(user: string, ts: string, actionId: string, blocks?: unknown[]): Promise<{ status: number; responsePath: string }>;
  /** Stop the app and the engine (not the fake). */
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode: 'http' | 'socket';
  fake?: FakeSlack;
  engine?: TestEngineOptions;
  config?: Partial<SlackConfig>;
  /** The engine's API as the app sees it: a test may put its own boards in front (data another part of the engine adds). */
  service?: (service: DuelApi) => DuelApi;
}

export async function startHarness(opts: HarnessOptions): Promise<Harness> {
  const fake = opts.fake ?? new FakeSlack();
  if (!opts.fake) await fake.start();
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logs.push(JSON.parse(line) as Record<string, unknown>);
      cb();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const engine = await createTestEngine(opts.engine);
  const config: SlackConfig = {
    botToken: fake.botToken,
    apiUrl: fake.apiUrl,
    progressIntervalMs: 20,
    webApiRetryMinMs: 10,
    ...(opts.mode === 'socket' ? { appToken: fake.appToken } : { signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1' }),
    ...opts.config,
  };
  const app = await startSlackApp({ service: opts.service?.(engine.service) ?? engine.service, config, logger });
  const signer = new SlackSigner(`http://127.0.0.1:${app.port ?? 0}/slack/events`, SIGNING_SECRET);
  let n = 0;
  return {
    fake,
    engine,
    app,
    signer,
    logs,
    async command(command, text, user = 'U1', channel = CHANNEL) {
      const fields: SlashCommandFields = { command, text, userId: user, channelId: channel, teamId: fake.teamId, responseUrl: fake.responseUrl(`r${++n}`) };
      if (opts.mode === 'socket') {
        const ack = await fake.socket.send('slash_commands', slashCommandPayload(fields));
        return { status: 200, body: ack.payload ?? {} };
      }
      const res = await signer.command(fields);
      return { status: res.status, body: res.text ? res.json() : {} };
    },
    async react(op, user, name, ts, eventId, headers) {
      const event = fake.userReacts(op, user, name, CHANNEL, ts);
      if (opts.mode === 'socket') {
        const body = { type: 'event_callback', team_id: fake.teamId, api_app_id: 'AFAKE', event, event_id: eventId, event_time: Math.floor(Date.now() / 1000) };
        await fake.socket.send('events_api', body, headers?.['x-slack-retry-num'] ? { retry_attempt: Number(headers['x-slack-retry-num']), retry_reason: 'timeout' } : {});
        return 200;
      }
      return (await signer.event(event, eventId, fake.teamId, { headers })).status;
    },
    async press(user, ts, actionId, blocks) {
      const id = `p${++n}-${Math.random().toString(36).slice(2)}`; // unique across harness restarts on one fake
      const payload = blockActionsPayload({ user, teamId: fake.teamId, channel: CHANNEL, ts, blocks: blocks ?? fake.message(CHANNEL, ts)?.blocks ?? [], actionId, responseUrl: fake.responseUrl(id) });
      if (opts.mode === 'socket') {
        await fake.socket.send('interactive', payload);
        return { status: 200, responsePath: `/response/${id}` };
      }
      return { status: (await signer.interactive(payload)).status, responsePath: `/response/${id}` };
    },
    async stop() {
      await app.stop();
      await engine.close();
    },
  };
}

/**
 * Poll until `fn` returns a truthy value (or throw after `timeoutMs`). The limit only detects a hang:
 * a duel is drawn, rendered and posted first, which takes many seconds on a loaded 2-core machine.
 */
export async function waitFor<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every text-ish string the bot sent to Slack (params of every call, and response_url bodies). */
export function everythingSent(fake: FakeSlack): string {
  return JSON.stringify([fake.calls.map((c) => c.params), fake.responses.map((r) => r.body)]);
}
