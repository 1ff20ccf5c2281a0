/**
 * The platform contract for Slack, over both transports: real Bolt against the fake Slack
 * (Web API + signed HTTP events, or Socket Mode), real engine, driven through the existing harness.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Choice } from '../../../src/core/model/types.js';
import { FakeSlack, type FakeMessage } from '../../fakes/fake-slack/index.js';
import { tempDbPath } from '../../helpers/engine.js';
import { clockAhead, platformContract, type DriverOptions, type PlatformDriver } from '../platform-contract.js';
import { CHANNEL, startHarness, waitFor, type Harness } from './harness.js';

const NAMES: Record<Choice, string> = { A: 'a', B: 'b', tie: 'handshake', bad: 'thumbsdown' };
const OTHER = 'tada';
const choiceOf = (name: unknown): Choice | null => (Object.keys(NAMES) as Choice[]).find((c) => NAMES[c] === name) ?? null;
const userId = (name: string) => `U${name.toUpperCase()}`;

const isImage = (b: unknown) => (b as { type?: string }).type === 'image';

async function startSlackDriver(mode: 'http' | 'socket', options: DriverOptions = {}): Promise<PlatformDriver> {
  const fake = new FakeSlack();
  await fake.start();
  // Our own DB path: the harness's engine must not delete it when the bot stops for a restart.
  const dbPath = tempDbPath();
  let clockAheadMs = 0;
  const start = () => startHarness({ mode, fake, engine: { dbPath, ...options.engine, ...(clockAheadMs ? { clock: clockAhead(clockAheadMs) } : {}) } });
  let h: Harness = await start();
  let running = true;
  const firstCall = fake.calls.length; // auth.test and connection set-up are not "sent to people"
  /** Bodies the bot answered slash commands with (the ack, HTTP response or socket ack payload). */
  const acks: unknown[] = [];
  let ts = '';
  let events = 0;

  const duelMessages = (): FakeMessage[] => [...fake.messages.values()].filter((m) => m.channel === CHANNEL && !m.threadTs && m.blocks.some(isImage));
  const send = async (op: 'add' | 'remove', user: string, name: string) => {
    const status = await h.react(op, user, name, ts, `Ev-contract-${++events}`);
    if (status !== 200) throw new Error(`reaction event answered ${status}`);
  };
  const revealedText = async () => {
    const msg = await waitFor(() => {
      const m = fake.message(CHANNEL, ts);
      return m?.text.includes('*Votes:*') ? m : undefined;
    }, 'the reveal edit');
    return msg.text;
  };
  const sentTexts = () => [
    ...fake.calls.slice(firstCall).map((c) => JSON.stringify({ method: c.method, ...c.params })),
    ...fake.responses.map((r) => JSON.stringify(r.body)),
    ...acks.map((a) => JSON.stringify(a)),
  ];

  return {
    service: () => h.engine.service,
    async startDuel(prompt, name) {
      const before = new Set(duelMessages().map((m) => m.ts));
      const res = await h.command('/duel', prompt, userId(name));
      acks.push(res.body);
      const msg = await waitFor(() => duelMessages().find((m) => !before.has(m.ts)), 'the duel message');
      ts = msg.ts;
      await waitFor(() => fake.callsOf('reactions.add').filter((c) => c.params.timestamp === ts).length === 4, 'the four seeded reactions');
      const duel = await h.engine.service.findByMessage('slack', `${CHANNEL}:${ts}`);
      if (!duel) throw new Error('duel not attached to its message');
      return { duelId: duel.id };
    },
    firstPostedImages: () => {
      const blocksOf = (c: { params: Record<string, any> }) => (typeof c.params.blocks === 'string' ? JSON.parse(c.params.blocks) : (c.params.blocks ?? [])) as unknown[];
      const posts = fake.callsOf('chat.postMessage').filter((c) => c.params.channel === CHANNEL && !c.params.thread_ts && blocksOf(c).some(isImage));
      const last = posts.at(-1);
      return last ? blocksOf(last).filter(isImage).map((b) => fake.files.get((b as { slack_file: { id: string } }).slack_file.id)?.bytes ?? Buffer.alloc(0)) : [];
    },
    duelPosts: () =>
      duelMessages().map((m) => ({
        text: m.text,
        images: m.blocks.filter(isImage).map((b) => fake.files.get((b as { slack_file: { id: string } }).slack_file.id)?.bytes ?? Buffer.alloc(0)),
      })),
    botSeededReactions: () => fake.callsOf('reactions.add').filter((c) => c.params.timestamp === ts).map((c) => choiceOf(c.params.name)),
    react: (name, choice) => send('add', userId(name), NAMES[choice]),
    unreact: (name, choice) => send('remove', userId(name), NAMES[choice]),
    reactOther: (name) => send('add', userId(name), OTHER),
    reactAsBot: (choice) => send('add', fake.botUserId, NAMES[choice]),
    reactAsOtherBot: (choice) => {
      fake.otherBots.add('UOTHERAPP');
      return send('add', 'UOTHERAPP', NAMES[choice]);
    },
    async votes(duelId) {
      const out: Record<string, Choice> = {};
      for (const [voter, choice] of await h.engine.service.votes(duelId)) {
        const m = /^slack:U([A-Z]+)$/.exec(voter);
        out[m && m[1] !== fake.botUserId.slice(1) ? m[1].toLowerCase() : voter] = choice;
      }
      return out;
    },
    async restart(whileDown, restartOptions = {}) {
      running = false;
      await h.stop();
      for (const r of whileDown) fake.userReacts(r.op, userId(r.user), NAMES[r.choice], CHANNEL, ts);
      fake.heal('files.getUploadURLExternal');
      fake.heal('chat.update');
      clockAheadMs = restartOptions.clockAheadMs ?? 0;
      h = await start();
      running = true;
    },
    async closeAndReveal(duelId) {
      await h.engine.service.close(duelId);
      return revealedText();
    },
    revealedText,
    breakPosts(broken) {
      if (broken) fake.breakMethod('files.getUploadURLExternal', 'restricted_action');
      else fake.heal('files.getUploadURLExternal');
    },
    breakReveals(broken) {
      if (broken) fake.breakMethod('chat.update', 'cant_update_message');
      else fake.heal('chat.update');
    },
    revealAttempts: () => fake.callsOf('chat.update').filter((c) => c.params.ts === ts && String(c.params.text ?? '').includes('*Votes:*')).length,
    async startUnpostedDuel(prompt, name) {
      const before = fake.calls.length;
      const res = await h.command('/duel', prompt, userId(name));
      acks.push(res.body);
      const told = await waitFor(
        () => fake.calls.slice(before).map((c) => String(c.params.text ?? '')).find((t) => /could not be posted/i.test(t)),
        'the requester told the post failed',
      );
      const duel = (await h.engine.service.listDuels({ platform: 'slack', limit: 1, offset: 0 })).duels[0];
      return { duelId: duel.id, told };
    },
    dbPath: () => dbPath,
    progressTexts: () =>
      fake.calls
        .slice(firstCall)
        .filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && String(c.params.text ?? '').startsWith(':art: Drawing'))
        .map((c) => String(c.params.text).split('\n').at(-1)!.replace(/^:hourglass_flowing_sand: /, '')),
    sentTexts,
    mentionLeaks() {
      // Slack pings on <!channel>-style tokens, and on plain "@channel" when link_names is set.
      return sentTexts().filter((t) => /<!(channel|here|everyone)\b/.test(t) || (/"link_names":(true|"true"|"1"|1)/.test(t) && /@(channel|here|everyone)/.test(t)));
    },
    async stop() {
      if (running) await h.stop();
      await fake.stop();
      rmSync(dirname(dbPath), { recursive: true, force: true });
    },
  };
}

platformContract('slack (http)', (o) => startSlackDriver('http', o));
platformContract('slack (socket mode)', (o) => startSlackDriver('socket', o));
