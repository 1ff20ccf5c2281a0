import { describe, expect, it } from 'vitest';
import { RenderError } from '../../src/core/model/errors.js';
import { fitBox, sanitizeSvg } from '../../src/render/sanitize.js';
import { redPng } from './helpers.js';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const wrap = (body: string, attrs = 'width="100" height="100"') => `<svg ${NS} ${attrs}>${body}</svg>`;

/** The SVG without its namespace declarations (which are URLs themselves). */
const body = (svg: string) => svg.replace(/ xmlns(:xlink)?="[^"]*"/g, '');

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RenderError);
    return (e as RenderError).reason;
  }
  return 'none';
}

describe('sanitizeSvg: structure', () => {
  it('keeps ordinary drawing elements and attributes', () => {
    const out = sanitizeSvg(
      wrap('<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="stroke:#000;stroke-width:2"/><text x="1" y="9" font-size="8">Hi &amp; bye</text>'),
    );
    expect(out.svg).toContain('<rect width="10" height="10" fill="url(#g)" style="stroke:#000;stroke-width:2"/>');
    expect(out.svg).toContain('<text x="1" y="9" font-size="8">Hi &amp; bye</text>');
    expect(out.svg).toContain('<stop offset="0" stop-color="#fff"/>');
    expect(out.removed).toEqual([]);
  });

  // Safe animation is kept since the frame renderer draws it: see test/render/animate/sanitize-animation.test.ts.
  it('removes scripts, foreignObject and event handlers', () => {
    const out = sanitizeSvg(
      wrap(
        '<script>alert(1)</script><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject><rect width="5" height="5" onclick="evil()" onload="evil()"/>',
        'width="10" height="10" onload="evil()"',
      ),
    );
    expect(out.svg).not.toMatch(/script|foreignObject|onclick|onload|evil/i);
    expect(out.svg).toContain('<rect width="5" height="5"/>');
    expect(out.removed).toEqual(expect.arrayContaining(['element script', 'element foreignObject', 'attribute onclick on rect']));
  });

  it('turns links into plain groups without their href', () => {
    const out = sanitizeSvg(wrap('<a href="https://example.com"><rect width="5" height="5"/></a>'));
    expect(out.svg).toContain('<g><rect width="5" height="5"/></g>');
    expect(out.svg).not.toContain('example.com');
  });

  it('drops the DOCTYPE, and its entities decode to nothing', () => {
    const src = `<!DOCTYPE svg [<!ENTITY x "/etc/passwd"><!ENTITY big "aaaaaaaa">]><svg ${NS} width="10" height="10"><image href="&x;" width="5" height="5"/><text>&big;&big;</text></svg>`;
    const out = sanitizeSvg(src);
    expect(out.svg).not.toMatch(/DOCTYPE|ENTITY|passwd|aaaa/);
    expect(out.svg).toContain('<image width="5" height="5"/>');
  });

  it('decodes character references before checking an href', () => {
    for (const href of ['&#x2F;etc&#x2F;passwd', '&#47;etc&#47;passwd', 'fi&#108;e:///etc/passwd', '&#x68;ttp://127.0.0.1/x.png']) {
      const out = sanitizeSvg(wrap(`<image href="${href}" width="5" height="5"/>`));
      expect(body(out.svg)).not.toMatch(/passwd|http|file/);
      expect(out.removed).toContain('href on image');
    }
  });

  it('allows same-document references only', () => {
    const out = sanitizeSvg(wrap('<rect id="r" width="2" height="2"/><use href="#r"/><use xlink:href="#r" x="3"/><use href="other.svg#r"/><use href="/tmp/x.svg#r"/>'));
    expect(out.svg.match(/<use href="#r"/g)).toHaveLength(2);
    expect(out.svg).not.toContain('other.svg');
    expect(out.svg).not.toContain('/tmp/x.svg');
  });

  it('removes non-local urls in attributes, style attributes and stylesheets', () => {
    const out = sanitizeSvg(
      wrap(
        '<style>@import url("http://127.0.0.1/a.css"); @import "b.css"; rect { fill: url(file:///etc/x.png); stroke: url(#ok) } @font-face { font-family: X; src: url(/f.ttf) }</style>' +
          '<rect width="5" height="5" fill="url(http://127.0.0.1/p.svg#p)" filter="url(/tmp/f.svg#f)" clip-path="url(#c)" style="fill:url(//host/x.png)"/>' +
          '<circle r="2" style="fill: u\\72l(/etc/passwd)"/>',
      ),
    );
    expect(body(out.svg)).not.toMatch(/import|127\.0\.0\.1|file:|\/etc|\/tmp|\/\/host|f\.ttf|b\.css|\\/);
    expect(out.svg).toContain('stroke: url(#ok)');
    expect(out.svg).toContain('clip-path="url(#c)"');
    expect(out.svg).toContain('style="fill:none"');
  });

  it('keeps bounded data: rasters and re-encodes them by their real type', () => {
    const png = redPng(8).toString('base64');
    const ok = sanitizeSvg(wrap(`<image href="data:image/jpeg;base64,${png}" width="5" height="5"/>`));
    expect(ok.svg).toContain(`href="data:image/png;base64,${png}"`);
    const notImage = sanitizeSvg(wrap(`<image href="data:image/png;base64,${Buffer.from('hello world, not an image').toString('base64')}"/>`));
    expect(notImage.svg).not.toContain('data:');
    const big = Buffer.concat([redPng(8), Buffer.alloc(1024 * 1024 + 10)]).toString('base64');
    const over = sanitizeSvg(wrap(`<image href="data:image/png;base64,${big}"/>`), { maxInputBytes: 4 * 1024 * 1024 });
    expect(over.svg).not.toContain('data:');
    expect(over.removed.some((r) => r.startsWith('data: image over'))).toBe(true);
  });

  it('rejects a raster whose header declares a huge bitmap', () => {
    const png = Buffer.from(redPng(8));
    png.writeUInt32BE(100_000, 16);
    png.writeUInt32BE(100_000, 20);
    const out = sanitizeSvg(wrap(`<image href="data:image/png;base64,${png.toString('base64')}"/>`));
    expect(out.svg).not.toContain('data:');
  });

  it('sanitizes a data: SVG recursively, to a bounded depth', () => {
    const inner = wrap('<image href="/etc/passwd" width="5" height="5"/><rect width="3" height="3"/>');
    const out = sanitizeSvg(wrap(`<image href="data:image/svg+xml;utf8,${encodeURIComponent(inner)}" width="5" height="5"/>`));
    const b64 = /href="data:image\/svg\+xml;base64,([^"]+)"/.exec(out.svg)?.[1];
    expect(b64).toBeDefined();
    const decoded = Buffer.from(b64!, 'base64').toString('utf8');
    expect(decoded).toContain('<rect width="3" height="3"/>');
    expect(decoded).not.toContain('passwd');
    // depth: an SVG in an SVG in an SVG in an SVG is cut at the bound
    let doc = wrap('<rect width="1" height="1"/>');
    for (let i = 0; i < 4; i++) doc = wrap(`<image href="data:image/svg+xml;base64,${Buffer.from(doc).toString('base64')}"/>`);
    const deep = sanitizeSvg(doc);
    let level = deep.svg;
    let depth = 0;
    for (let m = /base64,([^"]+)"/.exec(level); m; m = /base64,([^"]+)"/.exec(level)) {
      level = Buffer.from(m[1], 'base64').toString('utf8');
      depth++;
    }
    expect(depth).toBe(2);
  });

  it('enforces the input cap and reports structure errors', () => {
    const huge = wrap(`<!--${'x'.repeat(2 * 1024 * 1024)}-->`);
    expect(reasonOf(() => sanitizeSvg(huge))).toBe('too-large');
    expect(reasonOf(() => sanitizeSvg('<html><svg></svg></html>'))).toBe('invalid');
    expect(reasonOf(() => sanitizeSvg('<svg><g><rect/>'))).toBe('truncated');
    expect(reasonOf(() => sanitizeSvg('just text'))).toBe('no-svg');
  });

  it('tolerates mismatched end tags by closing to the matching ancestor', () => {
    const out = sanitizeSvg(wrap('<g><rect width="1" height="1"></g></circle>'));
    expect(out.svg).toContain('<g><rect width="1" height="1"></rect></g>');
  });
});

describe('sanitizeSvg: size', () => {
  it('fits the declared size into the box and keeps the viewBox', () => {
    const out = sanitizeSvg(wrap('', 'width="1000" height="500" viewBox="0 0 10 5"'), { box: 768 });
    expect([out.width, out.height]).toEqual([768, 384]);
    expect(out.source).toEqual({ width: 1000, height: 500, viewBox: [0, 0, 10, 5] });
    expect(out.svg.startsWith('<svg width="768" height="384" viewBox="0 0 10 5"')).toBe(true);
  });

  it('clamps a huge declared size', () => {
    const out = sanitizeSvg(wrap('', 'width="100000000" height="100000000"'));
    expect([out.width, out.height]).toEqual([768, 768]);
    expect(out.svg).toContain('viewBox="0 0 100000000 100000000"');
    const thin = sanitizeSvg(wrap('', 'width="100000000" height="1"'));
    expect([thin.width, thin.height]).toEqual([768, 1]);
  });

  it('derives the size from the viewBox, units, or the 100 px default', () => {
    expect(sanitizeSvg(wrap('', 'viewBox="0 0 300 200"')).height).toBe(512);
    expect(sanitizeSvg(wrap('', 'width="100%" height="100%" viewBox="0 0 200 400"')).width).toBe(384);
    expect(sanitizeSvg(wrap('', 'width="1in" height="2in"')).source).toMatchObject({ width: 96, height: 192 });
    expect(sanitizeSvg(wrap('', '')).source).toMatchObject({ width: 100, height: 100 });
    expect(fitBox(10, 20, 100)).toEqual({ width: 50, height: 100 });
  });
});

describe('sanitizeSvg: style sheets built to be slow', () => {
  // Each of these made the CSS rules scan to the end from every start (quadratic): 20,000 repeats
  // of `url(` took 5 s of a worker's CPU, these 100,000 about 40 s each. They must be answered in
  // one pass (tens of ms), and nothing may fetch. The only guard against the quadratic form is the
  // test's time limit, set far (hundreds of times) from both, so a busy machine cannot trip it.
  const n = 100_000;
  const LIMIT_MS = 20_000;
  it.each([
    ['url( without a closing parenthesis', 'url('.repeat(n)],
    ['url(" without a closing quote', 'rect{fill:url("'.repeat(n)],
    ['@font-face{ without a closing brace', '@font-face{'.repeat(n)],
  ])('%s', (_name, css) => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>${css}</style><rect width="10" height="10" style="${css.replace(/"/g, '')}"/></svg>`;
    let out: string;
    try {
      out = sanitizeSvg(svg).svg;
    } catch (e) {
      expect(e).toBeInstanceOf(RenderError);
      return;
    }
    expect(out).not.toMatch(/url\(\s*["']?[^#\s"')]/i);
  }, LIMIT_MS);

  it('still drops a url nested in a url, and keeps a local one', () => {
    const nested = sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(url(https://x.example/a))}</style><rect width="1" height="1"/></svg>').svg;
    expect(nested).not.toContain('x.example');
    const local = sanitizeSvg('<svg xmlns="http://www.w3.org/2000/svg"><defs><linearGradient id="g"/></defs><style>rect{fill:url( #g )}</style><rect width="1" height="1"/></svg>').svg;
    expect(local).toMatch(/url\(#/);
  });
});
