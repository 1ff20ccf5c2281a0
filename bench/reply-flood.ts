/**
 * A duel whose model streams 300 MB (issue 9 point 5): the peak memory of the process running the
 * duel and how much the database grew. The duel runs in a child process of its own (so its peak
 * is its own), against a fake Ollama in this process that floods with backpressure, and a fake
 * Anthropic that draws normally.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import type { BenchRow } from './table.js';

const HERE = fileURLToPath(import.meta.url);
const ROOT = resolve(dirname(HERE), '..');
const MB = 1024 * 1024;
const FLOOD_BYTES = 300 * MB;

interface ChildReport {
  maxRssMb: number;
  dbGrowthMb: number;
  errorKind: string | null;
}

/** In the child: one duel from the environment the parent set, then a JSON report on stdout. */
async function child(): Promise<void> {
  const { loadConfig } = await import('../src/core/config/config.js');
  const { createEngine } = await import('../src/cli/engine.js');
  const config = loadConfig(process.env);
  const engine = await createEngine(config, pino({ level: 'silent' }), { contenderOverrides: { maxRetries: 0 } });
  const before = statSync(config.dbPath).size;
  const outcome = await engine.service.startDuel({ platform: 'cli', community: 'bench', channel: 'bench', author: 'cli:bench', prompt: 'a pelican riding a bicycle' });
  await engine.close();
  const side = outcome.entries.A.spec.startsWith('ollama:') ? outcome.entries.A : outcome.entries.B;
  const report: ChildReport = {
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    dbGrowthMb: (statSync(config.dbPath).size - before) / MB,
    errorKind: side.errorKind,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

export async function benchReplyFlood(): Promise<BenchRow[]> {
  const { startFakeOllama } = await import('../test/fakes/fake-ollama.js');
  const { startFakeAnthropic } = await import('../test/fakes/fake-anthropic.js');
  const { pelicanSvg } = await import('../test/fakes/fake-model-common.js');
  const ollama = await startFakeOllama({ reply: { text: '<svg xmlns="http://www.w3.org/2000/svg">', floodBytes: FLOOD_BYTES } });
  const anthropic = await startFakeAnthropic({ reply: { text: pelicanSvg('#3d5a80') } });
  const dir = mkdtempSync(join(tmpdir(), 'prompt-duel-flood-'));
  try {
    const env = {
      ...process.env,
      DUEL_CONTENDERS: 'ollama:qwen3.6:35b-a3b,anthropic:claude-opus-4-7',
      OLLAMA_HOST: ollama.url,
      ANTHROPIC_BASE_URL: anthropic.url,
      ANTHROPIC_API_KEY: 'sk-ant-bench',
      DUEL_DB: join(dir, 'duels.db'),
      DUEL_RENDER_WORKERS: '1',
      DUEL_RENDER_SIZE: '256',
      DUEL_COOLDOWN: '0',
    };
    const out = await new Promise<string>((resolveOut, reject) => {
      const p = spawn(process.execPath, ['--import', 'tsx', HERE, '--child'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('error', reject);
      p.on('close', (code) => (code === 0 ? resolveOut(stdout) : reject(new Error(`child exited ${code}: ${stderr.slice(-300)}`))));
    });
    const r = JSON.parse(out.trim().split('\n').pop()!) as ChildReport;
    const sent = ollama.requests.find((q) => q.path === '/api/chat')?.bytesSent ?? 0;
    return [
      {
        name: `flooding model (300 MB offered, ${(sent / MB).toFixed(0)} MB read): peak RSS of the duel`,
        value: `${r.maxRssMb.toFixed(0)} MB`,
        target: '< 600 MB',
        ok: r.maxRssMb < 600 && r.errorKind === 'too-large',
      },
      { name: 'flooding model: database growth', value: `${r.dbGrowthMb.toFixed(2)} MB`, target: '< 20 MB', ok: r.dbGrowthMb < 20 },
    ];
  } finally {
    await Promise.all([ollama.close(), anthropic.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) {
  child().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  });
}
