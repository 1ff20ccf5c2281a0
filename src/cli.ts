/**
 * The `duel` command: the only place that reads process.env and wires things together.
 * Every failure a person can fix ends as one line on stderr and a non-zero exit.
 */
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import type { Config } from './core/config/config.js';
import { ConfigError, RenderError } from './core/model/errors.js';
import { UsageError } from './cli/args.js';
import type { Engine } from './cli/engine.js';

const HELP = `duel: blind SVG prompt duels between models

  duel run "<prompt>" [--a M] [--b M] [--out DIR] [--json]
                                                run one duel; --a/--b name contenders (label or spec)
  duel render <in.svg> <out.png|.gif> [--size N] [--at 1.2s]
                                                rasterize one SVG through the safe pipeline (--at: the frame at a time; .gif: its animation)
  duel vote <duel-id> <A|B|tie|bad|none> --voter <id>
  duel close <duel-id> [--json]                 close voting now and reveal who drew what
  duel leaderboard [--scope ...] [--since 7d] [--category NAME] [--control style] [--metrics] [--matrix] [--json] [--png FILE]
  duel leaderboard --voter ID [--json]          one voter's own board (their votes, the crowd's ratings as the prior)
  duel leaderboard --battles FILE.csv [--control style] [--json]
                                                fit a CSV of battles (a,b,outcome; a_<f>,b_<f> pairs are style features)
  duel export [--format csv|jsonl]              every closed duel with its votes
  duel voters [--flagged] [--json] | --clear V  suspicious voters with the evidence; clear a flag
  duel models [--json]                          what each configured provider offers now; * marks contenders
  duel backup FILE [--force]                    a consistent copy of the database, safe while serve runs
  duel db copy --from DB --to DB                copy every duel, vote, image and setting into a new, empty database
                                                (DB: a SQLite file or a postgres:// URL), counts checked
  duel serve                                    web arena + the Discord/Slack bots that are configured
  duel register [--guild ID]                    register Discord slash commands

In the project folder, run it as \`npx duel <command>\` (or \`npm run duel -- <command>\`).
Configuration is by environment variables: see README.md.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${HELP}\n`);
    return command ? 0 : 2;
  }
  // Loaded only past the help text, so `duel --help` starts as fast as node itself.
  const [{ loadConfig }, { createLogger }, { createEngine, createRendererFromConfig }] = await Promise.all([
    import('./core/config/config.js'),
    import('./core/logger.js'),
    import('./cli/engine.js'),
  ]);
  const config: Config = loadConfig(process.env);
  // One-shot commands print their own results and reasons; their logs stay quiet unless LOG_LEVEL
  // asks, and carry no stack traces unless it asks for debug.
  const oneShot = command !== 'serve';
  const logLevel = oneShot ? (process.env.LOG_LEVEL ?? 'error') : config.logLevel;
  const logger = createLogger({ level: logLevel, stacks: !oneShot || logLevel === 'debug' || logLevel === 'trace' });
  const dataDir = dirname(config.dbPath);
  if (command === 'render') {
    const renderer = createRendererFromConfig(config, logger);
    try {
      const { renderCommand } = await import('./cli/render.js');
      return await renderCommand(rest, renderer);
    } finally {
      await renderer.close();
    }
  }
  if (command === 'leaderboard' && rest.includes('--battles')) {
    // Fitting a CSV needs no database; the engine is only opened for --png.
    let engine: Promise<Engine> | undefined;
    const { leaderboardCommand } = await import('./cli/leaderboard.js');
    try {
      return await leaderboardCommand(rest, async () => (await (engine ??= createEngine(config, logger))).service, { rounds: config.duel.bootstrapRounds, provisionalBelow: config.duel.provisionalBattles });
    } finally {
      await (await engine)?.close();
    }
  }
  if (command === 'models') return (await import('./cli/models.js')).modelsCommand(rest, config);
  if (command === 'backup') {
    // The store only: no renderer, no contenders, and no migration (a backup taken before an
    // upgrade must be the database as the old version left it).
    const [{ backupCommand }, { openConfiguredStore }] = await Promise.all([import('./cli/backup.js'), import('./cli/open-store.js')]);
    return backupCommand(rest, { dbPath: config.dbPath, databaseUrl: config.databaseUrl, open: () => openConfiguredStore(config, { migrate: false }) });
  }
  if (command === 'db') return (await import('./cli/db-copy.js')).dbCommand(rest);
  if (command === 'register') {
    const { registerCommand } = await import('./cli/serve.js');
    return registerCommand(rest, config, logger);
  }
  const engine = await createEngine(config, logger);
  if (command !== 'serve') {
    // Ctrl-C in the middle of `duel run`: cancel the drawings, record the duel as no contest,
    // and remove the render pool's temp folder, instead of leaving them to the next start.
    process.once('SIGINT', () => {
      process.stderr.write('\nduel: interrupted\n');
      void engine.close().finally(() => process.exit(130));
    });
  }
  try {
    switch (command) {
      case 'run': {
        const { runCommand } = await import('./cli/run.js');
        return await runCommand(rest, engine, { user: safeUser(), dataDir });
      }
      case 'vote': {
        const { voteCommand } = await import('./cli/votes.js');
        return await voteCommand(rest, engine.service);
      }
      case 'close': {
        const { closeCommand } = await import('./cli/votes.js');
        return await closeCommand(rest, engine.service);
      }
      case 'leaderboard': {
        const { leaderboardCommand } = await import('./cli/leaderboard.js');
        return await leaderboardCommand(rest, async () => engine.service, { rounds: config.duel.bootstrapRounds, provisionalBelow: config.duel.provisionalBattles });
      }
      case 'export': {
        const { exportCommand } = await import('./cli/export.js');
        return await exportCommand(rest, engine.store);
      }
      case 'voters': {
        const { votersCommand } = await import('./cli/voters.js');
        return await votersCommand(rest, { store: engine.store, settings: config.duel, labels: new Map(engine.service.contenders().map((c) => [c.spec, c.label])), user: safeUser(), now: Date.now() });
      }
      case 'serve': {
        const { serveCommand } = await import('./cli/serve.js');
        // serve keeps the engine open until SIGTERM/SIGINT; it closes it itself.
        const code = await serveCommand(engine, config, logger);
        return code;
      }
      default:
        throw new UsageError(`unknown command "${command}"\n${HELP}`);
    }
  } finally {
    if (command !== 'serve') await engine.close();
  }
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'local';
  }
}

/** A failure as one line on stderr (the stack only with LOG_LEVEL=debug); returns the exit code. */
function report(err: unknown): number {
  if (err instanceof UsageError || err instanceof ConfigError || err instanceof RenderError) {
    // A usage asked for (--help) has been printed already.
    if (err.message !== '') process.stderr.write(`duel: ${err.message}\n`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
  process.stderr.write(`duel: ${(err as Error)?.message ?? String(err)}\n`);
  if (process.env.LOG_LEVEL === 'debug') process.stderr.write(`${(err as Error)?.stack}\n`);
  return 1;
}

const args = process.argv.slice(2);
// `duel export | head`: the reader has all it wants and closed the pipe. That is not a failure:
// stop quietly with the exit code so far, as the shell's own tools do, instead of `write EPIPE`.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  throw err;
});
if (args[0] !== 'serve') {
  // A one-shot command fails in one line even when the error escapes main()'s promise chain
  // (an event emitter, a stray rejection), instead of Node's crash report with its stack.
  process.on('uncaughtException', (err) => process.exit(report(err)));
  process.on('unhandledRejection', (err) => process.exit(report(err)));
}
main(args).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = report(err);
  },
);
