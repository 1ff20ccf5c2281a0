/**
 * Several `duel serve` processes on one PostgreSQL database behave as one arena (issue 20): a
 * voter's cookie signed by one process is accepted by the others, a vote counts once whichever
 * process took it, `kill -9` of a process loses no vote it acknowledged, a duel opened by the
 * killed process is still closed on time by another, and every duel is closed and revealed once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Choice } from '../../src/core/model/types.js';
import { openPostgresStore } from '../../src/core/store/postgres-store.js';
import { startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { newClient, type Client } from '../bots/web/web-client.js';
import { freshDatabase } from '../helpers/postgres-cluster.js';
import { startServe, type ServeChild } from '../helpers/serve-child.js';
import { postgresMissing, postgresUrl } from '../helpers/stores.js';

const pg = postgresUrl();
const children: ServeChild[] = [];
let ollama: FakeModelServer | undefined;
afterAll(async () => {
  await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
  await ollama?.close();
});

/** Log lines of a process with this message. */
function logged(child: ServeChild, msg: string): Array<Record<string, unknown>> {
  return child.logs().filter((l) => l.msg === msg);
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, tries = 600): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!pg)(`three duel serve processes on one PostgreSQL database${pg ? '' : `: ${postgresMissing()}`}`, () => {
  it('count every vote once, keep what a killed process acknowledged, and close and reveal each duel once', async () => {
    const url = await freshDatabase(pg!);
    ollama = await startFakeOllama({ models: ['qwen3.6:35b-a3b', 'gemma3:27b'] });
    const env = {
      ...{ OLLAMA_HOST: ollama.url, DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,ollama:gemma3:27b', DUEL_DATABASE_URL: url, DUEL_VOTE_WINDOW: '60s', DUEL_COOLDOWN: '0', DUEL_RENDER_WORKERS: '1', LOG_LEVEL: 'info' },
      ...{ DUEL_WEB_VOTES_PER_HOUR: '10000', DUEL_WEB_VOTERS_PER_HOUR: '10000', DUEL_WEB_DUELS_PER_HOUR: '100' },
    };
    // Started at once: the migration runs once under its lock whichever process comes first.
    children.push(...(await Promise.all([startServe(env), startServe(env), startServe(env)])));
    const [p0, p1, p2] = children as [ServeChild, ServeChild, ServeChild];

    // One duel opened by each process.
    const authors = await Promise.all(children.map((c) => newClient(c.url)));
    const duels = await Promise.all(authors.map((a, i) => a.duel(`a pelican riding a bicycle, take ${i}`)));

    // Voters take their cookie from one process and vote through the next one.
    const acknowledged = new Map<string, Choice>();
    const vote = async (client: Client, voter: string, duelId: string, choice: Choice) => {
      const res = await client.post(`/api/duels/${duelId}/vote`, { choice });
      const body = (await res.json()) as { accepted?: boolean; error?: string };
      expect(res.status, body.error).toBe(200);
      if (body.accepted) acknowledged.set(`${duelId} ${voter}`, choice);
    };
    // The cookie one process signed, its votes posted to the next one.
    const voterVia = async (k: number, through: ServeChild[]) => ({ id: k, client: await newClient(through[k % through.length]!.url, { postTo: through[(k + 1) % through.length]!.url }) });
    const choices: Choice[] = ['A', 'B', 'tie', 'A', 'B'];
    for (let k = 0; k < 6; k++) {
      const v = await voterVia(k, children);
      for (const [j, duelId] of duels.entries()) await vote(v.client, `v${k}`, duelId, choices[(k + j) % choices.length]!);
      // A changed mind counts once, as its latest choice.
      if (k === 1) await vote(v.client, `v${k}`, duels[0]!, 'bad');
    }

    // The third process dies without a word; what it acknowledged is already committed.
    expect(await p2.crash()).toBe(null);
    for (let k = 6; k < 12; k++) {
      const v = await voterVia(k, [p0, p1]);
      for (const [j, duelId] of duels.entries()) await vote(v.client, `v${k}`, duelId, choices[(k + j) % choices.length]!);
    }

    const store = await openPostgresStore(url);
    try {
      // Every duel closes on time, the killed process's included, and is revealed.
      await until('every duel closed and revealed', async () => {
        const rows = await Promise.all(duels.map((id) => store.getDuel(id)));
        const unrevealed = await store.unrevealed('web');
        return rows.every((d) => d?.status === 'closed') && unrevealed.length === 0 ? true : undefined;
      });
      // Voter ids are the cookies' own (random); each duel holds the acknowledged choices, once per voter.
      expect(acknowledged.size).toBe(36);
      for (const duelId of duels) {
        const want = [...acknowledged].filter(([key]) => key.startsWith(`${duelId} `)).map(([, c]) => c).sort();
        const got = [...(await store.votes(duelId)).values()].sort();
        expect(got, `votes of ${duelId}`).toEqual(want);
      }
    } finally {
      await store.close();
    }
    for (const duelId of duels) {
      const closes = [p0, p1, p2].flatMap((c) => logged(c, 'duel closed')).filter((l) => l.duelId === duelId);
      expect(closes, `duel ${duelId} closed`).toHaveLength(1);
      const reveals = [p0, p1, p2].flatMap((c) => logged(c, 'reveal shown')).filter((l) => l.duelId === duelId);
      expect(reveals, `duel ${duelId} revealed`).toHaveLength(1);
    }
  });
});
