/**
 * How a render worker process is started so that no render outlives its server or its limits.
 *
 * The worker's own checks (IPC 'disconnect', a parent-pid poll, an RSS check: render-worker.mjs)
 * are JavaScript, and resvg renders synchronously: a frame that takes a minute holds the only
 * thread that could notice the parent is gone. So the hard guarantees come from the kernel,
 * set up by two small util-linux tools that each apply their setting and then exec the next
 * program (the worker keeps the pid the pool knows):
 * - `setpriv --pdeathsig KILL`: PR_SET_PDEATHSIG, the kernel SIGKILLs the worker when the process
 *   that started it dies, even by SIGKILL (Node cannot call prctl itself; strictly, when the thread
 *   that forked it ends: the pool must live on the main thread, as the engine does). It survives
 *   the exec of prlimit and node. Its one gap, a parent that dies before setpriv runs, is closed
 *   by the worker's parent-pid check at start.
 * - `prlimit --as --cpu`: an address-space ceiling (one huge allocation fails at once; the pool's
 *   RSS poll catches the rest) and a lifetime CPU-time ceiling (soft: SIGXCPU, hard: SIGKILL),
 *   both enforced however long a render blocks.
 * A missing tool only removes its layer (the pool logs it); the JavaScript checks remain.
 */
import { existsSync } from 'node:fs';

export const SETPRIV = '/usr/bin/setpriv';
export const PRLIMIT = '/usr/bin/prlimit';
/**
 * Node's own flags for a worker. Without the trap handler V8 bounds-checks WebAssembly memory
 * instead of reserving 10 GB of address space for it, which the address-space ceiling would refuse
 * (the text engine's HarfBuzz runs as wasm: src/render/text/).
 */
const NODE_FLAGS = ['--disable-wasm-trap-handler'];
/** Between the soft CPU limit (SIGXCPU, which ends a Node process) and the hard one (SIGKILL). */
const CPU_HARD_MARGIN_S = 5;

export interface WorkerLimits {
  /** Address-space ceiling in bytes; omitted: none. */
  addressSpaceBytes?: number;
  /** Lifetime CPU-time ceiling in seconds; omitted: none. */
  cpuSeconds?: number;
}

export interface WorkerCommand {
  /** What fork() runs, and the arguments before the worker script. */
  execPath: string;
  execArgv: string[];
  /** Which kernel guarantees this command gives. */
  diesWithParent: boolean;
  kernelLimits: boolean;
}

/** Which wrapper tools this machine has (each can be turned off, for tests of the fallback). */
export function availableTools(options: { prlimit?: boolean; pdeathsig?: boolean } = {}): { prlimit: boolean; setpriv: boolean } {
  return {
    prlimit: (options.prlimit ?? true) && existsSync(PRLIMIT),
    setpriv: (options.pdeathsig ?? true) && existsSync(SETPRIV),
  };
}

/** The command line that starts node under the tools available. */
export function workerCommand(tools: { prlimit: boolean; setpriv: boolean }, limits: WorkerLimits): WorkerCommand {
  const chain: string[][] = [];
  if (tools.setpriv) chain.push([SETPRIV, '--pdeathsig', 'KILL', '--']);
  const rlimits: string[] = [];
  if (limits.addressSpaceBytes !== undefined) rlimits.push(`--as=${Math.round(limits.addressSpaceBytes)}`);
  if (limits.cpuSeconds !== undefined) {
    const soft = Math.max(1, Math.round(limits.cpuSeconds));
    rlimits.push(`--cpu=${soft}:${soft + CPU_HARD_MARGIN_S}`);
  }
  if (tools.prlimit && rlimits.length > 0) chain.push([PRLIMIT, ...rlimits, '--']);
  chain.push([process.execPath, ...NODE_FLAGS]);
  const [first, ...rest] = chain;
  return {
    execPath: first[0],
    execArgv: [...first.slice(1), ...rest.flat()],
    diesWithParent: tools.setpriv,
    kernelLimits: tools.prlimit && rlimits.length > 0,
  };
}
