/**
 * The engine end to end on a real SQLite file, with the real renderer and the real model clients
 * against protocol fakes: generation, votes, closing on time, restarts, no contest, blindness.
 */
import { describe, expect, it } from 'vitest';
import type { Reveal } from '../../../src/core/model/types.js';
import type { DuelRecord } from '../../../src/core/model/records.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { pelicanSvg } from '../../fakes/fake-ollama.js';
import { ANTHROPIC_SPEC, OLLAMA_SPEC, tempDbPath, type TestEngine, useTestEngines } from '../../helpers/engine.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const WINDOW = 60_000;
const engine = useTestEngines({ voteWindowMs: WINDOW });

const start = (t: TestEngine, author = 'cli:alice', prompt = 'a pelican riding a bicycle') =>
  t.service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author, prompt });

describe('a duel', () => {
  it('draws both sides, renders them and records everything', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const progress: string[] = [];
    const outcome = await t.service.startDuel({
      platform: 'cli', community: 'local', channel: 'cli', author: 'cli:alice', prompt: '  a pelican riding a bicycle ',
      onProgress: (p) => progress.push(p.state),
    });
    expect(outcome.contest).toBe(true);
    expect(outcome.duel.status).toBe('open');
    expect(outcome.duel.prompt).toBe('a pelican riding a bicycle');
    expect(outcome.duel.closesAt).toBe(clock.now() + WINDOW);
    expect([outcome.duel.aSpec, outcome.duel.bSpec].sort()).toEqual([ANTHROPIC_SPEC, OLLAMA_SPEC]);
    for (const side of ['A', 'B'] as const) {
      expect(outcome.entries[side].ok).toBe(true);
      expect(outcome.entries[side].svg).toContain('<svg');
      expect(outcome.entries[side].tokens.output).toBeGreaterThan(0);
      expect(outcome.images[side]!.subarray(0, 4)).toEqual(PNG);
      expect(await t.service.image(outcome.duel.id, side)).toEqual(outcome.images[side]);
    }
    expect(outcome.images.composite.subarray(0, 4)).toEqual(PNG);
    expect(progress.at(-1)).toBe('done');
    // Both model servers were asked with the same templated prompt.
    const ollamaPrompt = JSON.stringify(t.ollama.requests.find((r) => r.path === '/api/chat')?.body);
    const anthropicPrompt = JSON.stringify(t.anthropic.requests.find((r) => r.path === '/v1/messages')?.body);
    expect(ollamaPrompt).toContain('Generate an SVG of a pelican riding a bicycle');
    expect(anthropicPrompt).toContain('Generate an SVG of a pelican riding a bicycle');
  });

  it('runs both contenders in parallel', async () => {
    // A 1 s and a 2 s contender: the second request starts before the first reply ends.
    const t = await engine({ ollamaBehaviour: { firstChunkDelayMs: 1000 }, anthropicBehaviour: { firstChunkDelayMs: 2000 } });
    await start(t);
    const chat = t.ollama.requests.find((r) => r.path === '/api/chat')!;
    const messages = t.anthropic.requests.find((r) => r.path === '/v1/messages')!;
    expect(messages.receivedAt).toBeLessThan(chat.finishedAt!);
    expect(chat.receivedAt).toBeLessThan(messages.finishedAt!);
  });

  it('draws sides at random', async () => {
    const first = await engine({ random: () => 0.1 });
    const second = await engine({ random: () => 0.9 });
    const a = await start(first);
    const b = await start(second);
    expect(a.duel.aSpec).toBe(OLLAMA_SPEC);
    expect(b.duel.aSpec).toBe(ANTHROPIC_SPEC);
  });

  it('is no contest when a contender fails, and the other side is still drawn', async () => {
    const t = await engine({ anthropicBehaviour: { status: 529 } });
    const outcome = await start(t);
    expect(outcome.contest).toBe(false);
    expect(outcome.duel.status).toBe('no-contest');
    const failed = Object.values(outcome.entries).find((e) => e.spec === ANTHROPIC_SPEC)!;
    const drawn = Object.values(outcome.entries).find((e) => e.spec === OLLAMA_SPEC)!;
    expect(failed.ok).toBe(false);
    expect(failed.error).toMatch(/overloaded \(529\)/);
    expect(drawn.ok).toBe(true);
    expect((await t.service.vote({ duelId: outcome.duel.id, voter: 'cli:bob', choice: 'A', op: 'add' })).reason).toBe('closed');
    expect((await t.service.getReveal(outcome.duel.id))?.status).toBe('no-contest');
  });

  it('names a reply without an SVG plainly', async () => {
    const t = await engine({ ollamaBehaviour: { text: 'I cannot draw, sorry.' } });
    const outcome = await start(t);
    const failed = Object.values(outcome.entries).find((e) => e.spec === OLLAMA_SPEC)!;
    expect(failed.error).toMatch(/no SVG in the reply/);
  });

  it('refuses empty and overlong prompts, a user on cooldown, and a full queue', async () => {
    const t = await engine({ cooldownMs: 60_000, maxOpenPerCommunity: 1, ollamaBehaviour: { firstChunkDelayMs: 300 } });
    await expect(start(t, 'cli:a', '   ')).rejects.toMatchObject({ reason: 'empty-prompt' });
    await expect(start(t, 'cli:a', 'x'.repeat(501))).rejects.toMatchObject({ reason: 'prompt-too-long' });
    const running = start(t, 'cli:a');
    expect((await t.service.precheck({ platform: 'cli', community: 'local', author: 'cli:b', prompt: 'a cat' }))?.reason).toBe('busy');
    expect(await t.service.precheck({ platform: 'discord', community: 'g1', author: 'cli:b', prompt: 'a cat' })).toBeNull();
    await running;
    const cooldown = await t.service.precheck({ platform: 'cli', community: 'local', author: 'cli:a', prompt: 'a cat' });
    expect(cooldown?.reason).toBe('cooldown');
    expect(cooldown?.retryAfterMs).toBeGreaterThan(0);
    expect(cooldown?.message).toMatch(/you can start another in \d+ s/);
  });

  it('admits starts one at a time: two at once cannot both pass the cap or the cooldown', async () => {
    const t = await engine({ cooldownMs: 60_000, maxOpenPerCommunity: 1, ollamaBehaviour: { firstChunkDelayMs: 300 } });
    const [first, second] = await Promise.allSettled([start(t, 'cli:a'), start(t, 'cli:b')]);
    expect(first.status).toBe('fulfilled');
    expect(second).toMatchObject({ status: 'rejected', reason: { reason: 'busy' } });
    const [again, other] = await Promise.allSettled([start(t, 'cli:c', 'a heron'), start(t, 'cli:c', 'an egret')]);
    expect(again.status).toBe('fulfilled');
    expect(other).toMatchObject({ status: 'rejected', reason: { reason: 'cooldown' } });
  });

  it('flags a drawing that names its maker and leaves it out of the ratings', async () => {
    const named = pelicanSvg('#e07a5f').replace('</svg>', '<text x="10" y="20">Qwen</text></svg>');
    const t = await engine({ ollamaBehaviour: { text: named } });
    const { duel } = await start(t);
    expect(duel.flags).toContain('unblinded');
    await t.service.vote({ duelId: duel.id, voter: 'cli:bob', choice: 'A', op: 'add' });
    await t.service.close(duel.id);
    expect((await t.service.leaderboard({ scope: 'global', since: 'all' })).battles).toBe(0);
  });
});

describe('votes and closing', () => {
  it('counts one vote per voter, commits it, and refuses votes after close', async () => {
    const t = await engine();
    const { duel } = await start(t);
    const v = async (voter: string, choice: 'A' | 'B' | 'tie' | 'bad', op: 'add' | 'remove' = 'add', eventId?: string) =>
      await t.service.vote({ duelId: duel.id, voter, choice, op, eventId });
    expect((await v('cli:1', 'A', 'add', 'e1')).accepted).toBe(true);
    expect((await v('cli:1', 'A', 'add', 'e1')).reason).toBe('duplicate-event');
    expect((await v('cli:1', 'B')).current).toBe('B');
    expect((await v('cli:1', 'A', 'remove')).reason).toBe('stale-remove');
    expect((await v('cli:2', 'tie')).accepted).toBe(true);
    expect((await v('cli:3', 'bad')).accepted).toBe(true);
    expect((await v('cli:3', 'bad', 'remove')).current).toBeNull();
    // Committed: another connection to the same file sees the votes at once.
    const other = openSqliteStore(t.dbPath);
    expect(Object.fromEntries(await other.votes(duel.id))).toEqual({ 'cli:1': 'B', 'cli:2': 'tie' });
    await other.close();
    const reveal = await t.service.close(duel.id);
    expect(reveal.tally).toEqual({ A: 0, B: 1, tie: 1, bad: 0 });
    expect(reveal.winner).toBe('B');
    expect(reveal.sides.A.spec).toBe(duel.aSpec);
    expect((await t.service.close(duel.id)).alreadyClosed).toBe(true);
    expect((await v('cli:4', 'A')).reason).toBe('closed');
  });

  it('closes on time and hands the platform one reveal', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const reveals: Reveal[] = [];
    await t.service.armClosing('cli', (r) => void reveals.push(r));
    const { duel } = await start(t);
    await t.service.vote({ duelId: duel.id, voter: 'cli:bob', choice: 'A', op: 'add' });
    clock.advance(WINDOW - 1);
    expect((await t.service.getDuel(duel.id))?.status).toBe('open');
    expect(await t.service.getReveal(duel.id)).toBeUndefined();
    clock.advance(1);
    await new Promise((r) => setImmediate(r));
    expect((await t.service.getDuel(duel.id))?.status).toBe('closed');
    expect(reveals).toHaveLength(1);
    expect(reveals[0]).toMatchObject({ id: duel.id, winner: 'A', votes: 1 });
    await t.service.close(duel.id);
    await new Promise((r) => setImmediate(r));
    expect(reveals).toHaveLength(1);
  });
});

describe('restarts', () => {
  it('survives a restart in the middle of the voting window: reconciles, re-arms, closes once', async () => {
    const dbPath = tempDbPath();
    const clock = new ManualClock();
    const first = await engine({ dbPath, clock });
    const { duel } = await start(first);
    await first.service.vote({ duelId: duel.id, voter: 'cli:1', choice: 'A', op: 'add' });
    await first.service.vote({ duelId: duel.id, voter: 'cli:2', choice: 'B', op: 'add' });
    await first.close();

    clock.advance(WINDOW / 2);
    const second = await engine({ dbPath, clock });
    expect((await second.service.openDuels('cli')).map((d) => d.id)).toEqual([duel.id]);
    // While the bot was down: voter 1 switched to tie, voter 2 removed theirs, voter 3 voted B.
    const changed = await second.service.reconcile(duel.id, [
      { voter: 'cli:1', choice: 'tie' },
      { voter: 'cli:3', choice: 'B' },
    ]);
    expect(changed).toBe(3);
    const reveals: Array<[Reveal, DuelRecord]> = [];
    await second.service.armClosing('cli', (r, d) => void reveals.push([r, d]));
    expect((await second.service.getDuel(duel.id))?.status).toBe('open');
    clock.advance(WINDOW / 2);
    await new Promise((r) => setImmediate(r));
    expect(reveals).toHaveLength(1);
    expect(reveals[0][0].tally).toEqual({ A: 0, B: 1, tie: 1, bad: 0 });
  });

  it('closes overdue duels at start-up, and turns interrupted generations into no contest', async () => {
    const dbPath = tempDbPath();
    const clock = new ManualClock();
    const first = await engine({ dbPath, clock });
    const { duel } = await start(first);
    await first.close();
    const store = openSqliteStore(dbPath);
    // A Discord duel the last process was drawing, and a CLI duel left behind hours ago.
    await store.insertDuel({ ...duel, id: 'interrupted', platform: 'discord', status: 'generating', closesAt: null });
    await store.insertDuel({ ...duel, id: 'stale-cli', status: 'generating', closesAt: null, createdAt: duel.createdAt - 24 * 3_600_000 });
    await store.insertDuel({ ...duel, id: 'recent-cli', status: 'generating', closesAt: null });
    await store.close();

    clock.advance(WINDOW * 2);
    const second = await engine({ dbPath, clock });
    expect((await second.service.getDuel('stale-cli'))?.status).toBe('no-contest');
    // Not given up merely because some process started: it may be drawn by another one right now.
    expect((await second.service.getDuel('interrupted'))?.status).toBe('generating');
    await second.service.armClosing('discord', () => undefined);
    expect((await second.service.getDuel('interrupted'))?.status).toBe('no-contest');
    const reveals: Reveal[] = [];
    await second.service.armClosing('cli', (r) => void reveals.push(r));
    await new Promise((r) => setImmediate(r));
    expect((await second.service.getDuel('recent-cli'))?.status).toBe('generating');
    expect((await second.service.getDuel(duel.id))?.status).toBe('closed');
    expect(reveals.map((r) => r.id)).toEqual([duel.id]);
  });
});

describe('reveals are delivered at least once', () => {
  it('reveals a duel closed where its platform was not running when the platform next starts', async () => {
    const dbPath = tempDbPath();
    const first = await engine({ dbPath });
    const { duel } = await first.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author: 'discord:1', prompt: 'a crane' });
    await first.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'add' });
    // Closed from another process (the CLI): no Discord handler there.
    await first.service.close(duel.id);
    const reveals: Reveal[] = [];
    await first.service.armClosing('discord', (r) => void reveals.push(r));
    await new Promise((r) => setImmediate(r));
    expect(reveals.map((r) => r.id)).toEqual([duel.id]);
    // Delivered once: a later start does not show it again.
    await first.close();
    const second = await engine({ dbPath });
    const again: Reveal[] = [];
    await second.service.armClosing('discord', (r) => void again.push(r));
    await new Promise((r) => setImmediate(r));
    expect(again).toEqual([]);
  });

  it('retries a reveal the platform failed to show at its next start', async () => {
    const dbPath = tempDbPath();
    const clock = new ManualClock();
    const first = await engine({ dbPath, clock });
    await first.service.armClosing('cli', () => {
      throw new Error('chat is down');
    });
    const { duel } = await start(first);
    clock.advance(WINDOW);
    await new Promise((r) => setImmediate(r));
    expect((await first.service.getDuel(duel.id))?.status).toBe('closed');
    await first.close();
    const second = await engine({ dbPath, clock });
    const reveals: Reveal[] = [];
    await second.service.armClosing('cli', (r) => void reveals.push(r));
    await new Promise((r) => setImmediate(r));
    expect(reveals.map((r) => r.id)).toEqual([duel.id]);
  });
});

describe('the gallery listing', () => {
  it('lists newest first, and only revealed duels when asked', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const first = await start(t, 'cli:a', 'first');
    clock.advance(1000);
    const second = await start(t, 'cli:b', 'second');
    await t.service.close(first.duel.id);
    const all = await t.service.listDuels({ limit: 10, offset: 0 });
    expect(all.total).toBe(2);
    expect(all.duels.map((d) => d.prompt)).toEqual(['second', 'first']);
    const revealed = await t.service.listDuels({ contender: OLLAMA_SPEC, revealedOnly: true, limit: 10, offset: 0 });
    expect(revealed.total).toBe(1);
    expect(revealed.duels.map((d) => d.id)).toEqual([first.duel.id]);
    expect((await t.service.listDuels({ limit: 1, offset: 1 })).duels.map((d) => d.id)).toEqual([first.duel.id]);
    expect(second.duel.status).toBe('open');
  });
});

describe('the leaderboard from stored votes', () => {
  it('rates closed duels with votes, by scope', async () => {
    const t = await engine({ random: () => 0.1 }); // A is always the Ollama contender
    for (let i = 0; i < 3; i++) {
      const { duel } = await t.service.startDuel({ platform: 'discord', community: 'g1', channel: i === 0 ? 'c1' : 'c2', author: `discord:${i}`, prompt: `duel ${i}` });
      await t.service.vote({ duelId: duel.id, voter: 'discord:9', choice: 'A', op: 'add' });
      await t.service.close(duel.id);
    }
    const { duel: unvoted } = await t.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author: 'discord:x', prompt: 'nobody votes' });
    await t.service.close(unvoted.id);
    const board = await t.service.leaderboard({ scope: 'community', platform: 'discord', community: 'g1', since: 'all' });
    expect(board.battles).toBe(3);
    expect(board.rows[0].spec).toBe(OLLAMA_SPEC);
    expect(board.rows[0].wins).toBe(3);
    expect(board.rows[0].label).toBe('Qwen3.6-35B-A3B (local)');
    expect(board.sideAWinShare).toBe(1);
    expect((await t.service.leaderboard({ scope: 'channel', platform: 'discord', community: 'g1', channel: 'c1', since: '7d' })).battles).toBe(1);
    expect((await t.service.leaderboard({ scope: 'community', platform: 'discord', community: 'other', since: 'all' })).battles).toBe(0);
    const chart = await t.service.leaderboardChart(board);
    expect(chart.subarray(0, 4)).toEqual(PNG);
  });
});
