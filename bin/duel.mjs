#!/usr/bin/env node
// Entry point of the `duel` command: runs the JavaScript that `npm install` built into dist/
// (the `prepare` script). No TypeScript loader at run time: it starts in a fraction of the time
// and fits in a small address space.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('duel: the program is not built (dist/cli.js is missing): run `npm run build` (npm install does it too)\n');
  process.exit(1);
}
await import(cli.href);
