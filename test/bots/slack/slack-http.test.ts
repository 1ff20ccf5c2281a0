/**
 * The Slack bot in HTTP mode: real Bolt + real engine against the fake Slack, requests signed
 * as Slack signs them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../helpers/manual-clock.js';
import { CHANNEL, PNG_SIGNATURE, everythingSent, startHarness, waitFor, type Harness } from './harness.js';
import type { FakeMessage } from '../../fakes/fake-slack/index.js';

function duelMessages(h: Harness): FakeMessage[] {
  return [...h.fake.messages.values()].filter((m) => m.blocks.some((b) => (b as { type?: string }).type === 'image') && !m.threadTs);
}

describe('slack bot over HTTP', () => {
  let h: Harness;
  const clock = new ManualClock(Date.now());

  beforeAll(async () => {
    h = await startHarness({ mode: 'http', engine: { clock, voteWindowMs: 60_000 } });
  });
  afterAll(async () => {
    await h.stop();
    await h.fake.stop();
  });

  let duelTs = '';
  let duelId = '';

  it('runs /duel end to end: ack, one progress message, PNG upload, duel message, four reactions', async () => {
    const res = await h.command('/duel', 'a pelican riding a bicycle');
    expect(res.status).toBe(200);
    const reactions = await waitFor(() => h.fake.callsOf('reactions.add').length === 4 && h.fake.callsOf('reactions.add'), 'the four vote reactions');
    expect(reactions.map((c) => c.params.name)).toEqual(['a', 'b', 'handshake', 'thumbsdown']);

    // Progress: exactly one progress message, then edits of it.
    const posts = h.fake.callsOf('chat.postMessage');
    expect(posts).toHaveLength(2);
    expect(String(posts[0].params.text)).toContain('Drawing “a pelican riding a bicycle”');
    const progressTs = [...h.fake.messages.values()].find((m) => m.text.includes('a pelican') && m.blocks.length === 0)!.ts;
    // The progress line says the duel is up once its vote reactions are in place.
    const updates = await waitFor(() => {
      const u = h.fake.callsOf('chat.update').filter((c) => c.params.ts === progressTs);
      return String(u.at(-1)?.params.text).includes('Vote on the duel below') && u;
    }, 'the progress line pointing at the duel');
    expect(updates.length).toBeGreaterThan(0);

    // The composite was uploaded privately as a real PNG, then referenced by an image block.
    const upload = h.fake.callsOf('files.getUploadURLExternal')[0];
    const file = [...h.fake.files.values()][0];
    expect(Number(upload.params.length)).toBe(file.bytes!.length);
    expect(file.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const complete = h.fake.callsOf('files.completeUploadExternal')[0];
    expect(complete.params.channel_id).toBeUndefined();
    expect(complete.params.channels).toBeUndefined();

    const [msg] = duelMessages(h);
    duelTs = msg.ts;
    expect(msg.blocks[0]).toMatchObject({ type: 'image', slack_file: { id: file.id } });
    expect(msg.text).toContain('a pelican riding a bicycle');
    expect(msg.text).toContain('React :a: or :b: (:handshake: tie, :thumbsdown: both bad)');
    expect(msg.text).toMatch(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^>]+>/);
    expect([...msg.reactions.keys()]).toEqual(['a', 'b', 'handshake', 'thumbsdown']);

    const duel = await h.engine.service.findByMessage('slack', `${CHANNEL}:${duelTs}`);
    expect(duel?.status).toBe('open');
    expect(duel?.prompt).toBe('a pelican riding a bicycle');
    expect(duel?.author).toBe('slack:U1');
    duelId = duel!.id;
    // Blind: nothing sent so far names a contender.
    expect(everythingSent(h.fake)).not.toMatch(/qwen|claude|ollama|anthropic/i);
  });

  it('turns reactions into votes in SQLite; the bot and other emoji do not count', async () => {
    const { service } = h.engine;
    expect(await h.react('add', 'U2', 'a', duelTs, 'Ev-1')).toBe(200);
    await waitFor(async () => (await service.votes(duelId)).get('slack:U2') === 'A', 'U2 votes A');
    await h.react('add', 'U2', 'b', duelTs, 'Ev-2');
    await waitFor(async () => (await service.votes(duelId)).get('slack:U2') === 'B', 'U2 switches to B');
    await h.react('add', 'U3', '-1::skin-tone-3', duelTs, 'Ev-3');
    await waitFor(async () => (await service.votes(duelId)).get('slack:U3') === 'bad', 'U3 votes both bad');
    await h.react('add', h.fake.botUserId, 'handshake', duelTs, 'Ev-4');
    await h.react('add', 'U4', 'tada', duelTs, 'Ev-5');
    await h.react('add', 'U5', 'handshake', duelTs, 'Ev-6');
    await waitFor(async () => (await service.votes(duelId)).get('slack:U5') === 'tie', 'U5 votes tie');
    expect(Object.fromEntries(await service.votes(duelId))).toEqual({ 'slack:U2': 'B', 'slack:U3': 'bad', 'slack:U5': 'tie' });
  });

  it('ignores a redelivered event (same event_id, X-Slack-Retry-Num: 1)', async () => {
    const { service } = h.engine;
    await h.react('remove', 'U5', 'handshake', duelTs, 'Ev-7');
    await waitFor(async () => !(await service.votes(duelId)).has('slack:U5'), 'U5 retracts');
    // Slack redelivers the earlier "U5 added :handshake:" event.
    const status = await h.signer.event(
      { type: 'reaction_added', user: 'U5', reaction: 'handshake', item: { type: 'message', channel: CHANNEL, ts: duelTs } },
      'Ev-6',
      h.fake.teamId,
      { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } },
    );
    expect(status.status).toBe(200);
    // A later, fresh event is processed after it; the retry changed nothing.
    await h.react('add', 'U6', 'a', duelTs, 'Ev-8');
    await waitFor(async () => (await service.votes(duelId)).get('slack:U6') === 'A', 'U6 votes A');
    expect((await service.votes(duelId)).has('slack:U5')).toBe(false);
  });

  it("never counts another app's bot reactions, and looks each user up only once", async () => {
    h.fake.otherBots.add('UOTHERAPP');
    const infoCalls = () => h.fake.callsOf('users.info').filter((c) => c.params.user === 'UOTHERAPP').length;
    await h.react('add', 'UOTHERAPP', 'a', duelTs, 'Ev-bot-1');
    await h.react('add', 'UOTHERAPP', 'b', duelTs, 'Ev-bot-2');
    await h.react('add', 'U8', 'a', duelTs, 'Ev-bot-3');
    await waitFor(async () => (await h.engine.service.votes(duelId)).get('slack:U8') === 'A', 'U8 votes A');
    expect((await h.engine.service.votes(duelId)).has('slack:UOTHERAPP')).toBe(false);
    expect(infoCalls()).toBe(1);
    await h.react('remove', 'U8', 'a', duelTs, 'Ev-bot-4');
    await waitFor(async () => !(await h.engine.service.votes(duelId)).has('slack:U8'), 'U8 retracts');
  });

  it('rejects a bad signature and a timestamp more than 5 minutes off either way with 401, processing nothing', async () => {
    const before = h.fake.calls.length;
    const fields = { command: '/duel', text: 'should never run', userId: 'U9', channelId: CHANNEL, teamId: h.fake.teamId, responseUrl: h.fake.responseUrl('bad') };
    expect((await h.signer.command(fields, { secret: 'not-the-secret' })).status).toBe(401);
    expect((await h.signer.command(fields, { timestampSec: Math.floor(Date.now() / 1000) - 10 * 60 })).status).toBe(401);
    // Correctly signed but an hour (or six minutes) in the future: refused the same way as an old one.
    expect((await h.signer.command(fields, { timestampSec: Math.floor(Date.now() / 1000) + 60 * 60 })).status).toBe(401);
    expect((await h.signer.command(fields, { timestampSec: Math.floor(Date.now() / 1000) + 6 * 60 })).status).toBe(401);
    const vote = { type: 'reaction_added', user: 'U9', reaction: 'a', item: { type: 'message', channel: CHANNEL, ts: duelTs } };
    expect((await h.signer.event(vote, 'Ev-bad', h.fake.teamId, { secret: 'nope' })).status).toBe(401);
    // Give a wrongly accepted request time to show up, then check nothing happened.
    await h.react('add', 'U7', 'b', duelTs, 'Ev-9');
    await waitFor(async () => (await h.engine.service.votes(duelId)).get('slack:U7') === 'B', 'U7 votes B');
    expect((await h.engine.service.votes(duelId)).has('slack:U9')).toBe(false);
    expect(h.fake.calls.slice(before).some((c) => JSON.stringify(c.params).includes('should never run'))).toBe(false);
    expect((await h.engine.service.listDuels({ platform: 'slack', limit: 10, offset: 0 })).total).toBe(1);
  });

  it('reveals at close: edits the duel message and posts the result in its thread', async () => {
    clock.advance(61_000);
    const thread = await waitFor(() => [...h.fake.messages.values()].find((m) => m.threadTs === duelTs), 'the thread reply');
    const msg = h.fake.message(CHANNEL, duelTs)!;
    const reveal = (await h.engine.service.getReveal(duelId))!;
    expect(reveal.status).toBe('closed');
    expect(reveal.tally).toEqual({ A: 1, B: 2, tie: 0, bad: 1 });
    expect(reveal.winner).toBe('B');
    for (const text of [msg.text, thread.text]) {
      expect(text).toContain(`*A* was ${reveal.sides.A.label}`);
      expect(text).toContain(`*B* was ${reveal.sides.B.label}`);
      expect(text).toContain('*Votes:* 4 (A 1 · B 2 · tie 0 · both bad 1)');
      expect(text).toContain(`*Winner:* B, ${reveal.sides.B.label}`);
    }
    // The image stays (same file, no re-upload).
    expect(msg.blocks[0]).toMatchObject({ type: 'image', slack_file: { id: [...h.fake.files.values()][0].id } });
    expect(h.fake.callsOf('files.getUploadURLExternal')).toHaveLength(1);
    // A vote after close does not count.
    await h.react('add', 'U8', 'a', duelTs, 'Ev-10');
    await new Promise((r) => setTimeout(r, 100));
    expect((await h.engine.service.getReveal(duelId))!.votes).toBe(4);
  });

  it('answers /leaderboard with the table in a code block and the chart image', async () => {
    const before = h.fake.callsOf('files.getUploadURLExternal').length;
    expect((await h.command('/leaderboard', 'server 7d')).status).toBe(200);
    const post = await waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => String(c.params.text).includes('Leaderboard')), 'the leaderboard post');
    const blocks = post.params.blocks as Array<{ type: string; text?: { text: string }; slack_file?: { id: string } }>;
    expect(blocks[0].text!.text).toContain('this workspace, last 7 days');
    expect(blocks[1].text!.text).toMatch(/^```\n[\s\S]*Rating[\s\S]*\n```$/);
    const board = await h.engine.service.leaderboard({ scope: 'community', since: '7d', platform: 'slack', community: h.fake.teamId });
    for (const row of board.rows) expect(blocks[1].text!.text).toContain(row.label.slice(0, 8));
    expect(blocks[2]).toMatchObject({ type: 'image' });
    expect(h.fake.callsOf('files.getUploadURLExternal')).toHaveLength(before + 1);
    const chart = h.fake.files.get(blocks[2].slack_file!.id)!;
    expect(chart.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    expect(blocks[1].text!.text).not.toContain('Win share');
    expect((await h.command('/leaderboard', 'server matrix')).status).toBe(200);
    const matrix = await waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => String(c.params.text).includes('Win share')), 'the leaderboard with matrices');
    expect(String(matrix.params.text)).toMatch(/Win share: row beat column[\s\S]*Battles per pair/);

    const bad = await h.command('/leaderboard', 'sideways');
    expect(bad.body).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(bad.body)).toContain('Usage: `/leaderboard [style|metrics|me] [category NAME] [server|channel|global] [7d|30d|all] [matrix]`');
  });

  it('escapes <!channel>, <!here> and mentions in every text it sends', async () => {
    const prompt = 'a <!channel> cat & a <!here> dog with <@U123> and <https://evil.example|link>';
    await h.command('/duel', prompt, 'U2');
    const posted = await waitFor(() => duelMessages(h).find((m) => m.text.includes('a &lt;!channel&gt; cat')), 'the escaped duel message');
    expect(posted.text).toContain('a &lt;!channel&gt; cat &amp; a &lt;!here&gt; dog with &lt;@U123&gt;');
    // Stored (and drawn) as typed; only what is shown in Slack is escaped.
    // The message is attached to its duel once the post call returns (the test can see it a moment earlier).
    const duel = await waitFor(async () => await h.engine.service.findByMessage('slack', `${CHANNEL}:${posted.ts}`), 'the duel attached to its message');
    expect(duel.prompt).toBe(prompt);
    await waitFor(() => h.fake.callsOf('reactions.add').length === 8, 'reactions on the second duel');
    const sent = everythingSent(h.fake);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<https://evil']) expect(sent).not.toContain(raw);
  });

  it('logged no errors along the way', () => {
    expect(h.logs.filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
