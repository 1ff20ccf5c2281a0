/** `duel render` on hostile and broken files: a safe PNG or exit 1 with one line, never a crash or hang. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shared } from '../helpers/shared.js';
import { runCli } from './run-cli.js';

let dir: string;
let server: Server;
let hits = 0;
let port = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'duel-render-'));
  server = createServer((_req, res) => {
    hits++;
    res.end('no');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const svg = (body: string, attrs = 'width="100" height="100"') => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${attrs}>${body}</svg>`;

async function render(name: string, text: string, extra: string[] = []) {
  const input = join(dir, `${name}.svg`);
  const output = join(dir, `${name}.png`);
  writeFileSync(input, text);
  const r = await runCli(['render', input, output, ...extra], {});
  return { ...r, output };
}

function expectSafe(r: { code: number | null; stderr: string; output: string }) {
  if (r.code === 0) {
    expect(readFileSync(r.output).subarray(1, 4).toString()).toBe('PNG');
  } else {
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^duel: /);
  }
}

describe('duel render', () => {
  it('renders a good drawing to the requested size', async () => {
    const r = await render('good', svg('<circle cx="50" cy="50" r="40" fill="teal"/>'), ['--size', '200']);
    expect(r.code).toBe(0);
    const png = readFileSync(r.output);
    expect(png.readUInt32BE(16)).toBe(200);
  });

  it.each([
    ['a local file', svg('<image href="/etc/passwd" width="100" height="100"/>')],
    ['/dev/zero', svg('<image xlink:href="/dev/zero" width="100" height="100"/>')],
    ['an entity', `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>${svg('<text>&x;</text>')}`],
    ['a huge size', svg('<rect width="10" height="10"/>', 'width="100000000" height="100000000"')],
    ['a script', svg('<script>alert(1)</script><rect width="10" height="10" onload="alert(2)"/>')],
  ])('is safe with %s', async (name, text) => {
    expectSafe(await render(name.replace(/\W/g, '_'), text));
  });

  it('makes no network request', async () => {
    const r = await render('net', svg(`<image href="http://127.0.0.1:${port}/x.png" width="10" height="10"/><rect style="fill:url(http://127.0.0.1:${port}/y)" width="5" height="5"/>`));
    expectSafe(r);
    expect(hits).toBe(0);
  });

  it('refuses what is not an SVG, and a missing file, in one line', async () => {
    const junk = await render('junk', 'this is not a drawing');
    expect(junk.code).toBe(1);
    expect(junk.stderr.trim().split('\n')).toHaveLength(1);
    const missing = await runCli(['render', join(dir, 'nope.svg'), join(dir, 'nope.png')], {});
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/nope\.svg/);
  });

  const corpus = shared('corpus');
  it.skipIf(corpus.missing)(`survives the corpus drawing that makes resvg panic${corpus.note}`, async () => {
    const panics = readdirSync(corpus.path).filter((f) => f.startsWith('nagi__minimax-m3__') && f.endsWith('.svg'));
    expect(panics.length).toBeGreaterThan(0);
    for (const file of panics) {
      const output = join(dir, `${file}.png`);
      const r = await runCli(['render', join(corpus.path, file), output], {});
      expectSafe({ ...r, output });
    }
  });
});
