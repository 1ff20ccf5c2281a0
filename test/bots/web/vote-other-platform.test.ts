/**
 * A web vote on a duel posted in a chat is refused by core's one-platform rule (no vote stored),
 * with core's words. Real server and engine over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newClient } from './web-client.js';
import { startHarness, type Harness } from './web-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ voteWindowMs: 600_000 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('a web vote on a chat duel', () => {
  it('is refused with 409 and the reason, and records nothing', async () => {
    const outcome = await h.engine.service.startDuel({ platform: 'discord', community: 'G1', channel: 'C1', author: 'discord:U1', prompt: 'a heron' });
    expect(outcome.duel.status).toBe('open');
    const voter = await newClient(h.web.url);
    const res = await voter.post(`/api/duels/${outcome.duel.id}/vote`, { choice: 'A' });
    expect(res.status).toBe(409);
    const body = (await res.json()) as { reason: string; error: string };
    expect(body.reason).toBe('other-platform');
    expect(body.error).toMatch(/another platform/);
    expect((await h.engine.service.votes(outcome.duel.id)).size).toBe(0);
  });
});
