/**
 * Socket Mode: the real Bolt SocketModeReceiver (undici WebSocket) connects to the fake's
 * ws:// URL from apps.connections.open, gets `hello`, and acks envelopes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL, PNG_SIGNATURE, startHarness, waitFor, type Harness } from './harness.js';

describe('slack bot over Socket Mode', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ mode: 'socket', engine: { cooldownMs: 60_000 } });
  });
  afterAll(async () => {
    await h.stop();
    await h.fake.stop();
  });

  it('connects with the app token through apps.connections.open', () => {
    expect(h.app.mode).toBe('socket');
    expect(h.app.port).toBeNull();
    const open = h.fake.callsOf('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0].token).toBe(h.fake.appToken);
    expect(h.fake.socket.connected).toBe(1);
  });

  it('runs a /duel sent over the socket, and counts a vote sent over the socket', async () => {
    const ack = await h.command('/duel', 'a lighthouse in a storm');
    // Acked with an empty payload (no ephemeral error).
    expect(ack.body).toEqual({});
    await waitFor(() => h.fake.callsOf('reactions.add').length === 4, 'the vote reactions');
    const file = [...h.fake.files.values()][0];
    expect(file.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    const msg = [...h.fake.messages.values()].find((m) => m.blocks.some((b) => (b as { type: string }).type === 'image'))!;
    const duel = (await h.engine.service.findByMessage('slack', `${CHANNEL}:${msg.ts}`))!;
    expect(duel.prompt).toBe('a lighthouse in a storm');

    await h.react('add', 'U2', 'b', msg.ts, 'Ev-s1');
    await waitFor(async () => (await h.engine.service.votes(duel.id)).get('slack:U2') === 'B', 'the socket vote');
    // A redelivery over the socket (retry_attempt 1, same event_id) changes nothing.
    await h.react('remove', 'U2', 'b', msg.ts, 'Ev-s2');
    await waitFor(async () => !(await h.engine.service.votes(duel.id)).has('slack:U2'), 'the retraction');
    const body = { type: 'event_callback', team_id: h.fake.teamId, event_id: 'Ev-s1', event: { type: 'reaction_added', user: 'U2', reaction: 'b', item: { type: 'message', channel: CHANNEL, ts: msg.ts } } };
    await h.fake.socket.send('events_api', body, { retry_attempt: 1, retry_reason: 'timeout' });
    await h.react('add', 'U3', 'a', msg.ts, 'Ev-s3');
    await waitFor(async () => (await h.engine.service.votes(duel.id)).get('slack:U3') === 'A', 'a later vote');
    expect((await h.engine.service.votes(duel.id)).has('slack:U2')).toBe(false);
  });

  it('answers a cooldown ephemerally in the ack, saying when to retry', async () => {
    const before = h.fake.callsOf('chat.postMessage').length;
    const ack = await h.command('/duel', 'another one right away');
    expect(ack.body).toMatchObject({ response_type: 'ephemeral' });
    expect(String((ack.body as { text: string }).text)).toMatch(/you can start another in \d+ s/i);
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(before);
  });

  it('acknowledges every envelope it was sent', () => {
    expect(h.fake.socket.sent.length).toBe(6);
    expect(h.fake.socket.acks.map((a) => a.envelope_id)).toEqual(h.fake.socket.sent);
  });

  it('disconnects on stop()', async () => {
    await h.app.stop();
    await waitFor(() => h.fake.socket.connected === 0, 'the socket to close');
  });
});
