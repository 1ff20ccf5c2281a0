/**
 * `duel leaderboard`: the board from the database, or from a CSV of battles (`--battles`) for
 * anyone who wants to fit battles of their own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuelApi } from '../core/duel/duel-api.js';
import { formatLeaderboardTable } from '../core/board/leaderboard-table.js';
import { buildBoard, parseBattlesCsv } from '../core/ratings/index.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardScope, LeaderboardWindow, Platform } from '../core/model/types.js';
import { CLI, out, parse, UsageError } from './args.js';

const USAGE =
  'duel leaderboard [--scope global|community|channel --platform P --community C --channel CH] [--since all|30d|7d] [--category NAME] [--control style] [--voter ID] [--matrix] [--json] [--png FILE]\n       duel leaderboard --battles FILE.csv [--control style] [--matrix] [--json] [--png FILE]';

export function leaderboardJson(board: Leaderboard) {
  return {
    rows: board.rows.map((r) => ({
      spec: r.spec,
      label: r.label,
      rating: r.rating,
      /** null while the interval is not yet known (see LeaderboardRow.ci). */
      ci: r.ci,
      rank: r.rank,
      battles: r.battles,
      provisional: r.provisional,
      wins: r.wins,
      losses: r.losses,
      ties: r.ties,
      bothBad: r.bothBad,
      winRate: r.winRate,
      elo: r.elo,
      medianMs: r.medianMs,
      failureRate: r.failureRate,
      ...(r.metrics ? { metrics: r.metrics } : {}),
    })),
    battles: board.battles,
    sideAWinShare: board.sideAWinShare,
    sideAWinCi: board.sideAWinCi,
    decisiveBattles: board.decisiveBattles,
    provisionalBelow: board.provisionalBelow,
    matrix: board.matrix,
    ...(board.leftOutVotes === undefined ? {} : { leftOutVotes: board.leftOutVotes }),
    ...(board.downWeightedDuels === undefined ? {} : { downWeightedDuels: board.downWeightedDuels }),
    ...(board.source === undefined ? {} : { source: board.source }),
    ...(board.control === undefined ? {} : { control: board.control }),
    ...(board.categories === undefined ? {} : { categories: board.categories }),
    ...(board.query.category === undefined ? {} : { category: board.query.category }),
  };
}

export async function leaderboardCommand(argv: string[], service: () => DuelApi, options: { rounds: number; provisionalBelow?: number }): Promise<number> {
  const { values } = parse(
    argv,
    {
      scope: { type: 'string', default: 'global' },
      platform: { type: 'string' },
      community: { type: 'string' },
      channel: { type: 'string' },
      since: { type: 'string', default: 'all' },
      json: { type: 'boolean' },
      matrix: { type: 'boolean' },
      png: { type: 'string' },
      battles: { type: 'string' },
    },
    USAGE,
  );
  const scope = values.scope as LeaderboardScope;
  const since = values.since as LeaderboardWindow;
  if (!['global', 'community', 'channel'].includes(scope)) throw new UsageError(`--scope is "${scope}": use global, community or channel\nusage: ${USAGE}`);
  if (!['all', '30d', '7d'].includes(since)) throw new UsageError(`--since is "${since}": use all, 30d or 7d\nusage: ${USAGE}`);
  if (scope !== 'global' && (!values.platform || !values.community || (scope === 'channel' && !values.channel))) {
    throw new UsageError(
      `--scope ${scope} needs --platform and --community${scope === 'channel' ? ' and --channel' : ''} (e.g. --platform discord --community <guild id>, --platform slack --community <team id>, --platform web --community web, --platform cli --community local)`,
    );
  }
  const query: LeaderboardQuery = { scope, since, platform: values.platform as Platform | undefined, community: values.community, channel: values.channel };
  let board: Leaderboard;
  if (values.battles) {
    let text: string;
    try {
      text = readFileSync(values.battles, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${values.battles}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
    }
    let battles;
    try {
      battles = parseBattlesCsv(text);
    } catch (err) {
      throw new UsageError(`${values.battles}: ${(err as Error).message}`, 1);
    }
    const labels = new Map<string, string>();
    for (const b of battles) for (const s of [b.a, b.b]) labels.set(s, s);
    board = buildBoard({
      battles,
      labels,
      rounds: options.rounds,
      provisionalBelow: options.provisionalBelow,
      source: basename(values.battles),
      query: { scope: 'global', since: 'all' },
    });
  } else {
    board = await service().leaderboard(query);
  }
  if (values.png) writeFileSync(values.png, await service().leaderboardChart(board));
  if (values.json) out(JSON.stringify(leaderboardJson(board)));
  // The empty board's words in core name the chat command; in the terminal, the CLI's own.
  else if (board.rows.length === 0) out(`No rated duels yet: start one with \`${CLI} run "<prompt>"\``);
  // A terminal is wider than a chat code block.
  else out(formatLeaderboardTable(board, { maxWidth: 80, matrix: values.matrix }));
  // Said on stderr, so --json keeps stdout to one JSON object.
  if (values.png) process.stderr.write(`Wrote the leaderboard chart to ${values.png}\n`);
  return 0;
}
