/**
 * The empty working directory of the render workers: one per pool, named after the process that
 * owns it (`duel-render-<pid>-XXXXXX` in the temp folder) and removed when the pool closes. A process
 * that was killed cannot remove its own, so each new process first removes those whose owner is gone.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';

const PREFIX = 'duel-render-';
/** Folders of older versions carry no pid: removed once surely abandoned. */
const UNOWNED_MAX_AGE_MS = 24 * 60 * 60 * 1000;

let swept = false;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/** Remove render folders left by processes that no longer run. Returns how many were removed. */
export function sweepStaleSandboxes(dir = tmpdir(), now = Date.now()): number {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const owned = /^duel-render-(\d+)-[\w]+$/.exec(name);
    const path = join(dir, name);
    try {
      if (owned) {
        const pid = Number(owned[1]);
        if (pid === process.pid || alive(pid)) continue;
      } else if (!/^duel-render-\w{6}$/.test(name) || now - statSync(path).mtimeMs < UNOWNED_MAX_AGE_MS) continue;
      rmSync(path, { recursive: true, force: true });
      removed++;
    } catch {
      // another process removed it first, or it is not ours to remove
    }
  }
  return removed;
}

/** A new sandbox folder for this process; the first call also sweeps the stale ones. */
export function makeSandboxDir(log?: Logger): string {
  if (!swept) {
    swept = true;
    const removed = sweepStaleSandboxes();
    if (removed > 0) log?.info({ removed }, 'removed render folders left by processes that were killed');
  }
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}
