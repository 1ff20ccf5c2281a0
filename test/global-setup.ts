/**
 * Vitest runs the TypeScript sources directly, but tests that spawn `duel` run the built program
 * (bin/duel.mjs runs dist/), as a user does. So build once before any test file starts; when
 * nothing under src/ changed since the last build this costs only a scan of file times.
 *
 * It also starts one throwaway PostgreSQL cluster for the run where Debian's binaries exist
 * (test/helpers/postgres-cluster.ts); tests reach it with `inject('postgresUrl')` and take a
 * database of their own. Where PostgreSQL is not installed, `postgresUrl` is null and the
 * PostgreSQL half of the tests is skipped, saying why.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { postgresBinaries, startCluster, type Cluster } from './helpers/postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresMissing: string;
  }
}

let cluster: Cluster | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('`npm run build` failed (see above): the CLI tests would run an old or missing dist/');

  const bin = postgresBinaries();
  if (bin) {
    cluster = await startCluster(bin);
    project.provide('postgresUrl', cluster.url);
    project.provide('postgresMissing', '');
  } else {
    const why = 'PostgreSQL is not installed here (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL half of the store tests is skipped. `apt-get install postgresql` runs it (.ci/run does).';
    console.warn(why);
    project.provide('postgresUrl', null);
    project.provide('postgresMissing', why);
  }
  return async () => {
    await cluster?.stop();
  };
}
