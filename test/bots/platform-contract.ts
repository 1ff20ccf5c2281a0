/**
 * The contract every chat platform adapter meets (DESIGN: "contract suites that every
 * implementation of a port runs"). Each platform runs it with a small driver built on its own
 * harness: the REAL bot library against the platform's protocol fake, the real engine on a real
 * SQLite temp file. The suite speaks only in abstract users ('alice', 'bob', ...) and choices;
 * the driver turns them into the platform's ids, emoji and events.
 *
 *   platformContract('discord', () => startDiscordDriver());
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DuelApi } from '../../src/core/duel/duel-api.js';
import { ANTHROPIC_SPEC, OLLAMA_SPEC, createTestEngine, type TestEngineOptions } from '../helpers/engine.js';
import { systemClock, type Choice, type Clock } from '../../src/core/model/types.js';

/** A reaction change made while the bot is down (no event is delivered for it). */
export interface OfflineReaction {
  op: 'add' | 'remove';
  user: string;
  choice: Choice;
}

/** A message the bot posted at the top level of the channel carrying an image. */
export interface DuelPost {
  text: string;
  /** Bytes of every image the message shows. */
  images: Buffer[];
}

/** What a platform must offer for the contract to drive it. Users are abstract names. */
export interface PlatformDriver {
  /** The engine's service now (it changes on restart). */
  service(): DuelApi;
  /** Send the duel command as `user`; resolves once the duel message is posted with its seeded reactions. */
  startDuel(prompt: string, user: string): Promise<{ duelId: string }>;
  /** Channel messages with an image (the duel message(s)), oldest first. */
  duelPosts(): DuelPost[];
  /** The images of the latest duel message as the bot first posted it (before any edit). */
  firstPostedImages(): Buffer[];
  /** The reactions the bot added to the latest duel message, in order, as choices (null: not a vote emoji). */
  botSeededReactions(): Array<Choice | null>;
  /** `user` adds / removes the reaction for `choice` on the latest duel message (event delivered). */
  react(user: string, choice: Choice): Promise<void>;
  unreact(user: string, choice: Choice): Promise<void>;
  /** `user` reacts with an emoji that is no vote. */
  reactOther(user: string): Promise<void>;
  /** The bot's own reaction event for `choice` arrives (as platforms echo the bot's own reactions). */
  reactAsBot(choice: Choice): Promise<void>;
  /** Another app's bot (not this one) reacts with `choice` on the latest duel message (event delivered). */
  reactAsOtherBot(choice: Choice): Promise<void>;
  /** Stored votes of a duel, keyed by abstract user name (voters the driver does not know: by raw voter id). */
  votes(duelId: string): Promise<Record<string, Choice>>;
  /**
   * Stop the bot and its engine, change reactions with no events delivered, start again on the same
   * DB (with the engine's clock `clockAheadMs` ahead: the bot was down that long). Breakage set by
   * breakPosts/breakReveals is healed for the new start.
   */
  restart(whileDown: OfflineReaction[], options?: { clockAheadMs?: number }): Promise<void>;
  /** Close the duel through the engine; resolves with the text of the duel message once it shows the reveal. */
  closeAndReveal(duelId: string): Promise<string>;
  /** Resolves with the text of the latest duel message once it shows a reveal (the tally). */
  revealedText(): Promise<string>;
  /** Make posting a duel message fail (true) or work again (false). */
  breakPosts(broken: boolean): void;
  /** Make every edit of the duel message (the reveal) fail until the next restart. */
  breakReveals(broken: boolean): void;
  /** How many times the bot tried to edit the latest duel message into a reveal. */
  revealAttempts(): number;
  /** Send the duel command while posts fail; resolves once the requester was told, with what they were told. */
  startUnpostedDuel(prompt: string, user: string): Promise<{ duelId: string; told: string }>;
  /** The SQLite file the bot's engine uses (another process may open it, as `duel close` does). */
  dbPath(): string;
  /** The status line of each progress edit while the duel was drawn (without the prompt heading), in the order sent. */
  progressTexts(): string[];
  /** Every text the bot sent to the platform since the driver started (payloads serialized). */
  sentTexts(): string[];
  /** Sent payloads in which a mass mention (everyone / here / channel) would notify people; [] when safe. */
  mentionLeaks(): string[];
  stop(): Promise<void>;
}

/** The system clock, `ms` ahead: an engine started after the bot was down that long. */
export function clockAhead(ms: number): Clock {
  return { now: () => Date.now() + ms, setTimeout: systemClock.setTimeout, clearTimeout: systemClock.clearTimeout };
}

/** How a driver's engine is set up (fake model behaviour, side randomness). */
export interface DriverOptions {
  engine?: Pick<TestEngineOptions, 'random' | 'ollamaBehaviour' | 'anthropicBehaviour'>;
}

/** One duel-level progress state, as every platform words it, with the digits taken out. */
const DUEL_LEVEL = /^(starting…?|(drawing|rendering|done) · N s( · waiting for the [\w -]+ \(N\w\w in line\))?)$/;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A small SMIL-animated drawing: a bar that spins (the fake model's reply for an animated duel). */
const SPINNING_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/><rect x="10" y="45" width="80" height="10" fill="#e33"><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="1s" repeatCount="indefinite"/></rect></svg>';
const LABELS = ['Claude Opus 4.7', 'Qwen3.6-35B-A3B (local)'];
const SPECS = [ANTHROPIC_SPEC, OLLAMA_SPEC];

/** Poll until `fn` holds (votes are stored asynchronously after the event arrives). */
async function until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A barrier: a sentinel user votes and retracts, and we wait for both. Events are handled in
 * order, so once the sentinel is seen, every event sent before it has been handled too; this is
 * how "X changed nothing" is checked without sleeping.
 */
async function settle(d: PlatformDriver, duelId: string): Promise<void> {
  await d.react('sentinel', 'A');
  await until(async () => (await d.votes(duelId)).sentinel === 'A', 'the sentinel vote');
  await d.unreact('sentinel', 'A');
  await until(async () => !('sentinel' in (await d.votes(duelId))), 'the sentinel retraction');
}

async function voted(d: PlatformDriver, duelId: string, expected: Record<string, Choice>, what: string): Promise<void> {
  await until(async () => JSON.stringify(sorted(await d.votes(duelId))) === JSON.stringify(sorted(expected)), what).catch(() => undefined);
  expect(await d.votes(duelId), what).toEqual(expected);
}

function sorted(o: Record<string, Choice>): Array<[string, Choice]> {
  return Object.entries(o).sort(([a], [b]) => a.localeCompare(b));
}

export function platformContract(name: string, makeDriver: (options?: DriverOptions) => Promise<PlatformDriver>): void {
  describe(`${name}: platform contract`, () => {
    let d: PlatformDriver | undefined;
    const start = async (options?: DriverOptions) => (d = await makeDriver(options));
    afterEach(async () => {
      await d?.stop();
      d = undefined;
    });

    it('posts one duel message with a real PNG and seeds exactly the four vote reactions', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a pelican riding a bicycle', 'alice');
      const posts = d.duelPosts();
      expect(posts).toHaveLength(1);
      expect(posts[0].text).toContain('a pelican riding a bicycle');
      expect(posts[0].images).toHaveLength(1);
      expect(posts[0].images[0].subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(await d.service().image(duelId, 'animated')).toBeUndefined();
      expect(posts[0].images[0].length).toBeGreaterThan(1000);
      expect(d.botSeededReactions()).toEqual(['A', 'B', 'tie', 'bad']);
      expect((await d.service().getDuel(duelId))?.status).toBe('open');
      // The seeds are the bot's own: they are no votes.
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({});
    });

    it('posts the PNG of a duel whose drawing animates at once, then edits its image into the animated GIF', async () => {
      const d = await start({ engine: { ollamaBehaviour: { text: `Here it is:\n${SPINNING_SVG}` } } });
      const { duelId } = await d.startDuel('a spinning bar', 'alice');
      // The vote opened on the still: the message went out with the PNG, never waiting for the GIF.
      expect(d.firstPostedImages()).toHaveLength(1);
      expect(d.firstPostedImages()[0].subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      const isGif = (b: Buffer | undefined) => b?.subarray(0, 6).toString('latin1') === 'GIF89a';
      const text = d.duelPosts()[0].text;
      await until(() => isGif(d.duelPosts()[0]?.images[0]), 'the duel image edited into the GIF');
      const posts = d.duelPosts();
      expect(posts).toHaveLength(1);
      expect(posts[0].images).toHaveLength(1);
      expect(posts[0].text).toBe(text);
      expect(posts[0].images[0].equals((await d.service().image(duelId, 'animated'))!)).toBe(true);
      expect((await d.service().getDuel(duelId))?.status).toBe('open');
      // Revealing keeps the moving picture.
      await d.closeAndReveal(duelId);
      expect(d.duelPosts()[0].images[0].subarray(0, 6).toString('latin1')).toBe('GIF89a');
    });

    it('stores a vote, replaces it with a new reaction, retracts on removing the current one, ignores a stale removal', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a lighthouse in a storm', 'alice');
      await d.react('alice', 'A');
      await voted(d, duelId, { alice: 'A' }, 'alice votes A');
      await d.react('alice', 'B');
      await voted(d, duelId, { alice: 'B' }, 'a new reaction replaces the vote');
      // Alice still shows 🅰️ too; taking it off now is stale and keeps her B.
      await d.unreact('alice', 'A');
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({ alice: 'B' });
      await d.react('bob', 'tie');
      await d.react('carol', 'bad');
      await voted(d, duelId, { alice: 'B', bob: 'tie', carol: 'bad' }, 'three voters');
      await d.unreact('alice', 'B');
      await voted(d, duelId, { bob: 'tie', carol: 'bad' }, 'removing the current reaction retracts');
    });

    it("never counts the bot's own reactions or an unrelated emoji", async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a robot gardening', 'alice');
      for (const c of ['A', 'B', 'tie', 'bad'] as const) await d.reactAsBot(c);
      await d.reactOther('bob');
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({});
      await d.react('bob', 'B');
      await d.reactOther('bob');
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({ bob: 'B' });
    });

    it('after a restart, the votes match the reactions shown, including changes made while down', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a cat on a skateboard', 'alice');
      await d.react('alice', 'A');
      await d.react('bob', 'B');
      await d.react('carol', 'tie');
      await voted(d, duelId, { alice: 'A', bob: 'B', carol: 'tie' }, 'three votes before the restart');
      await d.restart([
        { op: 'remove', user: 'alice', choice: 'A' }, // retracted while down
        { op: 'add', user: 'dave', choice: 'bad' }, // new while down
        { op: 'remove', user: 'carol', choice: 'tie' }, // switched while down
        { op: 'add', user: 'carol', choice: 'A' },
      ]);
      expect(await d.votes(duelId)).toEqual({ bob: 'B', carol: 'A', dave: 'bad' });
      // Reactions keep working on the restarted bot.
      await d.react('erin', 'B');
      await voted(d, duelId, { bob: 'B', carol: 'A', dave: 'bad', erin: 'B' }, 'a vote after the restart');
    });

    it('closing edits the duel message into the reveal naming both models and the winner', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a teapot', 'alice');
      await d.react('alice', 'A');
      await d.react('bob', 'A');
      await d.react('carol', 'B');
      await voted(d, duelId, { alice: 'A', bob: 'A', carol: 'B' }, 'three votes');
      const text = await d.closeAndReveal(duelId);
      const reveal = (await d.service().getReveal(duelId))!;
      expect(reveal.status).toBe('closed');
      expect(reveal.winner).toBe('A');
      expect([reveal.sides.A.label, reveal.sides.B.label].sort()).toEqual([...LABELS].sort());
      expect(text).toContain('a teapot');
      for (const label of LABELS) expect(text).toContain(label);
      const winnerLine = text.split('\n').find((l) => /winner/i.test(l));
      expect(winnerLine).toContain(reveal.sides.A.label);
      expect(winnerLine).not.toContain(reveal.sides.B.label);
      // It is the same message, edited: still one duel post, still the image.
      expect(d.duelPosts()).toHaveLength(1);
      expect(d.duelPosts()[0].text).toBe(text);
      expect(d.duelPosts()[0].images).toHaveLength(1);
    });

    it('a prompt with mass mentions never notifies anyone, in anything the bot sends', async () => {
      const d = await start();
      const prompt = 'a cat @everyone <!channel> and a dog @here <!here> <!everyone>';
      const { duelId } = await d.startDuel(prompt, 'alice');
      // Stored (and drawn) as typed; only what is shown is made harmless.
      expect((await d.service().getDuel(duelId))?.prompt).toBe(prompt);
      await d.react('bob', 'B');
      await voted(d, duelId, { bob: 'B' }, 'a vote');
      await d.closeAndReveal(duelId);
      expect(d.sentTexts().some((t) => t.includes('a cat'))).toBe(true);
      expect(d.mentionLeaks()).toEqual([]);
    });

    it('names neither model anywhere before the reveal (blind), and both after', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a pelican', 'alice');
      await d.react('alice', 'B');
      await voted(d, duelId, { alice: 'B' }, 'a vote');
      const before = d.sentTexts();
      expect(before.length).toBeGreaterThan(0);
      for (const text of before) {
        for (const needle of [...LABELS, ...SPECS]) expect(text).not.toContain(needle);
        expect(text).not.toMatch(/qwen|claude|ollama|anthropic/i);
      }
      await d.closeAndReveal(duelId);
      const after = d.sentTexts().join('\n');
      for (const label of LABELS) expect(after).toContain(label);
    });

    it('shows one duel-level progress, never a side, whichever side answers first (blind progress)', async () => {
      // random < 0.5 puts Ollama (instant here) on A, >= 0.5 on B; Anthropic answers after a delay.
      for (const random of [() => 0.1, () => 0.9]) {
        const drv = await start({ engine: { random, anthropicBehaviour: { firstChunkDelayMs: 1500 } } });
        await drv.startDuel('a slow pelican', 'alice');
        const shown = drv.progressTexts().map((t) => t.replace(/\d+/g, 'N'));
        expect(shown.length).toBeGreaterThan(0);
        for (const line of shown) expect(line).toMatch(DUEL_LEVEL);
        expect(shown.some((l) => l.startsWith('drawing'))).toBe(true);
        await drv.stop();
        d = undefined;
      }
    });

    it('closes a duel it could not post and tells the requester why, then keeps serving', async () => {
      const d = await start();
      d.breakPosts(true);
      const { duelId, told } = await d.startUnpostedDuel('a pelican nobody will see', 'alice');
      expect(told).toMatch(/could not (be )?post/i);
      const duel = (await d.service().getDuel(duelId))!;
      // Nobody can vote on a message that does not exist: closed at once, not left open for the window.
      expect(duel.status).toBe('closed');
      expect(duel.messageRef).toBeNull();
      expect(d.duelPosts()).toHaveLength(0);
      d.breakPosts(false);
      const next = await d.startDuel('a pelican everyone will see', 'bob');
      expect((await d.service().getDuel(next.duelId))?.status).toBe('open');
      expect(d.duelPosts()).toHaveLength(1);
    });

    it('retries a reveal the platform refused at its next start', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a teapot in the rain', 'alice');
      await d.react('bob', 'B');
      await voted(d, duelId, { bob: 'B' }, 'a vote');
      d.breakReveals(true);
      await d.service().close(duelId);
      await until(() => d.revealAttempts() > 0, 'the refused reveal');
      expect(d.duelPosts()[0].text).not.toMatch(/votes/i);
      await d.restart([]);
      const text = await d.revealedText();
      expect(text).toContain('a teapot in the rain');
      for (const label of LABELS) expect(text).toContain(label);
      expect((await d.service().getReveal(duelId))?.tally.B).toBe(1);
    });

    it('reveals a duel closed by another process (duel close) while it runs, without a restart', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a heron at dawn', 'alice');
      await d.react('carol', 'A');
      await voted(d, duelId, { carol: 'A' }, 'a vote');
      const other = await createTestEngine({ dbPath: d.dbPath() });
      try {
        expect((await other.service.close(duelId)).status).toBe('closed');
      } finally {
        await other.close();
      }
      const text = await d.revealedText();
      for (const label of LABELS) expect(text).toContain(label);
    });

    it('after a restart past the close time, closes with the votes it had: reactions added while down never count', async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a lighthouse', 'alice');
      await d.react('alice', 'A');
      await voted(d, duelId, { alice: 'A' }, 'a vote before the bot went down');
      await d.restart(
        [
          { op: 'add', user: 'bob', choice: 'B' },
          { op: 'add', user: 'carol', choice: 'B' },
          { op: 'remove', user: 'alice', choice: 'A' },
        ],
        { clockAheadMs: 2 * 60 * 60_000 },
      );
      const reveal = (await until(async () => await d.service().getReveal(duelId), 'the overdue duel closing at start'))!;
      expect(reveal.tally).toEqual({ A: 1, B: 0, tie: 0, bad: 0 });
      expect(reveal.winner).toBe('A');
      expect(await d.revealedText()).toMatch(/votes/i);
    });

    it("never counts another app's bot reactions, live or when reconciling after a restart", async () => {
      const d = await start();
      const { duelId } = await d.startDuel('a robot band', 'alice');
      await d.reactAsOtherBot('A');
      await d.react('bob', 'B');
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({ bob: 'B' });
      await d.reactAsOtherBot('B');
      await settle(d, duelId);
      expect(await d.votes(duelId)).toEqual({ bob: 'B' });
      await d.restart([]);
      expect(await d.votes(duelId)).toEqual({ bob: 'B' });
    });
  });
}
