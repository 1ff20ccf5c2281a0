/**
 * What a newcomer tripped over in the terminal, through the real CLI: a closed pipe (`| head`)
 * ends quietly, `duel render` refuses an output it cannot write, `leaderboard --png` says where
 * the chart went and an empty board points at `duel run`, and `duel serve` keeps its lines for
 * people together, apart from its JSON logs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pelicanSvg } from '../fakes/fake-model-common.js';
import { startFakeOllama, type FakeModelServer } from '../fakes/fake-ollama.js';
import { BIN, ROOT, runCli } from './run-cli.js';

let dir: string;
let ollama: FakeModelServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duel-terminal-'));
  ollama = await startFakeOllama();
  const rows = ['a,b,outcome'];
  for (let i = 0; i < 400; i++) rows.push(`m${i % 20},m${(i * 7 + 1) % 20},1`);
  writeFileSync(join(dir, 'battles.csv'), rows.join('\n'));
  writeFileSync(join(dir, 'pelican.svg'), pelicanSvg());
});

afterAll(async () => {
  await ollama.close();
  rmSync(dir, { recursive: true, force: true });
});

const clean = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DUEL_DB: join(dir, 'duels.db'), ...extra });

describe('the terminal', () => {
  it('ends quietly with exit 0 when the reader of stdout has closed the pipe (`| head`)', async () => {
    const child = spawn(process.execPath, [BIN, 'leaderboard', '--battles', join(dir, 'battles.csv'), '--matrix'], { cwd: ROOT, env: clean(), stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end is gone before the first line is written: every write meets EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('duel render refuses an output extension it cannot write, and writes nothing', async () => {
    const target = join(dir, 'pelican.jpg');
    const r = await runCli(['render', join(dir, 'pelican.svg'), target], clean());
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`duel: cannot write "${target}": duel render writes PNG (.png) or animated GIF (.gif) files only; name the output file .png or .gif`);
    expect(existsSync(target)).toBe(false);
  });

  it('leaderboard --png says it wrote the chart, and an empty board points at duel run', async () => {
    const png = join(dir, 'board.png');
    const r = await runCli(['leaderboard', '--png', png], clean());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('No rated duels yet: start one with `npx duel run "<prompt>"`');
    expect(r.stderr.trim()).toBe(`Wrote the leaderboard chart to ${png}`);
    expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    const json = await runCli(['leaderboard', '--battles', join(dir, 'battles.csv'), '--json', '--png', join(dir, 'fitted.png')], clean());
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).rows.length).toBe(20);
    expect(json.stderr.trim()).toBe(`Wrote the leaderboard chart to ${join(dir, 'fitted.png')}`);
  });

  it('duel serve prints its lines for people as one block, no JSON log line inside it', async () => {
    // Both streams into one pipe, as a terminal shows them.
    const child = spawn('/bin/sh', ['-c', `exec "${process.execPath}" "${BIN}" serve 2>&1`], {
      cwd: ROOT,
      env: clean({ OLLAMA_HOST: ollama.url, DUEL_WEB_PORT: '0', DUEL_DB: join(dir, 'serve.db') }),
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let seen = '';
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await new Promise<void>((resolve) =>
        child.stdout.on('data', (d) => {
          seen += d;
          if (/"msg":"contender check"[^\n]*\n[\s\S]*"msg":"contender check"[^\n]*\n/.test(seen)) resolve();
        }),
      );
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = seen.split('\n');
    const first = lines.findIndex((l) => l.startsWith('prompt-duel is running'));
    const last = lines.findIndex((l) => l.includes('Logs follow on stderr'));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
    expect(lines.slice(first, last + 1).filter((l) => l.startsWith('{'))).toEqual([]);
    expect(lines[first - 1]).toBe('');
    expect(lines[last + 1]).toBe('');
    // The logs are JSON lines, and they are still written.
    expect(lines.filter((l) => l.startsWith('{')).every((l) => JSON.parse(l).app === 'prompt-duel')).toBe(true);
  });
});
