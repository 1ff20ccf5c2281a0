/** `duel serve` as a real child process, for tests: started with an environment, its URL once it is up, stopped with SIGTERM. */
import { spawn } from 'node:child_process';
import { BIN, ROOT } from '../cli/run-cli.js';

export interface ServeChild {
  /** The arena's URL as `duel serve` printed it. */
  url: string;
  stdout(): string;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL (a crash: nothing is flushed or closed), then the exit code. */
  crash(): Promise<number | null>;
  /** The JSON log lines written so far (stderr), parsed. */
  logs(): Array<Record<string, any>>;
}

export interface ServeOptions {
  /**
   * The stdout line that says it is up: by default the last line for people when no chat is
   * configured; a process with a bot waits for `prompt-duel is running` (its bot is connected by then).
   */
  ready?: RegExp;
}

/** Starts `duel serve` with only PATH, HOME and `env` and waits for its lines for people. */
export async function startServe(env: Record<string, string>, options: ServeOptions = {}): Promise<ServeChild> {
  const ready = options.ready ?? /No chat is configured/;
  const child = spawn(process.execPath, [BIN, 'serve'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DUEL_WEB_PORT: '0', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const stop = () => {
    child.kill('SIGTERM');
    return exited;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${stdout}\n${stderr}`)), 60_000);
      const check = () => {
        if (ready.test(stdout)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      void exited.then((code) => reject(new Error(`serve exited with ${code} before it was up:\n${stdout}\n${stderr}`)));
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const crash = () => {
    child.kill('SIGKILL');
    return exited;
  };
  const logs = () =>
    stderr
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, any>);
  return { url: /open (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)![1]!, stdout: () => stdout, stderr: () => stderr, stop, crash, logs };
}
