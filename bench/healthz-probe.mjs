/**
 * Probes `/healthz` back to back from its own process, as an outside monitor would, until its
 * parent says stop; then sends the latencies (ms) back. Its own process: a probe sharing the event
 * loop of the load generator (2,000 fetches at once) measures that generator's backlog too.
 * Usage: fork('bench/healthz-probe.mjs', [baseUrl]); wait for 'ready'; send 'stop'; receive samples.
 */
import { get } from 'node:http';

const base = process.argv[2];
const once = () =>
  new Promise((resolve, reject) => {
    const t = performance.now();
    const req = get(`${base}/healthz`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t));
    });
    req.on('error', reject);
  });

let stop = false;
process.on('message', () => (stop = true));
process.send('ready');
const samples = [];
while (!stop) {
  samples.push(await once());
  // Let the 'stop' message in between two probes.
  await new Promise((r) => setImmediate(r));
}
process.send(samples);
