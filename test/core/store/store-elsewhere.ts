/**
 * A second store on the same database, standing for another `duel serve` process, for the race
 * tests. On PostgreSQL it is a second store in this process (its own pool of connections). On
 * SQLite it runs in a worker thread: better-sqlite3 waits for a lock held by another connection
 * synchronously, so a second connection on this thread would block the very event loop the first
 * needs to commit ("database is locked" after the busy timeout), as it never would in two
 * processes. The worker runs the built store (dist/, built by the test setup).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Store } from '../../../src/core/store/port.js';
import type { EngineUnderTest } from '../../helpers/stores.js';
import { ROOT } from '../../cli/run-cli.js';

/** A call the second store makes: a setting made once, or a rate token taken. */
export type RaceCall = { setting: [key: string, value: string] } | { takeRateToken: Parameters<Store['takeRateToken']> };

export interface Elsewhere {
  /** Makes all `calls` at once; answers their results in order. */
  run(calls: readonly RaceCall[]): Promise<unknown[]>;
  close(): Promise<void>;
}

/** Makes a call on `store`. */
export function call(store: Pick<Store, 'setting' | 'takeRateToken'>, c: RaceCall): Promise<unknown> {
  return 'setting' in c ? store.setting(c.setting[0], () => c.setting[1]) : store.takeRateToken(...c.takeRateToken);
}

const WORKER_SOURCE = (storeModule: string) => `
const { parentPort, workerData } = require('node:worker_threads');
import(${JSON.stringify(storeModule)}).then(({ openSqliteStore }) => {
  const store = openSqliteStore(workerData.location);
  parentPort.on('message', async (msg) => {
    if (msg === 'close') return store.close().then(() => parentPort.postMessage({ closed: true }));
    try {
      const results = await Promise.all(msg.map((c) => ('setting' in c ? store.setting(c.setting[0], () => c.setting[1]) : store.takeRateToken(...c.takeRateToken))));
      parentPort.postMessage({ results });
    } catch (err) {
      parentPort.postMessage({ error: String(err && err.stack || err) });
    }
  });
  parentPort.postMessage({ ready: true });
});
`;

/** Opens the second store on the database at `location`. */
export async function openElsewhere(engine: EngineUnderTest, location: string): Promise<Elsewhere> {
  if (engine.name === 'postgres') {
    const store = await engine.openAt(location);
    // Closed with the suite's other stores.
    return { run: (calls) => Promise.all(calls.map((c) => call(store, c))), close: async () => undefined };
  }
  const storeModule = pathToFileURL(join(ROOT, 'dist/core/store/sqlite-store.js')).href;
  const worker = new Worker(WORKER_SOURCE(storeModule), { eval: true, workerData: { location } });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  await next(); // ready
  let closed = false;
  return {
    run: async (calls) => {
      const answer = next();
      worker.postMessage(calls);
      const m = await answer;
      if (m.error) throw new Error(`the second store failed: ${m.error as string}`);
      return m.results as unknown[];
    },
    close: async () => {
      if (closed) return;
      closed = true;
      const answer = next();
      worker.postMessage('close');
      await answer;
      await worker.terminate();
    },
  };
}
