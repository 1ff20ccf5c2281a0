/**
 * Voting never waits for a GIF: a duel with an animated drawing opens as soon as its stills are
 * drawn, its PNG is posted, and the animated composite follows (stored, then shown in place of the
 * PNG). The GIF is held by a gate this test opens by hand (a Renderer implementing the port over the
 * real pool), so "before" and "after" are events, never timing. A GIF that fails leaves the PNG;
 * an engine that stops gives the GIF up and stores nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectChatPlatform, runChatDuel } from '../../../src/core/chat/chat-duel.js';
import type { ChatImage, ChatPlatform, DuelRequest } from '../../../src/core/chat/chat-platform.js';
import { createDuelService } from '../../../src/core/duel/duel-service.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import type { DuelOutcome } from '../../../src/core/model/records.js';
import type { AnimatedImage, Contender, Renderer } from '../../../src/core/model/types.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import { leaderboardChartSvg } from '../../../src/render/leaderboard-chart.js';
import { createRenderer, type PoolRenderer } from '../../../src/render/renderer.js';

const STILL = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#3355ff"/></svg>';
const SPIN = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/><rect x="10" y="45" width="80" height="10" fill="#e33"><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="1s" repeatCount="indefinite"/></rect></svg>';

function contender(spec: string, svg: string): Contender {
  return { spec, label: spec, provider: spec.split(':')[0], draw: async () => ({ text: svg, ms: 5, tokens: { input: 1, output: 1 } }) };
}

/** The real renderer, whose animated composite waits until the test opens the gate (or fails it). */
class GatedRenderer implements Renderer {
  asked = 0;
  private release!: (outcome: 'make' | 'fail') => void;
  private readonly gate = new Promise<'make' | 'fail'>((r) => (this.release = r));
  private askedNow!: () => void;
  readonly askedForGif = new Promise<void>((r) => (this.askedNow = r));

  constructor(private readonly real: PoolRenderer) {}
  extract = (t: string) => this.real.extract(t);
  render = (svg: string, o?: { box?: number; at?: number }) => this.real.render(svg, o);
  composite = (input: Parameters<Renderer['composite']>[0]) => this.real.composite(input);
  renderTrusted = (svg: string) => this.real.renderTrusted(svg);
  isAnimated = (svg: string) => this.real.isAnimated(svg);
  close = async () => {};
  async animatedComposite(input: Parameters<NonNullable<Renderer['animatedComposite']>>[0], options?: Parameters<NonNullable<Renderer['animatedComposite']>>[1]): Promise<AnimatedImage> {
    this.asked++;
    this.askedNow();
    if ((await this.gate) === 'fail') throw new Error('the animation ran out of time (test)');
    return { ...(await this.real.animatedComposite(input, options)), frameMs: 7.5 };
  }
  open(): void {
    this.release('make');
  }
  fail(): void {
    this.release('fail');
  }
}

let pool: PoolRenderer;
beforeAll(() => {
  pool = createRenderer({ poolSize: 2, box: 128 });
});
afterAll(() => pool?.close());

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function engine(renderer: Renderer, a = SPIN, b = STILL): { service: DuelApi; logs: Array<Record<string, any>> } {
  const dir = mkdtempSync(join(tmpdir(), 'duel-follows-'));
  const store = openSqliteStore(join(dir, 'duels.db'));
  const logs: Array<Record<string, any>> = [];
  const service = createDuelService({
    store,
    renderer,
    contenders: [contender('fake:one', a), contender('fake:two', b)],
    logger: pino({ level: 'info' }, { write: (s: string) => void logs.push(JSON.parse(s)) }),
    settings: { cooldownMs: 0 },
    chartSvg: leaderboardChartSvg,
  });
  cleanups.push(async () => {
    await service.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { service, logs };
}

const INPUT = { platform: 'discord' as const, community: 'G1', channel: 'C1', author: 'discord:U1', prompt: 'a spinning bar' };

/** A chat that records what it was asked to show, and tells when the animation arrives. */
class RecordingChat implements ChatPlatform {
  readonly platform = 'discord' as const;
  readonly progressIntervalMs = 0;
  events: Array<{ what: 'post' | 'animation'; image: ChatImage; status: string }> = [];
  private shown!: () => void;
  readonly animationShown = new Promise<void>((r) => (this.shown = r));
  async postDuel(outcome: DuelOutcome, image: ChatImage): Promise<string> {
    this.events.push({ what: 'post', image, status: outcome.duel.status });
    return 'm1';
  }
  async showAnimation(outcome: DuelOutcome, image: ChatImage): Promise<void> {
    this.events.push({ what: 'animation', image, status: outcome.duel.status });
    this.shown();
  }
  async showReveal(): Promise<void> {}
}

/**
 * A chat whose edit into the GIF is slow: it finishes once the duel is closed in the store and the
 * reveal has had its chance to run (or has run: then the order shows it came first).
 */
class SlowEditChat implements ChatPlatform {
  readonly platform = 'discord' as const;
  readonly progressIntervalMs = 0;
  events: string[] = [];
  private started!: () => void;
  readonly editStarted = new Promise<void>((r) => (this.started = r));
  constructor(private readonly service: DuelApi) {}
  async postDuel(): Promise<string> {
    this.events.push('post');
    return 'm1';
  }
  async showAnimation(outcome: DuelOutcome): Promise<void> {
    this.events.push('edit started');
    this.started();
    while ((await this.service.getDuel(outcome.duel.id))?.status !== 'closed') await new Promise((r) => setTimeout(r, 10));
    for (let turn = 0; turn < 50 && !this.events.includes('reveal'); turn++) await new Promise((r) => setImmediate(r));
    this.events.push('edit done');
  }
  private revealedNow!: () => void;
  readonly revealed = new Promise<void>((r) => (this.revealedNow = r));
  async showReveal(): Promise<void> {
    this.events.push('reveal');
    this.revealedNow();
  }
}

function request(): DuelRequest {
  const ok = async () => undefined;
  return { input: INPUT, refuse: ok, acknowledge: ok, showProgress: ok, withdraw: ok, posted: ok, postFailed: ok, failed: ok };
}

describe('the animated composite follows the vote', () => {
  it('opens the duel on its stills while the GIF is held, then stores the GIF and its frame cost', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated);
    const outcome = await service.startDuel(INPUT);
    await gated.askedForGif;
    // Open for votes, with its PNG, while the GIF has not been made.
    expect(outcome.duel.status).toBe('open');
    expect(outcome.images.composite.subarray(1, 4).toString()).toBe('PNG');
    expect(outcome.animation).toBeDefined();
    expect(await service.image(outcome.duel.id, 'animated')).toBeUndefined();
    expect(await service.imageKinds(outcome.duel.id)).not.toContain('animated');
    gated.open();
    const gif = (await outcome.animation)!;
    expect(gif.subarray(0, 6).toString()).toBe('GIF89a');
    expect(await service.image(outcome.duel.id, 'animated')).toEqual(gif);
    const facts = (await service.drawingFacts([outcome.duel.id])).get(outcome.duel.id)!;
    const moving = facts.A.animated ? 'A' : 'B';
    expect(facts[moving].frameMs).toBe(7.5);
    expect(facts[moving === 'A' ? 'B' : 'A']).toMatchObject({ animated: false, frameMs: null });
    expect(gated.asked).toBe(1);
  }, 60_000);

  it('on a chat: posts the PNG at once, then shows the GIF in its place', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated);
    const chat = new RecordingChat();
    const posted = await runChatDuel({ service, platform: chat, logger: pino({ level: 'silent' }) }, request());
    await gated.askedForGif;
    expect(chat.events.map((e) => [e.what, e.image.contentType])).toEqual([['post', 'image/png']]);
    gated.open();
    await chat.animationShown;
    expect(chat.events.map((e) => [e.what, e.image.contentType, e.status])).toEqual([
      ['post', 'image/png', 'open'],
      ['animation', 'image/gif', 'open'],
    ]);
    expect(chat.events[1].image.data).toEqual(await service.image(posted!.duel.id, 'animated'));
    expect(chat.events[1].image.filename).toBe(`duel-${posted!.duel.id}.gif`);
  }, 60_000);

  it('reveals only after an edit into the GIF that was under way when the duel closed', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated);
    const chat = new SlowEditChat(service);
    const connected = await connectChatPlatform({ service, platform: chat, logger: pino({ level: 'silent' }) });
    cleanups.push(() => connected.stop());
    const posted = await runChatDuel({ service, platform: chat, logger: pino({ level: 'silent' }) }, request());
    gated.open();
    await chat.editStarted;
    // Closed while the message is being edited into the GIF: the edit must not land over the reveal.
    await service.close(posted!.duel.id);
    await chat.revealed;
    expect(chat.events).toEqual(['post', 'edit started', 'edit done', 'reveal']);
  }, 60_000);

  it('leaves the PNG, with a log line, when the GIF fails', async () => {
    const gated = new GatedRenderer(pool);
    const { service, logs } = engine(gated);
    const chat = new RecordingChat();
    const posted = await runChatDuel({ service, platform: chat, logger: pino({ level: 'silent' }) }, request());
    await gated.askedForGif;
    gated.fail();
    expect(await posted!.animation).toBeUndefined();
    expect(await service.image(posted!.duel.id, 'animated')).toBeUndefined();
    expect(chat.events.map((e) => e.what)).toEqual(['post']);
    expect(logs.find((l) => l.msg?.startsWith('no animated composite'))).toMatchObject({ duelId: posted!.duel.id, err: 'the animation ran out of time (test)' });
    expect((await service.getDuel(posted!.duel.id))?.status).toBe('open');
  }, 60_000);

  it('gives the GIF up when the engine stops, storing nothing', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated);
    const outcome = await service.startDuel(INPUT);
    await gated.askedForGif;
    // stop() waits for work in flight: it resolves although the gate is never opened.
    await service.stop();
    expect(await outcome.animation).toBeUndefined();
  }, 60_000);

  it('makes one animated composite at a time, so GIFs never take every render worker', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated);
    const first = await service.startDuel(INPUT);
    await gated.askedForGif;
    const second = await service.startDuel({ ...INPUT, prompt: 'another spinning bar' });
    // The second duel is open, and its GIF waits for the first one's turn to end.
    expect(second.duel.status).toBe('open');
    expect(gated.asked).toBe(1);
    gated.open();
    expect((await first.animation)?.subarray(0, 6).toString()).toBe('GIF89a');
    expect((await second.animation)?.subarray(0, 6).toString()).toBe('GIF89a');
    expect(gated.asked).toBe(2);
  }, 60_000);

  it('asks for no GIF when neither drawing animates', async () => {
    const gated = new GatedRenderer(pool);
    const { service } = engine(gated, STILL, STILL);
    const outcome = await service.startDuel(INPUT);
    expect(outcome.animation).toBeUndefined();
    expect(gated.asked).toBe(0);
  }, 60_000);
});
