/**
 * Vitest runs the TypeScript sources directly, but tests that spawn `duel` run the built program
 * (bin/duel.mjs runs dist/), as a user does. So build once before any test file starts; when
 * nothing under src/ changed since the last build this costs only a scan of file times.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('`npm run build` failed (see above): the CLI tests would run an old or missing dist/');
}
