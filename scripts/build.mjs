#!/usr/bin/env node
/**
 * `npm run build`, also run by `prepare`, so `npm install` and `npm ci` build too. It makes dist/,
 * the plain JavaScript that bin/duel.mjs runs (no TypeScript loader at run time):
 *   1. tsc -p tsconfig.build.json: src/**\/*.ts to dist/**\/*.js (incremental);
 *   2. the files under src/ that are not TypeScript (web static files, the render worker) copied as they are;
 *   3. the sanitizer bundled into one .mjs for the render worker, which is plain JavaScript and
 *      loads no TypeScript (src/render/pool.ts looks for it beside itself);
 *   4. `duel` linked into node_modules/.bin: npm links the bins of dependencies, never the
 *      project's own, and without the link `npx duel` would copy the project into npm's cache and
 *      build it again there.
 * `--if-stale` does nothing when dist/ is newer than every source and build file (the test setup
 * uses it so a test run that changed nothing does not pay for tsc).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.build-stamp');
/** Entry and output of the worker's bundle; src/render/pool.ts builds the same one itself when run from sources. */
const WORKER_BUNDLE = { entry: join(SRC, 'render/worker-bundle.ts'), out: join(DIST, 'render/sanitize.bundle.mjs') };
const BUILD_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.mjs'].map((f) => join(ROOT, f));

const require = createRequire(import.meta.url);

function fail(message) {
  process.stderr.write(`build: ${message}\n`);
  process.exit(1);
}

/** Every file and directory under dir (a directory's mtime changes when a file is added or removed). */
function* walk(dir) {
  yield dir;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

function isStale() {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  for (const file of [...walk(SRC), ...BUILD_FILES]) {
    if (existsSync(file) && statSync(file).mtimeMs > built) return true;
  }
  return false;
}

function resolveTool(name, path) {
  try {
    return require.resolve(path);
  } catch {
    fail(`${name} is not installed; it is a devDependency needed to build: run \`npm install\` (without --omit=dev)`);
  }
}

function compile() {
  const tsc = resolveTool('typescript', 'typescript/bin/tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('tsc found the errors above: fix them, then run `npm run build` again');
}

/**
 * tsc's incremental build never deletes: a source moved or removed leaves its old output behind,
 * where a stale import would still find it. Remove compiled files whose source is gone.
 */
function removeOrphans() {
  if (!existsSync(DIST)) return;
  for (const file of walk(DIST)) {
    const m = /^(.*)\.(js|d\.ts|js\.map)$/.exec(relative(DIST, file));
    if (!m || statSync(file).isDirectory()) continue;
    if (!existsSync(join(SRC, `${m[1]}.ts`)) && !existsSync(join(SRC, `${m[1]}.${m[2]}`))) rmSync(file);
  }
}

function copyAssets() {
  for (const file of walk(SRC)) {
    if (statSync(file).isDirectory() || file.endsWith('.ts')) continue;
    const target = join(DIST, relative(SRC, file));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
}

function bundleWorker() {
  resolveTool('esbuild', 'esbuild');
  const { buildSync } = require('esbuild');
  const result = buildSync({
    entryPoints: [WORKER_BUNDLE.entry],
    outfile: WORKER_BUNDLE.out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'error',
  });
  if (result.errors.length > 0) fail('esbuild could not bundle the render worker\'s sanitizer');
}

function linkBin() {
  const binDir = join(ROOT, 'node_modules/.bin');
  if (!existsSync(binDir)) return;
  const link = join(binDir, 'duel');
  const target = '../../bin/duel.mjs';
  try {
    const current = lstatSync(link, { throwIfNoEntry: false });
    if (current) {
      if (current.isSymbolicLink() && readlinkSync(link) === target) return;
      rmSync(link);
    }
    symlinkSync(target, link);
  } catch (err) {
    process.stderr.write(`build: could not link node_modules/.bin/duel (${err.code ?? err.message}); use \`npm run duel -- <command>\` instead of npx duel\n`);
  }
}

const ifStale = process.argv.includes('--if-stale');
linkBin();
if (ifStale && !isStale()) process.exit(0);
const started = Date.now();
compile();
removeOrphans();
copyAssets();
bundleWorker();
writeFileSync(STAMP, `${new Date().toISOString()}\n`);
const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
if (!process.argv.includes('--quiet')) process.stderr.write(`build: prompt-duel ${version} built to dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
