/**
 * /leaderboard's views on Discord, through the real discord.js client against the fake:
 * style (raw against controlled, what wins votes, the chart with diamonds), metrics, a
 * category with too few duels, and `me`, the voter's own board, answered ephemerally and asked
 * for with the very voter id the vote path stored. The engine is real; the control fit, the
 * metrics and the personal board (built elsewhere in the engine) are put in front of it by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPng } from '../../fakes/fake-discord/index.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import type { Leaderboard, LeaderboardQuery, PersonalBoard } from '../../../src/core/model/board-types.js';
import { metrics } from '../../core/board/fixtures.js';
import { A, runDuel, startHarness, type Harness } from './harness.js';

let h: Harness;
const asked: { boards: LeaderboardQuery[]; personal: Array<{ voter: string; query: LeaderboardQuery }> } = { boards: [], personal: [] };
let personalVotes = 4;
let duelId = '';

/** The engine's board with what the rest of issue 19 adds: control when asked, metrics, categories. */
function addData(board: Leaderboard, query: LeaderboardQuery): Leaderboard {
  const rows = board.rows.map((r, k) => ({ ...r, metrics: metrics(k) }));
  const control =
    query.control === 'style'
      ? {
          battles: board.battles,
          features: [{ name: 'animated', coef: 84, ci: [51, 117] as [number, number] }],
          rows: [...board.rows].reverse().map((r, k) => ({ spec: r.spec, label: r.label, rating: 1000 + (k === 0 ? 40 : -40), ci: null, rank: k + 1 })),
        }
      : undefined;
  return { ...board, rows, query, control, categories: [{ name: 'people', battles: 31 }] };
}

function personalOf(board: Leaderboard, voter: string): PersonalBoard {
  const rows = personalVotes < 10 ? [] : board.rows.map((r, k) => ({ spec: r.spec, label: r.label, rating: 1010 - k * 20, rank: k + 1, communityRating: r.rating, communityRank: r.rank }));
  return { voter, votes: personalVotes, minVotes: 10, rows, agreement: { agreed: 7, compared: 9, share: 7 / 9 }, query: board.query };
}

function withIssue19Data(service: DuelApi): DuelApi {
  return Object.assign(Object.create(service) as DuelApi, {
    async leaderboard(query: LeaderboardQuery) {
      asked.boards.push(query);
      return addData(await service.leaderboard(query), query);
    },
    async personalBoard(voter: string, query: LeaderboardQuery) {
      asked.personal.push({ voter, query });
      return personalOf(await service.leaderboard(query), voter);
    },
  });
}

beforeAll(async () => {
  h = await startHarness({ service: withIssue19Data });
  const duel = await runDuel(h, 'a pelican riding a bicycle', h.alice);
  duelId = duel.duelId;
  h.fake.react(duel.messageId, h.bob.id, A, true);
  await h.fake.waitFor(async () => (await h.engine.service.votes(duelId)).size === 1, 'a vote');
  await h.engine.service.close(duelId);
  await h.fake.waitFor(() => h.fake.messages.get(duel.messageId)!.content.includes('Winner'), 'reveal');
}, 120_000);
afterAll(async () => h?.close());

/** Send /leaderboard and wait for the deferred reply's edit. */
async function leaderboard(options: Array<{ name: string; value: string | boolean; type?: number }>, user = h.bob) {
  const i = h.fake.sendCommand({ name: 'leaderboard', options, user });
  await h.fake.waitFor(() => i.edits.length > 0, 'the leaderboard reply');
  const patch = h.fake.calls.filter((c) => c.method === 'PATCH' && c.path.endsWith(`/${i.token}/messages/@original`)).at(-1)!;
  return { i, content: i.original!.content, files: patch.files ?? [] };
}

describe('discord /leaderboard views', () => {
  it('registers the view and category options with their choices', () => {
    const board = h.fake.commands.global.find((c) => c.name === 'leaderboard');
    const option = (name: string) => board.options.find((o: { name: string }) => o.name === name);
    expect(option('view').choices.map((c: { value: string }) => c.value)).toEqual(['ranks', 'style', 'metrics', 'me']);
    expect(option('category').choices).toEqual([
      { name: 'Animals', value: 'animals' },
      { name: 'People', value: 'people' },
      { name: 'Vehicles', value: 'vehicles' },
      { name: 'Scenes and places', value: 'scenes' },
      { name: 'Objects, food and plants', value: 'objects' },
      { name: 'Text and lettering', value: 'lettering' },
      { name: 'Abstract and patterns', value: 'abstract' },
      { name: 'Animation asked for', value: 'animation' },
    ]);
  });

  it('style: asks for the controlled fit, shows raw against controlled ranks and what wins votes, with the chart', async () => {
    const { i, content, files } = await leaderboard([{ name: 'view', value: 'style' }]);
    expect(i.ephemeral).toBeFalsy();
    expect(asked.boards.at(-1)).toMatchObject({ scope: 'community', platform: 'discord', control: 'style' });
    expect(content).toMatch(/^\*\*Style control: this server, all time\*\*\n```\n#\s+Ctrl #\s+Contender\s+Rating\s+Controlled\n1\s+2 ▼1\s/);
    expect(content).toMatch(/What wins votes \(1 battle with features\):\n\s+Animated drawings\s+\+84 \(51–117\)\n/);
    expect(content).toMatch(/```$/);
    expect(files).toHaveLength(1);
    expect(isPng(files[0].data)).toBe(true);
  });

  it('metrics: the metrics table, no chart', async () => {
    const { content, files } = await leaderboard([{ name: 'view', value: 'metrics' }, { name: 'scope', value: 'global' }]);
    expect(asked.boards.at(-1)).toEqual({ scope: 'global', since: 'all' });
    expect(content).toMatch(/^\*\*Drawing metrics: everywhere, all time\*\*\n```\n#\s+Contender\s+Drew\s+KB\s+Elem\s+Anim\s+Text\s+Time\s+Tokens\n/);
    expect(files).toHaveLength(0);
  });

  it('a category with too few duels: says so plainly, lists those with enough, no table or chart', async () => {
    const { content, files } = await leaderboard([{ name: 'category', value: 'animals' }]);
    expect(asked.boards.at(-1)).toMatchObject({ category: 'animals' });
    expect(content).toBe('**Leaderboard: this server, all time · Animals**\nNot enough duels in Animals yet: 1 of\u00a030. Categories: People\u00a0(31). Pick one with the category option of /leaderboard.');
    expect(files).toHaveLength(0);
  });

  it('ranks (the default) lists the categories under the table', async () => {
    const { content } = await leaderboard([]);
    expect(content).toMatch(/Categories: People\u00a0\(31\)\. Pick one with the category option of\n\/leaderboard\.\n```$/);
  });

  it("me: only the caller sees it, asked for with the voter id the vote path stored", async () => {
    personalVotes = 4;
    const few = await leaderboard([{ name: 'view', value: 'me' }]);
    expect(few.i.ephemeral).toBe(true);
    expect(few.content).toBe('**Your board: this server, all time**\n```\nVote in 6 more duels to see your board (4 of\u00a010 so far).\n```');
    const stored = [...(await h.engine.service.votes(duelId)).keys()];
    expect(asked.personal.at(-1)!.voter).toBe(stored[0]);
    expect(asked.personal.at(-1)!.query).toMatchObject({ scope: 'community', platform: 'discord', since: 'all' });

    personalVotes = 12;
    const enough = await leaderboard([{ name: 'view', value: 'me' }, { name: 'since', value: '30d' }]);
    expect(enough.i.ephemeral).toBe(true);
    expect(enough.content).toMatch(/^\*\*Your board: this server, last 30 days\*\*\n```\nYour board — 12 votes; you agreed with the crowd in 7 of 9\n\(78\u00a0%\)\n\n#\s+Crowd #\s+Contender\s+Yours\s+Crowd\n/);
    expect(enough.files).toHaveLength(0);
  });
});
