/**
 * `duel leaderboard`: the board from the database, or from a CSV of battles (`--battles`) for
 * anyone who wants to fit battles of their own.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { DuelApi } from '../core/duel/duel-api.js';
import { categoriesLine, categoryShortfall, parseCategory, shortfallText } from '../core/board/board-categories.js';
import { DEFAULT_SETTINGS } from '../core/model/settings.js';
import { formatLeaderboardTable } from '../core/board/leaderboard-table.js';
import { formatMetricsTable } from '../core/board/metrics-table.js';
import { formatPersonalBoard } from '../core/board/personal-table.js';
import { formatStyleTable, NO_CONTROL_MESSAGE } from '../core/board/style-table.js';
import { wrapText } from '../core/board/text-columns.js';
import { CATEGORY_NAMES } from '../core/categories/index.js';
import { buildBoard, parseBattlesCsv } from '../core/ratings/index.js';
import type { Platform } from '../core/model/types.js';
import type { Leaderboard, LeaderboardQuery, LeaderboardScope, LeaderboardWindow } from '../core/model/board-types.js';
import { CLI, out, parse, UsageError } from './args.js';

const USAGE =
  'duel leaderboard [--scope global|community|channel --platform P --community C --channel CH] [--since all|30d|7d] [--category NAME] [--control style] [--metrics] [--matrix] [--json] [--png FILE]\n       duel leaderboard --voter ID [--json] [scope flags]\n       duel leaderboard --battles FILE.csv [--control style] [--matrix] [--json] [--png FILE]';

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

interface LeaderboardArgs {
  query: LeaderboardQuery;
  values: { json?: boolean; matrix?: boolean; metrics?: boolean; png?: string; battles?: string; voter?: string };
}

/** The flags as a query, each wrong value refused with what to type instead. */
function leaderboardArgs(argv: string[]): LeaderboardArgs {
  const { values } = parse(
    argv,
    {
      scope: { type: 'string', default: 'global' },
      platform: { type: 'string' },
      community: { type: 'string' },
      channel: { type: 'string' },
      since: { type: 'string', default: 'all' },
      category: { type: 'string' },
      control: { type: 'string', default: 'none' },
      voter: { type: 'string' },
      json: { type: 'boolean' },
      matrix: { type: 'boolean' },
      metrics: { type: 'boolean' },
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
  if (values.control !== 'none' && values.control !== 'style') throw new UsageError(`--control is "${values.control}": the one control is style (--control style)\nusage: ${USAGE}`);
  // The same reading as chat and the web: a category's name or its label.
  const category = values.category === undefined ? undefined : parseCategory(values.category);
  if (values.category !== undefined && !category) throw new UsageError(`--category is "${values.category}": use one of ${CATEGORY_NAMES.join(', ')}\nusage: ${USAGE}`);
  if (values.battles && (category || values.voter)) throw new UsageError(`--battles reads a CSV of battles, which has no ${category ? 'categories' : 'voters'}: drop --${category ? 'category' : 'voter'}, or leave out --battles to use the database`);
  if (values.voter !== undefined && (values.png || values.matrix || values.metrics || values.control === 'style')) {
    throw new UsageError('--voter prints that voter\'s own board; it takes --json and the scope flags, not --png, --matrix, --metrics or --control');
  }
  const query: LeaderboardQuery = {
    ...{ scope, since, platform: values.platform as Platform | undefined, community: values.community, channel: values.channel },
    ...(category ? { category } : {}),
    ...(values.control === 'style' ? { control: 'style' as const } : {}),
  };
  return { query, values };
}

function boardFromCsv(file: string, control: LeaderboardQuery['control'], options: { rounds: number; provisionalBelow?: number }): Leaderboard {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 1);
  }
  let battles;
  try {
    battles = parseBattlesCsv(text);
  } catch (err) {
    throw new UsageError(`${file}: ${(err as Error).message}`, 1);
  }
  const labels = new Map<string, string>();
  for (const b of battles) for (const s of [b.a, b.b]) labels.set(s, s);
  return buildBoard({
    ...{ battles, labels, rounds: options.rounds, provisionalBelow: options.provisionalBelow, source: basename(file) },
    query: { scope: 'global', since: 'all', ...(control ? { control } : {}) },
  });
}

/** The board as text for a terminal (wider than a chat code block). */
function boardText(board: Leaderboard, values: LeaderboardArgs['values']): string {
  const shortfall = categoryShortfall(board, board.categoryMinBattles ?? DEFAULT_SETTINGS.categoryMinBattles);
  if (shortfall) return shortfallText(shortfall);
  // The empty board's words in core name the chat command; in the terminal, the CLI's own.
  if (board.rows.length === 0) return `No rated duels yet: start one with \`${CLI} run "<prompt>"\``;
  const parts = [board.query.control === 'style' ? formatStyleTable(board, { maxWidth: 80 }) : formatLeaderboardTable(board, { maxWidth: 80, matrix: values.matrix })];
  if (values.metrics) parts.push(formatMetricsTable(board, { maxWidth: 80 }));
  const categories = categoriesLine(board, `Pick one with --category NAME.`);
  if (categories && !board.query.category) parts.push(wrapText(categories, 80).join('\n'));
  return parts.join('\n\n');
}

export async function leaderboardCommand(argv: string[], service: () => Promise<DuelApi>, options: { rounds: number; provisionalBelow?: number }): Promise<number> {
  const { query, values } = leaderboardArgs(argv);
  if (values.voter !== undefined) {
    const personal = await (await service()).personalBoard(values.voter, query);
    out(values.json ? JSON.stringify(personal) : formatPersonalBoard(personal, { maxWidth: 80 }));
    return 0;
  }
  const board = values.battles ? boardFromCsv(values.battles, query.control, options) : await (await service()).leaderboard(query);
  if (values.png) writeFileSync(values.png, await (await service()).leaderboardChart(board));
  out(values.json ? JSON.stringify(leaderboardJson(board)) : boardText(board, values));
  // Said on stderr, so --json keeps stdout to one JSON object.
  if (query.control === 'style' && !board.control && board.rows.length > 0) {
    process.stderr.write(`${NO_CONTROL_MESSAGE} Drawings stored before this version are measured when \`${CLI} serve\` starts.\n`);
  }
  if (values.png) process.stderr.write(`Wrote the leaderboard chart to ${values.png}\n`);
  return 0;
}
