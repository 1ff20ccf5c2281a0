/**
 * Two processes voting on one database file at the same time (`duel serve` and `duel vote`
 * do): every vote is counted and none fails with SQLITE_BUSY ("database is locked"). A vote
 * reads, then writes; in a deferred transaction SQLite cannot wait for the other process's
 * write lock and fails at once, so every transaction that may write starts IMMEDIATE.
 * The child process runs the built store and service (dist/, built by the test setup).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createDuelService } from '../../../src/core/duel/duel-service.js';
import { openSqliteStore } from '../../../src/core/store/sqlite-store.js';
import type { Renderer } from '../../../src/core/model/types.js';
import { ROOT } from '../../cli/run-cli.js';

const VOTES_EACH = 400;
const dir = mkdtempSync(join(tmpdir(), 'duel-two-processes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CONTENDERS = [
  { spec: 'fake:a', label: 'A model', provider: 'fake', draw: () => Promise.reject(new Error('not drawn here')) },
  { spec: 'fake:b', label: 'B model', provider: 'fake', draw: () => Promise.reject(new Error('not drawn here')) },
];
const NO_RENDERER = {} as Renderer;

/** Votes VOTES_EACH times as `who:<i>` through the real service, counting failures instead of stopping. */
const VOTER_SOURCE = (dist: string) => `
import { createRequire } from 'node:module';
const pino = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('pino');
import { createDuelService } from ${JSON.stringify(pathToFileURL(join(dist, 'core/duel/duel-service.js')).href)};
import { openSqliteStore } from ${JSON.stringify(pathToFileURL(join(dist, 'core/store/sqlite-store.js')).href)};
const [db, duelId, who, n] = process.argv.slice(2);
const store = openSqliteStore(db);
const contenders = ${JSON.stringify(CONTENDERS.map(({ spec, label, provider }) => ({ spec, label, provider })))};
const service = createDuelService({ store, renderer: {}, contenders, logger: pino({ level: 'silent' }), chartSvg: () => '' });
const errors = [];
process.stdout.write('ready\\n');
for (let i = 0; i < Number(n); i++) {
  try {
    const r = await service.vote({ duelId, voter: who + ':' + i, choice: i % 2 ? 'A' : 'B', op: 'add', eventId: who + '-' + i });
    if (!r.accepted) errors.push('refused: ' + r.reason);
  } catch (err) {
    errors.push(err.code ?? err.message);
  }
}
await store.close();
process.stdout.write(JSON.stringify({ errors }) + '\\n');
`;

describe('two processes on one database', () => {
  it('count every vote from both, with no "database is locked"', async () => {
    const db = join(dir, 'duels.db');
    const store = openSqliteStore(db);
    const now = Date.now();
    await store.insertDuel({
      id: 'shared-duel', platform: 'cli', community: 'c', channel: 'ch', messageRef: null, author: 'cli:me', prompt: 'a pelican',
      aSpec: 'fake:a', bSpec: 'fake:b', createdAt: now, closesAt: now + 3_600_000, closedAt: null, status: 'open', flags: [],
    });
    const service = createDuelService({ store, renderer: NO_RENDERER, contenders: CONTENDERS, logger: pino({ level: 'silent' }), chartSvg: () => '' });

    const script = join(dir, 'voter.mjs');
    writeFileSync(script, VOTER_SOURCE(join(ROOT, 'dist')));
    const child = spawn(process.execPath, [script, db, 'shared-duel', 'child', String(VOTES_EACH)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => out.includes('ready') && resolve());
      child.on('close', () => reject(new Error(`the voting child exited before it started:\n${err}`)));
    });

    const errors: string[] = [];
    for (let i = 0; i < VOTES_EACH; i++) {
      // Yield now and then, so the child's votes interleave with ours rather than queue behind them.
      if (i % 20 === 0) await new Promise((r) => setImmediate(r));
      try {
        const r = await service.vote({ duelId: 'shared-duel', voter: `parent:${i}`, choice: i % 2 ? 'A' : 'B', op: 'add', eventId: `parent-${i}` });
        if (!r.accepted) errors.push(`refused: ${r.reason}`);
      } catch (e) {
        errors.push((e as { code?: string }).code ?? (e as Error).message);
      }
    }
    expect(await exited, err).toBe(0);
    const childErrors = JSON.parse(out.trim().split('\n').pop()!).errors as string[];
    expect(errors).toEqual([]);
    expect(childErrors).toEqual([]);
    const votes = await store.votes('shared-duel');
    expect(votes.size).toBe(2 * VOTES_EACH);
    expect([...votes.keys()].filter((v) => v.startsWith('child:'))).toHaveLength(VOTES_EACH);
    await service.stop();
    await store.close();
  });
});
