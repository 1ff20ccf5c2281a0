/**
 * `duel serve` with the Discord bot as a real child process, for the sharding tests: several of
 * them on one database, each running its own shards. (test/helpers/serve-child.ts waits for the
 * "No chat is configured" line, which a process with a bot never prints.)
 */
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../../cli/run-cli.js';

export interface ShardProcess {
  /** The JSON log lines it has written so far (stderr), parsed. */
  logs(): Array<Record<string, any>>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `duel serve` with only PATH, HOME and `env` and waits until it says it is running (the bot is connected by then). */
export async function startShardProcess(env: Record<string, string>): Promise<ShardProcess> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DUEL_WEB_PORT: '0', LOG_LEVEL: 'debug', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stop = () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  const logs = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stdout}\n${stderr}`)), 60_000);
      child.stdout.on('data', () => {
        if (!/prompt-duel is running/.test(stdout)) return;
        clearTimeout(timer);
        resolve();
      });
      void exited.then((code) => reject(new Error(`serve exited with ${code} before it was up:\n${stdout}\n${stderr}`)));
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { logs, stop };
}
