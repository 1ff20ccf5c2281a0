/**
 * DUEL_VOTE_STYLE=buttons on Slack, end to end over both transports: real Bolt against the fake
 * Slack (block_actions as a signed HTTP POST with a `payload` field, or a Socket Mode `interactive`
 * envelope), receipts through response_url, real engine. Press, change, retract, no reactions and
 * no counts before the close, votes surviving a restart, the reveal with the tally and no buttons,
 * a press after close refused.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tempDbPath } from '../../helpers/engine.js';
import { FakeSlack } from '../../fakes/fake-slack/index.js';
import { CHANNEL, startHarness, waitFor, type Harness } from './harness.js';

for (const mode of ['http', 'socket'] as const) {
  describe(`slack (${mode}): vote buttons (tally hidden until the reveal)`, () => {
    let h: Harness | undefined;
    let fake: FakeSlack | undefined;
    afterEach(async () => {
      await h?.stop();
      await fake?.stop();
      h = fake = undefined;
    });

    it('press, change, retract, restart, reveal, and a press after close', async () => {
      fake = new FakeSlack();
      await fake.start();
      const dbPath = tempDbPath();
      h = await startHarness({ mode, fake, engine: { dbPath }, config: { voteStyle: 'buttons' } });
      await h.command('/duel', 'a pelican riding a bicycle', 'UALICE');
      const duel = await waitFor(async () => {
        const d = (await h!.engine.service.listDuels({ platform: 'slack', limit: 1, offset: 0 })).duels[0];
        return d?.messageRef ? d : undefined;
      }, 'the duel posted');
      const ts = duel.messageRef!.slice(CHANNEL.length + 1);
      const posted = fake.message(CHANNEL, ts)!;
      const actions = posted.blocks.find((b) => (b as { type?: string }).type === 'actions') as { elements: Array<{ action_id: string; text: { text: string } }> };
      expect(actions.elements.map((e) => e.action_id)).toEqual(['A', 'B', 'tie', 'bad'].map((c) => `duel-vote:${duel.id}:${c}`));
      expect(posted.text).toMatch(/only you see your vote/);
      const postedButtons = posted.blocks;
      // Nothing seeded or counted in public.
      expect(fake.callsOf('reactions.add')).toHaveLength(0);
      const shown = () => JSON.stringify({ text: fake!.message(CHANNEL, ts)!.text, blocks: fake!.message(CHANNEL, ts)!.blocks, reactions: [...fake!.message(CHANNEL, ts)!.reactions] });
      const before = shown();

      const press = async (user: string, choice: string, blocks?: unknown[]) => {
        const { status, responsePath } = await h!.press(user, ts, `duel-vote:${duel.id}:${choice}`, blocks);
        expect(status).toBe(200);
        const r = await waitFor(() => fake!.responses.find((x) => x.path === responsePath), 'the receipt');
        expect(r.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
        return String(r.body.text);
      };
      const votes = async () => Object.fromEntries([...(await h!.engine.service.votes(duel.id))].map(([v, c]) => [v.replace('slack:', ''), c]));

      expect(await press('UALICE', 'A')).toBe('Your vote: A. Press again to take it back; press another to change it.');
      expect(await press('UALICE', 'B')).toMatch(/^Your vote: B\./);
      expect(await press('UBOB', 'tie')).toMatch(/^Your vote: tie\./);
      expect(await press('UCAROL', 'bad')).toMatch(/^Your vote: both bad\./);
      expect(await votes()).toEqual({ UALICE: 'B', UBOB: 'tie', UCAROL: 'bad' });
      expect(await press('UCAROL', 'bad')).toBe('Your vote is taken back. Press a button to vote again.');
      expect(await votes()).toEqual({ UALICE: 'B', UBOB: 'tie' });
      expect(shown()).toBe(before);

      // Restart: stored as pressed, nothing to reconcile (reactions are never read).
      await h.stop();
      h = await startHarness({ mode, fake, engine: { dbPath }, config: { voteStyle: 'buttons' } });
      expect(await votes()).toEqual({ UALICE: 'B', UBOB: 'tie' });
      expect(fake.callsOf('reactions.get')).toHaveLength(0);
      expect(await press('UCAROL', 'A')).toMatch(/^Your vote: A\./);

      // The reveal shows the tally; the buttons are gone.
      await h.engine.service.close(duel.id);
      const revealed = await waitFor(() => (fake!.message(CHANNEL, ts)!.text.includes('*Votes:*') ? fake!.message(CHANNEL, ts) : undefined), 'the reveal');
      expect(revealed.text).toContain('*Votes:* 3 (A 1 · B 1 · tie 1 · both bad 0)');
      expect(revealed.blocks.some((b) => (b as { type?: string }).type === 'actions')).toBe(false);
      expect(revealed.reactions.size).toBe(0);

      // A client still showing the buttons presses one: refused, privately.
      expect(await press('UBOB', 'A', postedButtons)).toMatch(/voting on this duel has closed/i);
      expect((await h.engine.service.getReveal(duel.id))!.tally).toEqual({ A: 1, B: 1, tie: 1, bad: 0 });
    });
  });
}
