/**
 * Every attack a model's SVG could make, through the real renderer (sanitizer + sandboxed pool).
 * Each case must end in a safe PNG or a clear RenderError: never a crash, a hang, a file read or
 * a network request.
 */
import { Resvg } from '@resvg/resvg-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';
import { PANIC_SVG, pngSize, redPixels, redPng } from './helpers.js';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const doc = (body: string) => `<svg ${NS} width="200" height="200"><rect width="200" height="200" fill="#ffffff"/>${body}</svg>`;

let dir: string;
let red: string; // absolute path of a red PNG
let renderer: PoolRenderer;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'duel-hostile-'));
  red = join(dir, 'red.png');
  writeFileSync(red, redPng(64));
  writeFileSync(join(dir, 'red.svg'), `<svg ${NS} width="10" height="10"><rect id="r" width="10" height="10" fill="#ff0000"/></svg>`);
  writeFileSync(join(dir, 'red.css'), 'rect { fill: #ff0000 }');
  renderer = createRenderer({ poolSize: 2, timeoutMs: 5000 });
});

afterAll(async () => {
  await renderer.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Render and require either a PNG without red pixels, or a RenderError. */
async function safe(svg: string): Promise<{ png: Buffer | null; error: RenderError | null }> {
  try {
    const out = await renderer.render(svg);
    expect(redPixels(out.png)).toBe(0);
    return { png: out.png, error: null };
  } catch (e) {
    expect(e).toBeInstanceOf(RenderError);
    return { png: null, error: e as RenderError };
  }
}

describe('local file references', () => {
  it('the bait is real: unsanitized resvg in-process does draw the red file', () => {
    const px = new Resvg(doc(`<image href="${red}" width="200" height="200"/>`)).render().asPng();
    expect(redPixels(px)).toBeGreaterThan(1000);
  });

  it('a data: PNG is allowed (positive control: red does get through when it is embedded)', async () => {
    const out = await renderer.render(doc(`<image href="data:image/png;base64,${redPng(16).toString('base64')}" width="200" height="200"/>`));
    expect(redPixels(out.png)).toBeGreaterThan(1000);
  });

  it('never reads the red file, however the href is written', async () => {
    const rel = relative('/', red); // from any cwd: ../../../../../../../../<rel>
    const hrefs = [
      red,
      `../../../../../../../../../../${rel}`,
      rel,
      `file://${red}`,
      `file:${red}`,
      red.split('/').join('&#x2F;'),
      red.split('/').join('&#47;'),
      `&#x66;ile://${red}`,
      ` ${red} `,
    ];
    for (const href of hrefs) {
      for (const attr of ['href', 'xlink:href']) {
        const out = await safe(doc(`<image ${attr}="${href}" width="200" height="200"/>`));
        expect(out.png).not.toBeNull();
        const fe = await safe(
          doc(`<filter id="f" x="0" y="0" width="1" height="1"><feImage ${attr}="${href}"/></filter><rect width="200" height="200" filter="url(#f)"/>`),
        );
        expect(fe.png).not.toBeNull();
      }
    }
  });

  it('never reads a file named through a DOCTYPE entity', async () => {
    const svg = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY bait "${red}">]>${doc('<image href="&bait;" width="200" height="200"/>')}`;
    expect((await safe(svg)).png).not.toBeNull();
  });

  it('strips a /dev/zero href (which would abort resvg) and draws the rest', async () => {
    const out = await safe(doc('<image href="/dev/zero" width="100" height="100"/><circle cx="100" cy="100" r="50" fill="#0000ff"/>'));
    expect(out.png).not.toBeNull();
  });

  it('ignores <use> and CSS pointing at other files', async () => {
    const svgFile = join(dir, 'red.svg');
    const cases = [
      `<use href="${svgFile}#r" width="200" height="200" transform="scale(20)"/>`,
      `<use href="red.svg#r" transform="scale(20)"/>`,
      `<style>@import url("${join(dir, 'red.css')}");</style><rect width="200" height="200" fill="#fff"/>`,
      `<rect width="200" height="200" style="fill: url(${svgFile}#r)"/>`,
      `<rect width="200" height="200" fill="url(file://${svgFile}#r)"/>`,
    ];
    for (const c of cases) expect((await safe(doc(c))).png).not.toBeNull();
  });

  it('sanitizes an SVG inside a data: URI (its file href is removed)', async () => {
    const inner = `<svg ${NS} width="200" height="200"><image href="${red}" width="200" height="200"/></svg>`;
    for (const uri of [`data:image/svg+xml;base64,${Buffer.from(inner).toString('base64')}`, `data:image/svg+xml,${encodeURIComponent(inner)}`]) {
      expect((await safe(doc(`<image href="${uri}" width="200" height="200"/>`))).png).not.toBeNull();
    }
  });

  it('drops an oversized data: image (a red PNG padded past 1 MB)', async () => {
    const big = Buffer.concat([redPng(16), Buffer.alloc(1024 * 1024 + 100)]).toString('base64');
    // The padded PNG makes the document itself ~1.4 MB: still under the 2 MB cap.
    const out = await safe(doc(`<image href="data:image/png;base64,${big}" width="200" height="200"/>`));
    expect(out.png).not.toBeNull();
  });
});

describe('network references', () => {
  let server: Server;
  let hits = 0;
  let base = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'image/png' }).end(redPng(16));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('makes no request to an http(s) or protocol-relative URL', async () => {
    const host = base.replace('http:', '');
    const cases = [
      `<image href="${base}/a.png" width="200" height="200"/>`,
      `<image xlink:href="${host}/b.png" width="200" height="200"/>`,
      `<image href="${base.replace('http', 'https')}/c.png" width="200" height="200"/>`,
      `<filter id="f"><feImage href="${base}/d.png"/></filter><rect width="200" height="200" filter="url(#f)"/>`,
      `<style>@import url(${base}/e.css); rect { fill: url(${base}/f.svg#p) }</style><rect width="20" height="20"/>`,
      `<rect width="200" height="200" style="fill:url('${base}/g.svg#p')"/>`,
      `<use href="${base}/h.svg#x"/>`,
      `<image href="&#x68;ttp://127.0.0.1:${base.split(':')[2]}/i.png" width="200" height="200"/>`,
    ];
    for (const c of cases) expect((await safe(doc(c))).png).not.toBeNull();
    expect(hits).toBe(0);
  });
});

describe('resource exhaustion and crashes', () => {
  it('clamps a huge declared size to the box', async () => {
    const out = await renderer.render(`<svg ${NS} width="100000000" height="100000000"><circle cx="50000000" cy="50000000" r="40000000" fill="#00f"/></svg>`);
    expect(pngSize(out.png)).toEqual({ width: 768, height: 768 });
    const thin = await renderer.render(`<svg ${NS} width="100000000" height="1"><rect width="100%" height="100%"/></svg>`);
    expect(pngSize(thin.png)).toEqual({ width: 768, height: 1 });
  });

  it('a filter-heavy drawing ends within the time limit with a PNG or a timeout error', async () => {
    const blurs = Array.from({ length: 60 }, (_, i) => `<feGaussianBlur stdDeviation="${100 + i}"/>`).join('');
    const turb = Array.from({ length: 12 }, () => '<rect width="768" height="768" filter="url(#t)"/>').join('');
    const svg = `<svg ${NS} width="768" height="768"><filter id="b">${blurs}</filter><filter id="t" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="30"/></filter><rect width="768" height="768" filter="url(#b)"/>${turb}</svg>`;
    const out = await safe(svg);
    if (out.error) expect(out.error.reason).toBe('timeout');
    expect(out.error?.message ?? '').toMatch(out.error ? /took too long/ : /^$/);
  });

  it('a <use> bomb ends in a PNG or a clear error', async () => {
    let defs = '<rect id="l0" width="1" height="1"/>';
    for (let i = 1; i < 12; i++) defs += `<g id="l${i}">${Array.from({ length: 8 }, () => `<use href="#l${i - 1}"/>`).join('')}</g>`;
    const out = await safe(`<svg ${NS} width="100" height="100"><defs>${defs}</defs><use href="#l11"/></svg>`);
    if (out.error) expect(['timeout', 'out-of-memory', 'crashed', 'invalid']).toContain(out.error.reason);
  });

  it('a filtered shape far off-canvas (the resvg panic) is a clear error, and the pool still works', async () => {
    const out = await safe(PANIC_SVG);
    expect(out.error?.reason).toBe('crashed');
    expect(out.error?.message).toMatch(/could not be rendered/);
    const ok = await renderer.render(doc('<circle cx="100" cy="100" r="80" fill="#0a0"/>'));
    expect(pngSize(ok.png).width).toBe(768);
  });

  it('strips scripts and event handlers and still renders', async () => {
    const out = await renderer.render(
      `<svg ${NS} width="50" height="50" onload="alert(1)"><script>alert(2)</script><foreignObject width="50" height="50"><body xmlns="http://www.w3.org/1999/xhtml">x</body></foreignObject><rect width="50" height="50" fill="#00f" onclick="alert(3)"/></svg>`,
    );
    expect(out.svg).not.toMatch(/script|alert|onload|onclick|foreignObject/);
    expect(pngSize(out.png)).toEqual({ width: 768, height: 768 });
  });

  it('refuses input over the 2 MB cap', async () => {
    const svg = doc(`<!--${'x'.repeat(2 * 1024 * 1024)}-->`);
    await expect(renderer.render(svg)).rejects.toMatchObject({ name: 'RenderError', reason: 'too-large' });
  });

  it('reports an invalid document clearly', async () => {
    await expect(renderer.render('<notsvg/>')).rejects.toMatchObject({ reason: 'invalid' });
    await expect(renderer.render(`<svg ${NS}><rect`)).rejects.toBeInstanceOf(RenderError);
  });
});
