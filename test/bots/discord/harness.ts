/**
 * Shared set-up for the Discord tests: a fake Discord, a real engine (SQLite temp file,
 * real renderer, fake model servers) and the real bot (discord.js) between them.
 */
import pino from 'pino';
import { startDiscordBot, registerDiscordCommands, type DiscordBot } from '../../../src/bots/discord/index.js';
import type { DiscordConfig } from '../../../src/bots/discord/config.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import { createTestEngine, type TestEngine, type TestEngineOptions } from '../../helpers/engine.js';
import { startFakeDiscord, type FakeDiscord, type FakeUser, type FakeInteraction } from '../../fakes/fake-discord/index.js';

export interface Harness {
  fake: FakeDiscord;
  engine: TestEngine;
  bot: DiscordBot;
  config: DiscordConfig;
  alice: FakeUser;
  bob: FakeUser;
  carol: FakeUser;
  /** Log lines the bot wrote (parsed JSON). */
  logs: Array<Record<string, any>>;
  /** Start the bot again (after stop), optionally on a new engine. */
  restartBot(engine?: TestEngine): Promise<DiscordBot>;
  close(): Promise<void>;
}

export function memoryLogger(lines: Array<Record<string, any>>) {
  return pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
}

export interface HarnessOptions {
  engine?: TestEngineOptions;
  fake?: FakeDiscord;
  config?: Partial<DiscordConfig>;
  /** The engine's API as the bot sees it: a test may put its own boards in front (data another part of the engine adds). */
  service?: (service: DuelApi) => DuelApi;
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = opts.fake ?? (await startFakeDiscord());
  let engine = await createTestEngine(opts.engine);
  const config: DiscordConfig = { token: fake.token, apiUrl: fake.apiUrl, progressIntervalMs: 150, ...opts.config };
  await registerDiscordCommands({ config });
  const logs: Array<Record<string, any>> = [];
  const logger = memoryLogger(logs);
  const serviceOf = (e: TestEngine) => opts.service?.(e.service) ?? e.service;
  let bot = await startDiscordBot({ service: serviceOf(engine), config, logger });
  const h: Harness = {
    fake,
    engine,
    bot,
    config,
    alice: fake.addUser('alice'),
    bob: fake.addUser('bob'),
    carol: fake.addUser('carol'),
    logs,
    async restartBot(next?: TestEngine) {
      if (next) h.engine = engine = next;
      h.bot = bot = await startDiscordBot({ service: serviceOf(engine), config, logger });
      return bot;
    },
    async close() {
      await h.bot.stop();
      await h.engine.close();
      await fake.close();
    },
  };
  return h;
}

/** Send /duel (in the first guild's channel unless `extra.channelId`) and wait until the bot has posted the duel message (or answered otherwise). */
export async function runDuel(h: Pick<Harness, 'fake' | 'engine'>, prompt: string, user: FakeUser, extra: { a?: string; b?: string; channelId?: string } = {}): Promise<{ interaction: FakeInteraction; messageId: string; duelId: string }> {
  const channelId = extra.channelId ?? h.fake.channelId;
  const before = h.fake.channelMessages(channelId).length;
  const options = [{ name: 'prompt', value: prompt }, ...(extra.a ? [{ name: 'a', value: extra.a }] : []), ...(extra.b ? [{ name: 'b', value: extra.b }] : [])];
  const interaction = h.fake.sendCommand({ name: 'duel', options, user, channelId });
  const message = await h.fake.waitFor(() => h.fake.channelMessages(channelId)[before], 'the duel message');
  // The reply links to the message once everything (reactions included) is done.
  await h.fake.waitFor(() => interaction.original?.content.includes(message.id), 'the reply linking the duel');
  const duel = await h.engine.service.findByMessage('discord', message.id);
  if (!duel) throw new Error('duel not attached to its message');
  return { interaction, messageId: message.id, duelId: duel.id };
}

export const A = '\u{1F170}\uFE0F';
export const B = '\u{1F171}\uFE0F';
export const TIE = '\u{1F91D}';
export const BAD = '\u{1F44E}';
