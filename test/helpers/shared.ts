/**
 * ../shared holds reference data that lives beside the project, never in it (real model
 * drawings in corpus/, reference battles and ratings in ratings/). A fresh clone from a forge
 * does not have it, so tests that need it skip, and say so in their title, while every other
 * test runs. DUEL_SHARED_DIR points elsewhere (a git worktree, say).
 *
 *   const corpus = shared('corpus');
 *   describe.skipIf(corpus.missing)(`renders the corpus${corpus.note}`, () => {
 *     beforeAll(() => readdirSync(corpus.path)); // read files in hooks or tests, never while collecting
 *   });
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DIR = process.env.DUEL_SHARED_DIR ? resolve(process.env.DUEL_SHARED_DIR) : resolve(ROOT, '../shared');

export interface SharedData {
  /** Absolute path of the file or folder. */
  path: string;
  /** True when it is not there: skip. */
  missing: boolean;
  /** '' when present, else " (skipped: ../shared/x is not beside the project)" to append to a title. */
  note: string;
}

/** A file or folder under ../shared, e.g. `shared('ratings/battles.csv')`. */
export function shared(relative: string): SharedData {
  const path = join(SHARED_DIR, relative);
  const missing = !existsSync(path);
  // Reporters list skipped tests without their suite's title; this line says why in every run.
  if (missing) console.warn(`skipping the tests that need ${path}: it is absent (reference data beside the project, not in it)`);
  return { path, missing, note: missing ? ` (skipped: ${path} is absent; it is reference data beside the project, see README)` : '' };
}
