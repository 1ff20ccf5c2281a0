/**
 * No render outlives its server: a real parent process (scripts/render-pool-parent.mjs, the built
 * pool) is SIGKILLed, as `kill -9` of `duel serve` does, and its worker must be gone soon after.
 * Busy in one long resvg call, only the kernel can end it (setpriv --pdeathsig); idle, the worker
 * ends itself when its IPC channel closes. No timing assertion: a test fails only when the worker
 * is still alive after a generous deadline.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { availableTools, PRLIMIT, SETPRIV, workerCommand } from '../../src/render/worker-command.js';

const PARENT = fileURLToPath(new URL('../../scripts/render-pool-parent.mjs', import.meta.url));
const DEADLINE_MS = 20_000;

/** Alive and not a zombie (an orphan's exit may wait for the container's init to reap it). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Start the stand-in server, wait for its worker's pid, kill -9 the server, and wait for the worker to go. */
async function killServerAndWatch(args: string[]): Promise<{ pid: number; gone: boolean }> {
  const parent = spawn(process.execPath, [PARENT, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: parent.stdout! }).once('line', resolve);
    parent.once('exit', (code) => reject(new Error(`the stand-in server exited (${code}) before starting its worker`)));
  });
  const { pid } = JSON.parse(line) as { pid: number };
  expect(alive(pid)).toBe(true);
  parent.kill('SIGKILL');
  const end = Date.now() + DEADLINE_MS;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  const gone = !alive(pid);
  if (!gone) process.kill(pid, 'SIGKILL'); // leave nothing behind, then fail
  return { pid, gone };
}

describe('a render worker whose server is killed', () => {
  it.skipIf(!existsSync(SETPRIV))('dies even while busy in one long render (the kernel ends it)', async () => {
    expect((await killServerAndWatch(['busy'])).gone).toBe(true);
  });

  it('dies by itself when idle, without the kernel signal (its IPC channel closed)', async () => {
    expect((await killServerAndWatch(['idle', 'pdeathsig-off'])).gone).toBe(true);
  });
});

describe('the worker command line', () => {
  it('chains setpriv, prlimit and node, each tool only when present', () => {
    const limits = { addressSpaceBytes: 2 ** 30, cpuSeconds: 600 };
    const both = workerCommand({ setpriv: true, prlimit: true }, limits);
    expect(both.execPath).toBe(SETPRIV);
    expect(both.execArgv).toEqual(['--pdeathsig', 'KILL', '--', PRLIMIT, `--as=${2 ** 30}`, '--cpu=600:605', '--', process.execPath, '--disable-wasm-trap-handler']);
    expect(both).toMatchObject({ diesWithParent: true, kernelLimits: true });
    const limitsOnly = workerCommand({ setpriv: false, prlimit: true }, limits);
    expect(limitsOnly.execPath).toBe(PRLIMIT);
    expect(limitsOnly.diesWithParent).toBe(false);
    const neither = workerCommand({ setpriv: false, prlimit: false }, limits);
    expect(neither).toEqual({ execPath: process.execPath, execArgv: ['--disable-wasm-trap-handler'], diesWithParent: false, kernelLimits: false });
    expect(availableTools({ prlimit: false, pdeathsig: false })).toEqual({ prlimit: false, setpriv: false });
  });
});
