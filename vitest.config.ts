import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ when src/ changed, so tests that spawn the `duel` command run current code.
    globalSetup: ['test/global-setup.ts'],
    // Generous: CLI tests spawn the program several times, and on a busy 2-core machine each
    // start can take seconds. A timeout is for a hang, never a speed check (that is `npm run bench`).
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // 2 cores: the render pool already uses child processes, so keep test files to two at a time.
    maxWorkers: 2,
    pool: 'forks',
  },
});
