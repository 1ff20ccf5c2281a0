/**
 * What Linux says about a render worker's use of the machine, read from /proc by the pool while
 * the worker is busy (its own JavaScript cannot answer while resvg holds its thread).
 */
import { readFile } from 'node:fs/promises';

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ: 100 on every Linux Node runs on). */
const CLOCK_TICKS_PER_S = 100;

/** Resident memory of the process in kB. Rejects when it is gone. */
export async function residentKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

/** CPU time (user + system, all threads) the process has used, in ms. Rejects when it is gone. */
export async function cpuTimeMs(pid: number): Promise<number> {
  // Fields after the command name (which may hold spaces and parentheses): utime and stime are the 12th and 13th.
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
}
