/**
 * `npm run bench`: every performance figure beside its target. Benchmarks live here, never in
 * tests, so no test depends on how fast this machine happens to be.
 */
import { availableParallelism, cpus } from 'node:os';
import { benchAnimation } from './animation.js';
import { benchArenaCapacity } from './arena-capacity.js';
import { benchIdleMemory } from './idle-memory.js';
import { benchPipeline } from './pipeline.js';
import { benchRatings } from './ratings.js';
import { benchRender } from './render.js';
import { benchRenderCapacity } from './render-capacity.js';
import { benchStartup } from './startup.js';
import { benchText } from './text.js';
import { benchReplyFlood } from './reply-flood.js';
import { benchOllamaHosts } from './ollama-hosts.js';
import { benchVoters } from './voters.js';
import { benchSeveralProcesses } from './several-processes.js';
import { printTable, type BenchRow } from './table.js';

const rows: BenchRow[] = [];
const sections: Array<[string, () => Promise<BenchRow[]>]> = [
  ['pipeline', () => benchPipeline()],
  ['render', () => benchRender()],
  ['render capacity', () => benchRenderCapacity()],
  ['animation', () => benchAnimation()],
  ['text', () => benchText()],
  ['ratings', () => benchRatings()],
  ['start-up', () => benchStartup()],
  ['idle memory', () => benchIdleMemory()],
  ['reply flood', () => benchReplyFlood()],
  ['ollama hosts', () => benchOllamaHosts()],
  ['voters', () => benchVoters()],
  ['arena capacity', () => benchArenaCapacity()],
  ['several processes', () => benchSeveralProcesses()],
];
for (const [name, run] of sections) {
  process.stderr.write(`bench: ${name}...\n`);
  try {
    rows.push(...(await run()));
  } catch (err) {
    rows.push({ name: `${name} (failed)`, value: (err as Error).message.slice(0, 80), target: '-', ok: false });
  }
}
console.log(`prompt-duel bench on ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown cpu'}), node ${process.version}\n`);
console.log(printTable(rows));
