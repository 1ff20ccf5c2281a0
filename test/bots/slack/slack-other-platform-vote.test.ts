/**
 * One platform per duel, decided in core (issue 16 part 4): a Slack button press whose action_id
 * names a web duel goes through the real Bolt app and core's vote entry, and is refused with the
 * reason; no vote is recorded on the web duel.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VOTE_REJECTION_MESSAGES } from '../../../src/core/votes/vote-messages.js';
import { FakeSlack } from '../../fakes/fake-slack/index.js';
import { startHarness, waitFor, type Harness } from './harness.js';

describe('slack: a vote button naming a duel of another platform', () => {
  let h: Harness | undefined;
  let fake: FakeSlack | undefined;
  afterEach(async () => {
    await h?.stop();
    await fake?.stop();
    h = fake = undefined;
  });

  it('is refused in core and records no vote', async () => {
    fake = new FakeSlack();
    await fake.start();
    h = await startHarness({ mode: 'http', fake, config: { voteStyle: 'buttons' } });
    const outcome = await h.engine.service.startDuel({ platform: 'web', community: 'web', channel: 'web', author: 'web:starter', prompt: 'a pelican riding a bicycle' });
    expect(outcome.duel.status).toBe('open');
    const webDuel = outcome.duel.id;

    // A crafted message whose button names the web duel (Slack delivers whatever action_id a client sends).
    const actionId = `duel-vote:${webDuel}:A`;
    const forged = [{ type: 'actions', block_id: 'forged', elements: [{ type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'A' }, value: 'A' }] }];
    for (const user of ['UMALLORY', 'UEVE']) {
      const { status, responsePath } = await h.press(user, '1700000000.000100', actionId, forged);
      expect(status).toBe(200);
      const receipt = await waitFor(() => fake!.responses.find((x) => x.path === responsePath), 'the receipt');
      expect(String(receipt.body.text)).toBe(VOTE_REJECTION_MESSAGES['other-platform']);
    }
    expect((await h.engine.service.votes(webDuel)).size).toBe(0);
    // The web's own voter still votes.
    expect((await h.engine.service.vote({ duelId: webDuel, voter: 'web:visitor', choice: 'B', op: 'press' })).accepted).toBe(true);
    expect([...(await h.engine.service.votes(webDuel)).keys()]).toEqual(['web:visitor']);
  });
});
