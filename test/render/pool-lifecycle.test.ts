/**
 * The pool's life: workers start on demand and exit when idle, the heavy work (searching a
 * reply for its SVG, laying out the A | B image) runs in the workers under their time limit, and
 * render folders left by a killed process are removed at the next start.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { extractSvg } from '../../src/render/extract.js';
import { RenderPool } from '../../src/render/pool.js';
import { makeSandboxDir, sweepStaleSandboxes } from '../../src/render/sandbox-dir.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
const pools: RenderPool[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function pool(options: ConstructorParameters<typeof RenderPool>[0]): RenderPool {
  const p = new RenderPool(options);
  pools.push(p);
  return p;
}

async function until(fn: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RenderPool workers', () => {
  it('start on demand, exit when idle, and start again for the next job', async () => {
    const p = pool({ size: 2, idleMs: 300 });
    expect(p.pids()).toEqual([]); // nothing before the first job
    const first = await p.extract(`Here:\n${SVG}`);
    expect(first).toBe(SVG);
    const [pid] = p.pids();
    expect(pid).toBeGreaterThan(0);
    await until(() => p.pids().length === 0);
    expect(existsSync(`/proc/${pid}`)).toBe(false); // exited and reaped
    expect(await p.extract(SVG)).toBe(SVG);
    expect(p.pids()).toHaveLength(1);
  });

  it('search a reply for its drawing in the worker, with the same answer as extractSvg', async () => {
    const p = pool({ size: 1 });
    const replies = [
      `${SVG}\nIt is wrapped in \`<svg>...</svg>\` tags.`,
      `<think>\nplan\n</think>\n\`\`\`svg\n${SVG}\n\`\`\``,
      'no drawing here',
      '<svg><rect',
    ];
    for (const reply of replies) {
      const local = (() => {
        try {
          return extractSvg(reply);
        } catch (e) {
          return `${(e as { reason: string }).reason}: ${(e as Error).message}`;
        }
      })();
      const remote = await p.extract(reply).catch((e: { reason: string; message: string }) => `${e.reason}: ${e.message}`);
      expect(remote).toBe(local);
    }
  });

  it('receive a long reply or SVG in slices and join them exactly (surrogate pairs cut in two included)', async () => {
    const p = pool({ size: 1 });
    // 3 code units a repeat, so the 256 Ki-unit slices fall inside surrogate pairs.
    const prose = 'ä🎻 '.repeat(400_000);
    const drawing = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>猫 🎻</text><rect width="3" height="3"/></svg>';
    const reply = `${prose}\n${drawing}\n${prose}`;
    expect(reply.length).toBeGreaterThan(2_000_000);
    expect(await p.extract(reply)).toBe(drawing);
    const longSvg = drawing.replace('<rect', `<!-- ${'ä🎻 '.repeat(150_000)} --><rect`);
    const out = await p.run({ svg: longSvg, box: 20 });
    expect(out.svg).toContain('猫 🎻');
    expect(out.svg).toContain('<rect width="3" height="3"/>');
  });

  it('stop a search that passes the time limit, in words about the reply', async () => {
    const p = pool({ size: 1, timeoutMs: 1 });
    // Half a million candidate drafts: far more than a 1 ms limit allows, whatever the machine.
    const reply = '<svg viewBox="0 0 1 1"><rect/></svg> '.repeat(200_000);
    await expect(p.extract(reply)).rejects.toMatchObject({ reason: 'timeout', message: expect.stringMatching(/^the reply took too long to search for a drawing/) });
  });
});

describe('render folders', () => {
  it('left by a killed process are removed; those of live processes and recent unowned ones stay', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'duel-sweep-'));
    dirs.push(tmp);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const names = {
      dead: `duel-render-${deadPid}-aB3xYz`,
      live: `duel-render-${process.ppid}-Qw12er`,
      own: `duel-render-${process.pid}-zz99zz`,
      oldUnowned: 'duel-render-k2J9aa',
      recentUnowned: 'duel-render-p0O9aa',
      other: 'something-else',
    };
    for (const n of Object.values(names)) mkdirSync(join(tmp, n));
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    utimesSync(join(tmp, names.oldUnowned), old, old);
    expect(sweepStaleSandboxes(tmp)).toBe(2);
    expect(readdirSync(tmp).sort()).toEqual([names.live, names.own, names.recentUnowned, names.other].sort());
  });

  it('are named after the process that owns them', () => {
    const dir = makeSandboxDir();
    dirs.push(dir);
    expect(dir).toMatch(new RegExp(`duel-render-${process.pid}-\\w+$`));
  });
});
