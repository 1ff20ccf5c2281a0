/**
 * The engine when things go sideways: votes racing the close time or a reconcile, shutdown in
 * the middle of a drawing, a queue that does not move, and leaderboards that must not go stale.
 */
import { describe, expect, it } from 'vitest';
import { OLLAMA_SPEC, type TestEngine, useTestEngines } from '../../helpers/engine.js';
import { ManualClock } from '../../helpers/manual-clock.js';

const WINDOW = 60_000;
const engine = useTestEngines({ voteWindowMs: WINDOW });

const start = (t: TestEngine, author = 'discord:1') =>
  t.service.startDuel({ platform: 'discord', community: 'g1', channel: 'c1', author, prompt: 'a pelican riding a bicycle' });

describe('votes and the close time', () => {
  it('refuses a vote after the close time even before the duel is closed', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const { duel } = await start(t);
    clock.advance(WINDOW); // no platform armed: nobody has closed it yet
    expect((await t.service.getDuel(duel.id))?.status).toBe('open');
    expect((await t.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'add' })).reason).toBe('closed');
  });
});

describe('reconcile', () => {
  it('leaves alone a vote that arrived live while the platform was being read', async () => {
    const clock = new ManualClock();
    const t = await engine({ clock });
    const { duel } = await start(t);
    await t.service.vote({ duelId: duel.id, voter: 'discord:old', choice: 'A', op: 'add' });
    clock.advance(1000);
    const snapshotStartedAt = t.service.now();
    clock.advance(1000);
    await t.service.vote({ duelId: duel.id, voter: 'discord:live', choice: 'B', op: 'add' });
    // The snapshot was read before discord:live reacted, and shows discord:old's A removed.
    const changed = await t.service.reconcile(duel.id, [], { snapshotStartedAt });
    expect(changed).toBe(1);
    expect(Object.fromEntries(await t.service.votes(duel.id))).toEqual({ 'discord:live': 'B' });
  });

  it('lets core decide among several reactions of one voter', async () => {
    const t = await engine();
    const { duel } = await start(t);
    await t.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'tie', op: 'add' });
    await t.service.reconcile(duel.id, [
      { voter: 'discord:2', choice: 'A' },
      { voter: 'discord:2', choice: 'tie' },
    ]);
    expect((await t.service.votes(duel.id)).get('discord:2')).toBe('tie');
  });
});

describe('stopping and waiting', () => {
  it('cancels drawings in progress on stop, and stores the duel as no contest', async () => {
    const t = await engine({ ollamaBehaviour: { hang: true } });
    const running = start(t);
    await new Promise((r) => setTimeout(r, 200));
    await t.service.stop();
    const outcome = await running;
    expect(outcome.duel.status).toBe('no-contest');
    const stopped = Object.values(outcome.entries).find((e) => e.spec === OLLAMA_SPEC)!;
    expect(stopped.error).toMatch(/shutting down/);
    expect(t.ollama.requests.find((r) => r.path === '/api/chat')?.closedEarly).toBe(true);
  });

  it('gives up on a queue that does not move, with a message that says so', async () => {
    const t = await engine({ ollamaBehaviour: { hang: true }, env: { DUEL_QUEUE_TIMEOUT: '300ms', DUEL_TIMEOUT: '2s', DUEL_MAX_GENERATING: '5' } });
    const first = start(t, 'discord:1');
    const second = await start(t, 'discord:2'); // waits behind the first on the one Ollama slot
    const queued = Object.values(second.entries).find((e) => e.spec === OLLAMA_SPEC)!;
    expect(queued.errorKind).toBe('timeout');
    expect(queued.error).toMatch(/waited more than 1 s for its turn/);
    expect((await first).duel.status).toBe('no-contest');
  });
});

describe('leaderboard caching', () => {
  it('never serves a board older than the last vote or close', async () => {
    const t = await engine({ random: () => 0.1 });
    const { duel } = await start(t);
    const query = { scope: 'global', since: 'all' } as const;
    expect((await t.service.leaderboard(query)).battles).toBe(0);
    await t.service.vote({ duelId: duel.id, voter: 'discord:2', choice: 'A', op: 'add' });
    await t.service.close(duel.id);
    const after = await t.service.leaderboard(query);
    expect(after.battles).toBe(1);
    expect(await t.service.leaderboard(query)).toBe(after);
  });
});

describe('closing early', () => {
  it('is for the author or a moderator, and only while open', async () => {
    const t = await engine();
    const { duel } = await start(t, 'discord:author');
    expect(await t.service.canCloseEarly(duel.id, 'discord:author')).toBe(true);
    expect(await t.service.canCloseEarly(duel.id, 'discord:someone')).toBe(false);
    expect(await t.service.canCloseEarly(duel.id, 'discord:someone', { moderator: true })).toBe(true);
    await t.service.close(duel.id);
    expect(await t.service.canCloseEarly(duel.id, 'discord:author')).toBe(false);
    expect(await t.service.canCloseEarly('nosuchduel', 'discord:author', { moderator: true })).toBe(false);
  });
});
