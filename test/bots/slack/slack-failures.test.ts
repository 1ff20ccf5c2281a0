/**
 * What goes wrong, and what people are told: bad tokens, a channel the bot is not in, missing
 * scopes, rate limits, a slow image, a failed contender, a handler that throws.
 */
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSlackApp } from '../../../src/bots/slack/index.js';
import { ConfigError } from '../../../src/core/model/errors.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import { FakeSlack } from '../../fakes/fake-slack/index.js';
import { createTestEngine } from '../../helpers/engine.js';
import { CHANNEL, SIGNING_SECRET, startHarness, waitFor, type Harness } from './harness.js';

const silent = pino({ level: 'silent' });

describe('slack start-up errors', () => {
  const fake = new FakeSlack();
  let engine: Awaited<ReturnType<typeof createTestEngine>>;
  beforeAll(async () => {
    await fake.start();
    engine = await createTestEngine();
  });
  afterAll(async () => {
    await engine.close();
    await fake.stop();
  });

  it('ends with a one-line reason when Slack rejects the bot token', async () => {
    const start = startSlackApp({ service: engine.service, config: { botToken: 'xoxb-revoked', signingSecret: SIGNING_SECRET, apiUrl: fake.apiUrl, port: 0 }, logger: silent });
    await expect(start).rejects.toThrow(/^Slack rejected SLACK_BOT_TOKEN \(invalid_auth\): .*OAuth & Permissions/);
    expect(fake.callsOf('auth.test').at(-1)!.token).toBe('xoxb-revoked');
  });

  it('ends with a one-line reason when Slack rejects the app token (Socket Mode)', async () => {
    const start = startSlackApp({ service: engine.service, config: { botToken: fake.botToken, appToken: 'xapp-wrong', apiUrl: fake.apiUrl }, logger: silent });
    await expect(start).rejects.toThrow(/^Slack rejected SLACK_APP_TOKEN \(invalid_auth\)/);
  });

  it('needs a signing secret in HTTP mode, naming the variable', async () => {
    const start = startSlackApp({ service: engine.service, config: { botToken: fake.botToken, apiUrl: fake.apiUrl, port: 0 }, logger: silent });
    await expect(start).rejects.toBeInstanceOf(ConfigError);
    await expect(start).rejects.toThrow(/SLACK_SIGNING_SECRET is not set/);
  });
});

describe('slack channel and API failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'http' });
  });
  afterAll(async () => {
    await h.stop();
    await h.fake.stop();
  });
  afterEach(() => {
    h.fake.imageNotReady = 0;
  });

  it('tells the author to /invite the bot when it is not in the channel, and starts nothing', async () => {
    h.fake.notInChannel.add('C0PRIVATE');
    await h.command('/duel', 'a fox', 'U1', 'C0PRIVATE');
    const reply = await waitFor(() => h.fake.responses[0], 'the response_url answer');
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(reply.body.text)).toContain('/invite @prompt-duel');
    expect((await h.engine.service.listDuels({ platform: 'slack', limit: 10, offset: 0 })).total).toBe(0);
  });

  it('names the missing scope', async () => {
    h.fake.failNext('chat.postMessage', 'missing_scope');
    await h.command('/duel', 'a fox', 'U1');
    const reply = await waitFor(() => h.fake.responses[1], 'the response_url answer');
    expect(String(reply.body.text)).toContain('lacks a permission (`chat:write`)');
    expect(String(reply.body.text)).toContain('slack/manifest.yaml');
  });

  it('waits out a 429 (Retry-After) and retries the call', async () => {
    h.fake.failNext('chat.postMessage', 'ratelimited:1');
    await h.command('/duel', 'a rate limited fox', 'U2');
    await waitFor(() => h.fake.callsOf('reactions.add').length === 4, 'the duel to be posted', 25_000);
    const progressPosts = h.fake.callsOf('chat.postMessage').filter((c) => String(c.params.text).includes('a rate limited fox') && !c.params.blocks);
    expect(progressPosts).toHaveLength(2);
    expect([...h.fake.messages.values()].filter((m) => m.text.includes('Drawing “a rate limited fox”') || m.text.includes('“a rate limited fox”: '))).toHaveLength(1);
  });

  it('retries while Slack is still processing the image, then falls back to a thread upload', async () => {
    h.fake.imageNotReady = 2;
    await h.command('/duel', 'a slow image', 'U3');
    const slow = await waitFor(() => [...h.fake.messages.values()].find((m) => m.text.includes('Prompt duel:* “a slow image”')), 'the duel with its image');
    expect(slow.blocks[0]).toMatchObject({ type: 'image' });

    h.fake.imageNotReady = 100;
    await h.command('/duel', 'a never ready image', 'U4');
    const msg = await waitFor(() => [...h.fake.messages.values()].find((m) => m.text.includes('Prompt duel:* “a never ready image”')), 'the duel without its image', 25_000);
    expect(msg.blocks.some((b) => (b as { type: string }).type === 'image')).toBe(false);
    const shared = await waitFor(() => h.fake.callsOf('files.completeUploadExternal').find((c) => c.params.thread_ts === msg.ts), 'the thread upload');
    expect(shared.params.channel_id).toBe(CHANNEL);
    // The votes still attach to the main message.
    const duel = await waitFor(async () => await h.engine.service.findByMessage('slack', `${CHANNEL}:${msg.ts}`), 'the duel attached to its message');
    expect(duel.prompt).toBe('a never ready image');
  });
});

describe('slack no contest and handler errors', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ mode: 'http', engine: { ollamaBehaviour: { status: 404, errorMessage: 'model "qwen3.6:35b-a3b" not found' } } });
  });
  afterAll(async () => {
    await h.stop();
    await h.fake.stop();
  });

  it('shows a failed contender plainly and asks for no vote', async () => {
    await h.command('/duel', 'a pelican', 'U1');
    const msg = await waitFor(() => [...h.fake.messages.values()].find((m) => m.text.startsWith('*No contest*')), 'the no-contest message');
    expect(msg.text).toMatch(/\*[AB]\* could not draw: /);
    expect(msg.text).toContain('No vote this time.');
    expect(msg.text).not.toContain('React :a:');
    await waitFor(() => h.fake.callsOf('chat.update').some((c) => String(c.params.text).includes('No contest (see below)')), 'the progress summary');
    expect(h.fake.callsOf('reactions.add')).toHaveLength(0);
  });
});

describe('slack handler errors', () => {
  it('logs a throwing handler and keeps serving', async () => {
    const fake = new FakeSlack();
    await fake.start();
    const engine = await createTestEngine();
    let failOnce = true;
    // The real engine, except that the first findByMessage throws.
    const service = new Proxy(engine.service, {
      get(target, prop, receiver) {
        if (prop === 'findByMessage' && failOnce) {
          return () => {
            failOnce = false;
            throw new Error('database is locked');
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    }) as DuelApi;
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (l: string) => void lines.push(l) });
    const app = await startSlackApp({ service, config: { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl }, logger });
    try {
      const event = { type: 'reaction_added', user: 'U1', reaction: 'a', item: { type: 'message', channel: CHANNEL, ts: '1.000001' } };
      await fake.socket.send('events_api', { type: 'event_callback', team_id: fake.teamId, event_id: 'Ev-x1', event });
      await waitFor(() => lines.some((l) => l.includes('slack handler error') && l.includes('database is locked')), 'the logged error');
      // Still alive: a command is acked and answered.
      const ack = await fake.socket.send('slash_commands', { command: '/leaderboard', text: 'nonsense', team_id: fake.teamId, channel_id: CHANNEL, user_id: 'U1', response_url: fake.responseUrl('x') });
      expect(JSON.stringify(ack.payload)).toContain('Usage');
    } finally {
      await app.stop();
      await engine.close();
      await fake.stop();
    }
  });
});
