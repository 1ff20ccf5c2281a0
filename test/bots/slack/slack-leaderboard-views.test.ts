/**
 * `/leaderboard style|metrics|me|category NAME` on Slack, through the real Bolt app (HTTP mode)
 * against the fake: the views post in the channel, `me` answers only the caller (ephemeral,
 * through response_url) and asks for the voter id the Slack vote path stored. The engine is
 * real; the control fit, the metrics and the personal board (built elsewhere in the engine) are
 * put in front of it by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLeaderboardArgs } from '../../../src/bots/slack/leaderboard-command.js';
import type { DuelApi } from '../../../src/core/duel/duel-api.js';
import type { Leaderboard, LeaderboardQuery } from '../../../src/core/model/board-types.js';
import { metrics } from '../../core/board/fixtures.js';
import { CHANNEL, PNG_SIGNATURE, startHarness, waitFor, type Harness } from './harness.js';

const asked: { boards: LeaderboardQuery[]; personal: Array<{ voter: string; query: LeaderboardQuery }> } = { boards: [], personal: [] };

function addData(board: Leaderboard, query: LeaderboardQuery): Leaderboard {
  const control =
    query.control === 'style'
      ? {
          battles: board.battles,
          features: [{ name: 'colors', coef: 31, ci: [12, 50] as [number, number] }, { name: 'bytes', coef: -8, ci: [-30, 14] as [number, number] }],
          rows: board.rows.map((r) => ({ spec: r.spec, label: r.label, rating: r.rating, ci: r.ci, rank: r.rank })),
        }
      : undefined;
  return { ...board, query, control, rows: board.rows.map((r, k) => ({ ...r, metrics: metrics(k) })), categories: [{ name: 'animals', battles: 44 }] };
}

function withIssue19Data(service: DuelApi): DuelApi {
  return Object.assign(Object.create(service) as DuelApi, {
    async leaderboard(query: LeaderboardQuery) {
      asked.boards.push(query);
      return addData(await service.leaderboard(query), query);
    },
    async personalBoard(voter: string, query: LeaderboardQuery) {
      asked.personal.push({ voter, query });
      const board = await service.leaderboard(query);
      const rows = board.rows.map((r, k) => ({ spec: r.spec, label: r.label, rating: 1000 - k * 10, rank: k + 1, communityRating: r.rating, communityRank: r.rank }));
      return { voter, votes: 11, minVotes: 10, rows, agreement: { agreed: 1, compared: 1, share: 1 }, query };
    },
  });
}

let h: Harness;
let duelId = '';

beforeAll(async () => {
  h = await startHarness({ mode: 'http', service: withIssue19Data });
  await h.command('/duel', 'a pelican riding a bicycle');
  await waitFor(() => h.fake.callsOf('reactions.add').length === 4, 'the vote reactions');
  const msg = [...h.fake.messages.values()].find((m) => m.blocks.some((b) => (b as { type?: string }).type === 'image'))!;
  duelId = (await waitFor(async () => await h.engine.service.findByMessage('slack', `${CHANNEL}:${msg.ts}`), 'the duel'))!.id;
  await h.react('add', 'U2', 'a', msg.ts, 'Ev-v1');
  await waitFor(async () => (await h.engine.service.votes(duelId)).size === 1, 'the vote');
  await h.engine.service.close(duelId);
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await h?.fake.stop();
});

/** The channel post whose title says `title`. */
const postTitled = (title: string) => waitFor(() => h.fake.callsOf('chat.postMessage').find((c) => String(c.params.text).includes(title)), title);
const blocksOf = (post: { params: Record<string, unknown> }) => post.params.blocks as Array<{ type: string; text?: { text: string } }>;

describe('slack /leaderboard views', () => {
  it('parses views and categories in any order, with or without the word category', () => {
    expect(parseLeaderboardArgs('')).toEqual({ scope: 'community', since: 'all', matrix: false, view: 'ranks' });
    expect(parseLeaderboardArgs('style 7d')).toEqual({ scope: 'community', since: '7d', matrix: false, view: 'style' });
    expect(parseLeaderboardArgs('metrics global')).toEqual({ scope: 'global', since: 'all', matrix: false, view: 'metrics' });
    expect(parseLeaderboardArgs('me channel')).toEqual({ scope: 'channel', since: 'all', matrix: false, view: 'me' });
    expect(parseLeaderboardArgs('category Animals 30d')).toEqual({ scope: 'community', since: '30d', matrix: false, view: 'ranks', category: 'animals' });
    expect(parseLeaderboardArgs('lettering style')).toEqual({ scope: 'community', since: 'all', matrix: false, view: 'style', category: 'lettering' });
    expect(parseLeaderboardArgs('category')).toBeNull();
    expect(parseLeaderboardArgs('category dragons')).toBeNull();
  });

  it('style: raw against controlled and what wins votes in the channel, with the chart', async () => {
    expect((await h.command('/leaderboard', 'style')).status).toBe(200);
    const post = await postTitled('Style control');
    expect(asked.boards.at(-1)).toMatchObject({ scope: 'community', platform: 'slack', community: h.fake.teamId, control: 'style' });
    const blocks = blocksOf(post);
    expect(blocks[0].text!.text).toBe(':trophy: *Style control*: this workspace, all time');
    expect(blocks[1].text!.text).toMatch(/^```\n#\s+Ctrl #\s+Contender\s+Rating\s+Controlled\n1\s+1 =\s/);
    expect(blocks[1].text!.text).toMatch(/What wins votes \(1 battle with features\):\n\s+More colours\s+\+31 \(12–50\)\n\s+Bigger files\s+−8 \(−30 to 14\)\n/);
    expect(blocks[2]).toMatchObject({ type: 'image' });
    const chart = h.fake.files.get((blocks[2] as unknown as { slack_file: { id: string } }).slack_file.id)!;
    expect(chart.bytes!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  });

  it('metrics: the table in the channel, no chart', async () => {
    await h.command('/leaderboard', 'metrics');
    const blocks = blocksOf(await postTitled('Drawing metrics'));
    expect(blocks[1].text!.text).toMatch(/^```\n#\s+Contender\s+Drew\s+KB\s+Elem\s+Anim\s+Text\s+Time\s+Tokens\n/);
    expect(blocks).toHaveLength(2);
  });

  it('a category with too few duels: says so in the channel, and lists the ones with enough', async () => {
    await h.command('/leaderboard', 'category people');
    const post = await postTitled('People');
    expect(asked.boards.at(-1)).toMatchObject({ category: 'people' });
    expect(blocksOf(post)[1].text!.text).toBe('Not enough duels in People yet: 0 of\u00a030. Categories: Animals\u00a0(44). Pick one with `/leaderboard category NAME`.');
  });

  it('me: answered only to the caller, for the voter id the vote path stored', async () => {
    const before = h.fake.callsOf('chat.postMessage').length;
    expect((await h.command('/leaderboard', 'me', 'U2')).status).toBe(200);
    const answer = await waitFor(() => h.fake.responses.find((r) => String(r.body.text).includes('Your board')), 'the private answer');
    expect(answer.body.response_type).toBe('ephemeral');
    expect(String(answer.body.text)).toMatch(/Your board — 11 votes; you agreed with the crowd in 1 of 1\n\(100\u00a0%\)/);
    expect(asked.personal.at(-1)!.voter).toBe([...(await h.engine.service.votes(duelId)).keys()][0]);
    expect(asked.personal.at(-1)!.voter).toBe('slack:U2');
    // Nothing in the channel.
    expect(h.fake.callsOf('chat.postMessage')).toHaveLength(before);
  });
});
