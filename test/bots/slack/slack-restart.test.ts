/**
 * Restart: votes given while the bot was down are reconciled from reactions.get, then the duel
 * closes on the restarted bot (which re-uploads the stored composite for the reveal).
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/fake-slack/index.js';
import { tempDbPath } from '../../helpers/engine.js';
import { CHANNEL, PNG_SIGNATURE, startHarness, waitFor, type Harness } from './harness.js';

describe('slack bot restart', () => {
  const fake = new FakeSlack();
  const dbPath = tempDbPath();
  let second: Harness | undefined;

  afterAll(async () => {
    await second?.stop();
    await fake.stop();
    rmSync(dirname(dbPath), { recursive: true, force: true });
  });

  it('reconciles open duels from reactions.get, then reveals on close', async () => {
    await fake.start();
    const first = await startHarness({ mode: 'http', fake, engine: { dbPath } });
    await first.command('/duel', 'a robot gardening');
    await waitFor(() => fake.callsOf('reactions.add').length === 4, 'the vote reactions');
    const msg = [...fake.messages.values()].find((m) => m.blocks.some((b) => (b as { type: string }).type === 'image'))!;
    const duelId = (await first.engine.service.findByMessage('slack', `${CHANNEL}:${msg.ts}`))!.id;
    await first.react('add', 'U2', 'a', msg.ts, 'Ev-r1');
    await first.react('add', 'U3', 'b', msg.ts, 'Ev-r2');
    await waitFor(async () => (await first.engine.service.votes(duelId)).size === 2, 'two votes');
    await first.stop();

    // While the bot is down: U2 takes back :a:, U4 adds :handshake:, U3 keeps :b:.
    fake.setReaction(CHANNEL, msg.ts, 'a', [fake.botUserId]);
    fake.setReaction(CHANNEL, msg.ts, 'handshake', [fake.botUserId, 'U4']);

    second = await startHarness({ mode: 'http', fake, engine: { dbPath } });
    const get = fake.callsOf('reactions.get');
    expect(get).toHaveLength(1);
    expect(get[0].params).toMatchObject({ channel: CHANNEL, timestamp: msg.ts });
    expect(Object.fromEntries(await second.engine.service.votes(duelId))).toEqual({ 'slack:U3': 'B', 'slack:U4': 'tie' });

    // Votes keep working on the restarted bot, and the close is revealed.
    await second.react('add', 'U5', 'b', msg.ts, 'Ev-r3');
    await waitFor(async () => (await second!.engine.service.votes(duelId)).get('slack:U5') === 'B', 'a vote after restart');
    const uploadsBefore = fake.callsOf('files.getUploadURLExternal').length;
    await second.engine.service.close(duelId);
    const thread = await waitFor(() => [...fake.messages.values()].find((m) => m.threadTs === msg.ts), 'the thread reply');
    expect(thread.text).toContain('*Votes:* 3 (A 0 · B 2 · tie 1 · both bad 0)');
    // The file id was lost with the old process: the stored composite is uploaded again.
    expect(fake.callsOf('files.getUploadURLExternal')).toHaveLength(uploadsBefore + 1);
    const updated = fake.message(CHANNEL, msg.ts)!;
    const fileId = (updated.blocks[0] as { slack_file: { id: string } }).slack_file.id;
    expect(fake.files.get(fileId)!.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(updated.text).toContain('(closed)');
  });
});
