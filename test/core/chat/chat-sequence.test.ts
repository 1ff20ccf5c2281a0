/**
 * Core's chat sequence (runChatDuel, connectChatPlatform) and incoming events (processReaction,
 * processAction) against an in-memory platform, as the `chat` SDK's mock adapter does: every rule a
 * chat relies on, fast, without a protocol fake. The Discord and Slack adapters are held to the same
 * behaviour by the platform contract suite (test/bots/platform-contract.ts) on their fakes.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { CHOICE_TABLE, choiceOfEmoji, choiceOfSlackReaction } from '../../../src/core/chat/choices.js';
import { connectChatPlatform, runChatDuel } from '../../../src/core/chat/chat-duel.js';
import type { ChatImage, ChatPlatform, DuelRequest } from '../../../src/core/chat/chat-platform.js';
import { processAction, processReaction } from '../../../src/core/chat/incoming.js';
import { voteButtonId } from '../../../src/core/chat/vote-buttons.js';
import type { DuelOutcome, DuelRecord } from '../../../src/core/model/records.js';
import type { Choice, Reveal } from '../../../src/core/model/types.js';
import { fakeArena, fakeContender, type FakeArena } from '../../helpers/fake-contenders.js';

const logger = pino({ level: 'silent' });

/** A chat that keeps its messages in memory. */
class MemoryChat implements ChatPlatform {
  readonly platform = 'discord' as const;
  readonly progressIntervalMs = 0;
  posts: Array<{ ref: string; duel: DuelRecord; image: ChatImage }> = [];
  seeded: Choice[] = [];
  reveals: Reveal[] = [];
  shown: Array<{ voter: string; choice: Choice }> = [];
  failPost = false;
  failReveal = false;

  async postDuel(outcome: DuelOutcome, image: ChatImage): Promise<string> {
    if (this.failPost) throw new Error('Missing Access');
    const ref = `m${this.posts.length + 1}`;
    this.posts.push({ ref, duel: outcome.duel, image });
    return ref;
  }
  async seedVote(_duel: DuelRecord, choice: Choice): Promise<void> {
    this.seeded.push(choice);
  }
  async currentVotes(): Promise<Array<{ voter: string; choice: Choice }>> {
    return this.shown;
  }
  async showReveal(reveal: Reveal): Promise<void> {
    if (this.failReveal) throw new Error('Unknown Message');
    this.reveals.push(reveal);
  }
}

/** One command's answers, in order. */
function request(prompt: string, author = 'discord:U1'): DuelRequest & { said: string[] } {
  const said: string[] = [];
  return {
    said,
    input: { platform: 'discord', community: 'G1', channel: 'C1', author, prompt },
    refuse: async (r) => void said.push(`refused: ${r.reason}`),
    acknowledge: async () => void said.push('acknowledged'),
    showProgress: async () => undefined,
    withdraw: async (r) => void said.push(`withdrawn: ${r.reason}`),
    posted: async (o) => void said.push(`posted: ${o.contest ? 'contest' : 'no contest'}`),
    postFailed: async () => void said.push('post failed'),
    failed: async () => void said.push('failed'),
  };
}

let arena: FakeArena | undefined;
afterEach(async () => {
  await arena?.close();
  arena = undefined;
});

function newArena(): FakeArena {
  arena = fakeArena([fakeContender('ollama:qwen', 'Qwen'), fakeContender('anthropic:claude', 'Claude', '#3d405b')]);
  return arena;
}

describe("core's chat sequence on an in-memory platform", () => {
  it('admits, acknowledges, posts the PNG, attaches the message and seeds A B tie bad in order', async () => {
    const { service } = newArena();
    const chat = new MemoryChat();
    const req = request('a pelican riding a bicycle');
    const posted = await runChatDuel({ service, platform: chat, logger }, req);
    expect(req.said).toEqual(['acknowledged', 'posted: contest']);
    expect(chat.posts).toHaveLength(1);
    expect(chat.posts[0].image.contentType).toBe('image/png');
    expect(chat.posts[0].image.data.subarray(1, 4).toString()).toBe('PNG');
    expect(chat.seeded).toEqual(['A', 'B', 'tie', 'bad']);
    expect((await service.findByMessage('discord', chat.posts[0].ref))?.id).toBe(posted!.duel.id);
  });

  it('refuses privately before saying anything public', async () => {
    const { service } = newArena();
    const req = request('   ');
    expect(await runChatDuel({ service, platform: new MemoryChat(), logger }, req)).toBeUndefined();
    expect(req.said).toEqual(['refused: empty-prompt']);
  });

  it('closes a duel it could not post and tells the requester', async () => {
    const { service } = newArena();
    const chat = new MemoryChat();
    chat.failPost = true;
    const req = request('a heron');
    expect(await runChatDuel({ service, platform: chat, logger }, req)).toBeUndefined();
    expect(req.said).toEqual(['acknowledged', 'post failed']);
    const [duel] = (await service.listDuels({ limit: 1, offset: 0 })).duels;
    expect(duel.status).toBe('closed');
  });

  it('counts reactions through processReaction: replace, retract, and never a bot or another emoji', async () => {
    const { service } = newArena();
    const chat = new MemoryChat();
    const posted = (await runChatDuel({ service, platform: chat, logger }, request('a crane')))!;
    const react = async (voter: string, emoji: string, op: 'add' | 'remove' = 'add', fromBot = false) =>
      await processReaction(service, logger, { platform: 'discord', messageRef: chat.posts[0].ref, voter, choice: choiceOfEmoji(emoji), op, fromBot });
    expect((await react('discord:V1', '\u{1F170}'))?.accepted).toBe(true);
    expect((await react('discord:V1', '\u{1F171}\uFE0F'))?.current).toBe('B');
    expect((await react('discord:V1', '\u{1F170}', 'remove'))?.reason).toBe('stale-remove');
    expect((await react('discord:BOT', '\u{1F44E}', 'add', true))?.reason).toBe('from-bot');
    expect(await react('discord:V2', '🍕')).toBeNull();
    expect(await processReaction(service, logger, { platform: 'discord', messageRef: 'not-a-duel', voter: 'discord:V3', choice: 'A', op: 'add' })).toBeNull();
    expect(Object.fromEntries(await service.votes(posted.duel.id))).toEqual({ 'discord:V1': 'B' });
    expect((await react('discord:V1', '\u{1F171}', 'remove'))?.current).toBeNull();
    expect((await service.votes(posted.duel.id)).size).toBe(0);
  });

  it('counts a button press through processAction, takes it back on a second press, and words the receipt', async () => {
    const { service } = newArena();
    const posted = (await runChatDuel({ service, platform: new MemoryChat(), logger }, request('an ibis')))!;
    const press = async (choice: Choice, eventId: string) => await processAction(service, logger, { buttonId: voteButtonId(posted.duel.id, choice), voter: 'discord:V1', eventId });
    expect((await press('bad', 'e1')).receipt).toMatch(/Your vote: both bad/);
    expect((await press('bad', 'e1')).result.reason).toBe('duplicate-event');
    expect((await press('bad', 'e2')).result.current).toBeNull();
    expect((await processAction(service, logger, { buttonId: 'duel-vote:nope', voter: 'discord:V1' })).result.reason).toBe('unknown-duel');
  });

  it('after a restart, makes votes match what the platform shows, then reveals at close (and retries a refused reveal)', async () => {
    const { service } = newArena();
    const chat = new MemoryChat();
    const posted = (await runChatDuel({ service, platform: chat, logger }, request('a stork')))!;
    await processReaction(service, logger, { platform: 'discord', messageRef: chat.posts[0].ref, voter: 'discord:gone', choice: 'A', op: 'add' });
    // The restart comes after that vote: a vote stored in the very millisecond the platform is
    // read counts as arriving live, and reconciling leaves it alone.
    const voted = service.now();
    while (service.now() <= voted) await new Promise((r) => setTimeout(r, 1));
    chat.shown = [{ voter: 'discord:V1', choice: 'B' }, { voter: 'discord:V2', choice: 'tie' }];
    chat.failReveal = true;
    const connected = await connectChatPlatform({ service, platform: chat, logger });
    expect(Object.fromEntries(await service.votes(posted.duel.id))).toEqual({ 'discord:V1': 'B', 'discord:V2': 'tie' });
    await service.close(posted.duel.id);
    await connected.stop();
    expect(chat.reveals).toEqual([]);
    chat.failReveal = false;
    const again = await connectChatPlatform({ service, platform: chat, logger });
    await again.stop();
    expect(chat.reveals).toHaveLength(1);
    expect(chat.reveals[0]).toMatchObject({ id: posted.duel.id, winner: 'B', votes: 2 });
  });
});

describe('the one choice table', () => {
  it("derives each platform's markers from it", () => {
    expect(CHOICE_TABLE.map((c) => c.choice)).toEqual(['A', 'B', 'tie', 'bad']);
    for (const c of CHOICE_TABLE) {
      expect(choiceOfEmoji(c.emoji)).toBe(c.choice);
      expect(choiceOfSlackReaction(c.slack.name)).toBe(c.choice);
      expect(choiceOfSlackReaction(`${c.slack.name}::skin-tone-3`)).toBe(c.choice);
    }
    expect(choiceOfSlackReaction('-1')).toBe('bad');
    expect(choiceOfEmoji('👎🏿')).toBe('bad');
    expect(choiceOfEmoji('\u{1F170}\uFE0F', '123')).toBeNull();
  });
});
