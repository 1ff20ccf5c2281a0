/**
 * Where the render worker's library (worker-bundle.ts: extract, sanitize, composite layout, frames and GIFs) comes from.
 * The worker is plain JavaScript (a TypeScript loader would cost it 200 ms and a second V8
 * isolate at every start), so it loads that library as one .mjs bundle. The built program
 * (dist/) ships the bundle, made at build time by scripts/build.mjs. Run from the TypeScript
 * sources (vitest, tsx), the pool bundles worker-bundle.ts itself, once per pool, with esbuild (a
 * devDependency, present wherever the sources run).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Built by `npm run build` (scripts/build.mjs) beside the compiled pool in dist/render/. */
const PREBUILT = fileURLToPath(new URL('./sanitize.bundle.mjs', import.meta.url));
const SOURCE = fileURLToPath(new URL('./worker-bundle.ts', import.meta.url));

/** Path of the bundle for the worker's argv[2]; `dir` receives it when it must be built now. */
export function workerLibrary(dir: string): string {
  if (existsSync(PREBUILT)) return PREBUILT;
  const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const out = buildSync({ entryPoints: [SOURCE], bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent' });
  const file = join(dir, 'sanitize.bundle.mjs');
  writeFileSync(file, out.outputFiles[0].contents);
  return file;
}
