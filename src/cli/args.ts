/** Small helpers shared by the CLI commands. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * How a person runs the command in the project folder: `npm install` does not put `duel` on the
 * PATH, but the build links it into node_modules/.bin, where npx finds it. Every hint that shows
 * a command to type uses this.
 */
export const CLI = 'npx duel';

/**
 * A failure the CLI prints as one line on stderr before exiting non-zero. Exit 2: the input is
 * wrong (arguments, the prompt, a name or id that does not exist); exit 1: the input is right but
 * it cannot be done now (a cooldown, a closed duel, a broken setting).
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  const ask = argv.indexOf('--');
  // `duel leaderboard --help` is a question, not a mistake: the usage on stdout, exit 0.
  if (argv.slice(0, ask < 0 ? undefined : ask).some((a) => a === '--help' || a === '-h')) {
    out(`usage: ${usage}`);
    throw new UsageError('', 0);
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${cliSentence((err as Error).message.split('\n')[0])}\nusage: ${usage}`);
  }
}

export function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * A message written for the chat ("The prompt is empty: ...") in the CLI's style, which continues
 * "duel: " in lower case. Names (DUEL_CONTENDERS, Claude) keep their capitals.
 */
export function cliSentence(message: string): string {
  return /^[A-Z][a-z]/.test(message) ? message[0].toLowerCase() + message.slice(1) : message;
}
