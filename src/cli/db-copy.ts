/**
 * `duel db copy --from <sqlite path|postgres url> --to <…>`: moves a community's whole history to
 * another database (SQLite to PostgreSQL when it outgrows one process), verified by counts.
 */
import { existsSync, statSync } from 'node:fs';
import { ConfigError } from '../core/model/errors.js';
import { copyDatabase, CopyError, CopyOpenError, type CopyProgress } from '../core/store/copy.js';
import { isPostgresLocation } from '../core/store/location.js';
import { redactedUrl } from '../core/store/postgres-store.js';
import { out, parse, UsageError } from './args.js';
import { explainPostgres } from './open-store.js';

const USAGE = 'duel db copy --from <sqlite file | postgres://…> --to <sqlite file | postgres://…>';

/** A location as it may be shown: a URL without its password. */
function shown(location: string): string {
  return isPostgresLocation(location) ? redactedUrl(location) : location;
}

/** One line per table when it is done, and every tenth of the way on big tables (stderr). */
function progressPrinter(): (p: CopyProgress) => void {
  let lastTenth = 0;
  return ({ table, copied, total }) => {
    if (copied === total) {
      process.stderr.write(`duel: ${table}: ${total} rows\n`);
      return;
    }
    const tenth = Math.floor((copied / total) * 10);
    if (copied === 0) lastTenth = 0;
    if (total < 10_000 || tenth === lastTenth) return;
    lastTenth = tenth;
    process.stderr.write(`duel: ${table}: ${copied} of ${total} rows\n`);
  };
}

export async function dbCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === undefined) {
    out(`usage: ${USAGE}`);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'copy') throw new UsageError(`unknown db command "${sub}": the one there is, is copy\nusage: ${USAGE}`);
  const { values, positionals } = parse(rest, { from: { type: 'string' }, to: { type: 'string' } }, USAGE);
  if (positionals.length > 0 || !values.from || !values.to) throw new UsageError(`name both databases, --from and --to\nusage: ${USAGE}`);
  const { from, to } = values;
  if (from === to) throw new UsageError('--from and --to are the same database: name a new, empty one to copy into');
  // Opening a SQLite file that is not there would create an empty one and copy nothing.
  if (!isPostgresLocation(from) && (!existsSync(from) || !statSync(from).isFile())) throw new UsageError(`there is no database file at ${from} (--from): name the bot's database, e.g. data/duels.db`, 1);
  let copied: Map<string, number>;
  try {
    copied = await copyDatabase(from, to, progressPrinter());
  } catch (err) {
    if (err instanceof CopyError) throw new UsageError(err.message, 1);
    if (!(err instanceof CopyOpenError)) throw err;
    const why = isPostgresLocation(err.location) ? explainPostgres(err.cause) : `it cannot be opened as a SQLite database (${err.cause.message}).`;
    throw new ConfigError(`${shown(err.location)} (--${err.side}): ${why}`, `--${err.side}`);
  }
  const rows = [...copied.values()].reduce((a, b) => a + b, 0);
  out(`Copied ${shown(from)} to ${shown(to)}: ${rows} rows in ${copied.size} tables, every count checked (${copied.get('duels')} duels, ${copied.get('votes')} votes, ${copied.get('images')} images).`);
  return 0;
}
