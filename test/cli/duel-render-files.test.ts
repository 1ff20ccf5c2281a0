/**
 * `duel render` on files that are not drawings and on animated drawings: a FIFO or a device is
 * refused at once (no hang, no endless read of /dev/zero), a file with no <svg> is said so (not
 * blamed on a model), success says what was written, --at draws a frame, .gif an animation.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngPixels } from '../render/animate/browser-frames.js';
import { runCli } from './run-cli.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duel-render-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FADE_IN = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#ff0000" opacity="0"><animate attributeName="opacity" from="0" to="1" begin="1s" dur="1s" fill="freeze"/></rect></svg>`;

function redShare(png: Buffer): number {
  const { pixels } = pngPixels(png);
  let red = 0;
  for (let i = 0; i < pixels.length; i += 4) if (pixels[i] > 200 && pixels[i + 1] < 80) red++;
  return red / (pixels.length / 4);
}

describe('duel render and files that are not drawings', () => {
  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.svg');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['render', fifo, join(dir, 'pipe.png')], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/cannot read .*pipe\.svg: is a pipe \(FIFO\), not a file$/);
  });

  it('refuses a device instead of reading /dev/zero forever', async () => {
    const r = await runCli(['render', '/dev/zero', join(dir, 'zero.png')], {});
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toMatch(/cannot read \/dev\/zero: is a device, not a file$/);
  });

  it('says "no <svg> in FILE" for a file without a drawing', async () => {
    const notes = join(dir, 'notes.txt');
    writeFileSync(notes, 'just some notes, nothing drawn');
    const r = await runCli(['render', notes, join(dir, 'notes.png')], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`no <svg> in ${notes}`);
    expect(r.stderr).not.toMatch(/the model|in the reply/i);
  });
});

describe('duel render and animation', () => {
  it('prints what it wrote, and draws the frame at --at', async () => {
    const input = join(dir, 'fade.svg');
    writeFileSync(input, FADE_IN);
    const before = await runCli(['render', input, join(dir, 'before.png'), '--at', '0.5s'], {});
    const after = await runCli(['render', input, join(dir, 'after.png'), '--at', '2500ms'], {});
    expect(before.code).toBe(0);
    expect(after.stdout.trim()).toMatch(/^wrote .*after\.png: 768 x 768 px PNG of the frame at 2\.5 s, \d+ KB$/);
    // Faded in by 2.5 s, not yet begun at 0.5 s (a plain render, like resvg alone, shows nothing).
    expect(redShare(readFileSync(join(dir, 'after.png')))).toBeGreaterThan(0.95);
    expect(redShare(readFileSync(join(dir, 'before.png')))).toBe(0);
  });

  it('writes an animated GIF for .gif, and refuses --at with it', async () => {
    const input = join(dir, 'fade2.svg');
    writeFileSync(input, FADE_IN);
    const out = join(dir, 'fade.gif');
    const r = await runCli(['render', input, out], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wrote .*fade\.gif: an animated GIF, \d+ frames, a 2 s loop, 480 x 480 px, \d+ KB\n$/);
    const gif = readFileSync(out);
    expect(gif.subarray(0, 6).toString()).toBe('GIF89a');
    expect(gif.readUInt16LE(6)).toBe(480);
    const bad = await runCli(['render', input, join(dir, 'x.gif'), '--at', '1s'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--at draws one frame/);
    expect(existsSync(join(dir, 'x.gif'))).toBe(false);
  });

  it('refuses a GIF of a drawing that does not move', async () => {
    const input = join(dir, 'still.svg');
    writeFileSync(input, '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>');
    const r = await runCli(['render', input, join(dir, 'still.gif')], {});
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not animate .*render it to a \.png instead/);
  });
});
