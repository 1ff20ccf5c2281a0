/**
 * The platform contract for Discord: real discord.js against the fake Discord (gateway + REST),
 * real engine, driven through the existing harness.
 */
import type { Choice } from '../../../src/core/model/types.js';
import { createTestEngine, type TestEngine } from '../../helpers/engine.js';
import type { FakeUser } from '../../fakes/fake-discord/index.js';
import { clockAhead, platformContract, type DriverOptions, type PlatformDriver } from '../platform-contract.js';
import { A, B, BAD, TIE, runDuel, startHarness } from './harness.js';

const EMOJI: Record<Choice, string> = { A, B, tie: TIE, bad: BAD };
const OTHER = '🍕';
const strip = (e: string) => e.replace(/\uFE0F/g, '');

function choiceOf(emoji: string): Choice | null {
  const hit = (Object.keys(EMOJI) as Choice[]).find((c) => strip(EMOJI[c]) === strip(emoji));
  return hit ?? null;
}

async function startDiscordDriver(options: DriverOptions = {}): Promise<PlatformDriver> {
  const h = await startHarness({ engine: options.engine });
  const { fake } = h;
  const users = new Map<string, FakeUser>([['alice', h.alice], ['bob', h.bob], ['carol', h.carol]]);
  const user = (name: string): FakeUser => {
    let u = users.get(name);
    if (!u) users.set(name, (u = fake.addUser(name)));
    return u;
  };
  const otherBot = fake.addUser('another-app');
  otherBot.bot = true;
  const firstCall = fake.calls.length; // command registration and login are not "sent to people"
  const oldEngines: TestEngine[] = [];
  let messageId = '';

  const revealedText = async () => {
    const msg = await fake.waitFor(() => {
      const m = fake.messages.get(messageId);
      return m?.content.includes('Votes:') ? m : undefined;
    }, 'the reveal edit');
    return msg.content;
  };
  const sentCalls = () => fake.calls.slice(firstCall).filter((c) => c.body !== undefined && c.method !== 'GET');

  return {
    service: () => h.engine.service,
    async startDuel(prompt, name) {
      const r = await runDuel(h, prompt, user(name));
      messageId = r.messageId;
      return { duelId: r.duelId };
    },
    firstPostedImages: () => {
      const posts = fake.calls.filter((c) => c.method === 'POST' && c.path === `/channels/${fake.channelId}/messages` && c.files.length > 0);
      return (posts.at(-1)?.files ?? []).filter((f) => f.name.startsWith('files[')).map((f) => f.data);
    },
    duelPosts: () => fake.channelMessages().filter((m) => m.attachments.length > 0).map((m) => ({ text: m.content, images: m.attachments.map((a) => a.data) })),
    botSeededReactions: () =>
      fake.calls
        .filter((c) => c.method === 'PUT' && c.path.startsWith(`/channels/${fake.channelId}/messages/${messageId}/reactions/`) && c.path.endsWith('/@me'))
        .map((c) => choiceOf(c.path.split('/')[6])),
    async react(name, choice) {
      fake.react(messageId, user(name).id, EMOJI[choice], true);
    },
    async unreact(name, choice) {
      fake.unreact(messageId, user(name).id, EMOJI[choice], true);
    },
    async reactOther(name) {
      fake.react(messageId, user(name).id, OTHER, true);
    },
    async reactAsBot(choice) {
      // The bot already shows its seed; take it off quietly so the add is a real, dispatched event.
      fake.unreact(messageId, fake.bot.id, EMOJI[choice], false);
      fake.react(messageId, fake.bot.id, EMOJI[choice], true);
    },
    async reactAsOtherBot(choice) {
      fake.react(messageId, otherBot.id, EMOJI[choice], true);
    },
    async votes(duelId) {
      const out: Record<string, Choice> = {};
      for (const [voter, choice] of await h.engine.service.votes(duelId)) {
        const name = [...users].find(([, u]) => `discord:${u.id}` === voter)?.[0];
        out[name ?? voter] = choice;
      }
      return out;
    },
    async restart(whileDown, restartOptions = {}) {
      await h.bot.stop();
      const old = h.engine;
      await old.engine.close(); // the DB file (and the fake model servers) stay for the next engine
      oldEngines.push(old);
      for (const r of whileDown) {
        if (r.op === 'add') fake.react(messageId, user(r.user).id, EMOJI[r.choice], false);
        else fake.unreact(messageId, user(r.user).id, EMOJI[r.choice], false);
      }
      fake.failChannelSend = false;
      fake.failMessageEdit = false;
      const clock = restartOptions.clockAheadMs ? clockAhead(restartOptions.clockAheadMs) : undefined;
      await h.restartBot(await createTestEngine({ dbPath: old.dbPath, clock, ...options.engine }));
    },
    async closeAndReveal(duelId) {
      await h.engine.service.close(duelId);
      return revealedText();
    },
    revealedText,
    breakPosts(broken) {
      fake.failChannelSend = broken;
    },
    breakReveals(broken) {
      fake.failMessageEdit = broken;
    },
    revealAttempts: () => fake.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${fake.channelId}/messages/${messageId}`).length,
    async startUnpostedDuel(prompt, name) {
      const interaction = fake.sendCommand({ name: 'duel', options: [{ name: 'prompt', value: prompt }], user: user(name) });
      const told = await fake.waitFor(() => interaction.edits.find((e) => /could not/i.test(e)), 'the requester told the post failed');
      const duel = (await h.engine.service.listDuels({ platform: 'discord', limit: 1, offset: 0 })).duels[0];
      return { duelId: duel.id, told };
    },
    dbPath: () => h.engine.dbPath,
    progressTexts: () =>
      sentCalls()
        .filter((c) => c.method === 'PATCH' && c.path.endsWith('/messages/@original') && String(c.body?.content ?? '').startsWith('🎨 Drawing'))
        .map((c) => String(c.body?.content).split('\n').at(-1)!.replace(/^⏳ /, '')),
    sentTexts: () => sentCalls().map((c) => JSON.stringify(c.body)),
    mentionLeaks() {
      // Discord shows "@everyone" as typed; it is harmless only when allowed_mentions stops the ping.
      return sentCalls()
        .filter((c) => /@(everyone|here)/.test(String(c.body?.content ?? '')))
        .filter((c) => {
          const am = c.body?.allowed_mentions as { parse?: string[] } | undefined;
          return !am || !Array.isArray(am.parse) || am.parse.includes('everyone');
        })
        .map((c) => `${c.method} ${c.path}: ${String(c.body?.content)}`);
    },
    async stop() {
      await h.close();
      // Old engines last: the first one owns the temp dir that holds the DB file.
      for (const e of oldEngines) await e.close();
    },
  };
}

platformContract('discord', startDiscordDriver);
