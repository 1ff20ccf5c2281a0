/**
 * The blind form (src/render/blind/): only what draws, neutral names with every reference kept,
 * and the drawn text in reading order. In-process on the pure functions; the pool, the PNG and
 * the served pages are tested in blind-names, blind-corpus and test/bots/web/blind-channels.
 */
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { sanitizeBlind } from '../../src/render/blind/blind-form.js';
import { sanitizeSvg } from '../../src/render/sanitize.js';

const doc = (body: string, attrs = '') => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100"${attrs}>${body}</svg>`;
const blind = (body: string, attrs = '') => sanitizeBlind(doc(body, attrs), { box: 100 });

describe('blind form: what never draws goes', () => {
  it('drops data-*, aria-*, role and invented attributes, keeps presentation ones', () => {
    const out = blind('<rect data-model="Alpha" aria-label="Alpha drew this" role="img" tabindex="0" signature="Alpha" lang="en" width="10" height="10" fill="red" stroke-width="2"/>', ' data-maker="Alpha" aria-describedby="x"').svg;
    expect(out).not.toMatch(/alpha|data-|aria-|role=|tabindex|signature|lang=/i);
    expect(out).toContain('fill="red"');
    expect(out).toContain('stroke-width="2"');
  });

  it('drops elements that never draw, and the text in them', () => {
    const hidden = [
      '<text x="5" y="20" display="none">Marker1</text>',
      '<g display="none"><text x="5" y="20">Marker2</text></g>',
      '<g style="display: none"><text x="5" y="20">Marker3</text></g>',
      '<g visibility="hidden"><text x="5" y="20">Marker4</text></g>',
      '<text x="5" y="20" opacity="0">Marker5</text>',
      '<text x="5" y="20" fill="none">Marker6</text>',
      '<text x="5" y="20" font-size="0">Marker7</text>',
      '<g fill="transparent"><text x="5" y="20">Marker8</text></g>',
      '<switch><g><rect width="5" height="5"/></g><text x="5" y="20">Marker9</text></switch>',
      '<text x="5" y="20" style="/* c */display:none">Marker10</text>',
      '<text x="5" y="20" style="fill:none /* c */;stroke:none">Marker11</text>',
    ];
    const out = blind(`<rect width="100" height="100" fill="#eee"/>${hidden.join('')}`);
    expect(out.svg).not.toMatch(/Marker/);
    expect(out.text).toBe('');
  });

  it('keeps a hidden part that draws: a visible child of a hidden group, a painted tspan', () => {
    const out = blind('<g visibility="hidden"><text x="5" y="20" visibility="visible">Shown</text></g><text x="5" y="60" fill="none"><tspan fill="black">Also</tspan></text><text x="5" y="90" fill="none"><tspan stroke="black">Outlined</tspan></text>');
    expect(out.text).toBe('Shown\nAlso\nOutlined');
  });

  it('keeps what an animation can reveal (SMIL or CSS)', () => {
    const smil = blind('<text x="5" y="20" display="none">Later<set attributeName="display" to="inline" begin="1s"/></text><g opacity="0"><animate attributeName="opacity" values="0;1" dur="2s"/><circle r="5"/></g>');
    expect(smil.svg).toContain('Later');
    expect(smil.svg).toContain('<circle');
    const css = blind('<style>@keyframes show { to { opacity: 1 } } .late { animation: show 1s forwards }</style><text x="5" y="20" opacity="0" class="late">Later</text>');
    expect(css.svg).toContain('Later');
  });

  it('drops empty groups and definitions nothing uses, keeps those something uses', () => {
    const out = blind('<defs><linearGradient id="used"><stop offset="0" stop-color="red"/></linearGradient><linearGradient id="unused-alpha"><stop/></linearGradient><path id="spare-alpha" d="M0 0"/></defs><g><g/></g><rect width="10" height="10" fill="url(#used)"/>');
    expect(out.svg.match(/<linearGradient/g)).toHaveLength(1);
    expect(out.svg).not.toMatch(/<path|<g/);
    expect(out.svg).toMatch(/fill="url\(#i\d+\)"/);
  });
});

describe('blind form: neutral names, every reference kept', () => {
  const body = `<style>/* by alpha */ .alpha-fill { fill: url(#alpha-grad) } #alpha-id { stroke: blue } .alpha-only-css { fill: red }
      [data-model=alpha] { fill: red } rect { --maker: alpha; content: "alpha" } @keyframes alpha-spin { to { transform: rotate(90deg) } } .alpha-spin { animation: alpha-spin 2s infinite }</style>
    <defs><linearGradient id="alpha-grad"><stop offset="0" stop-color="#f00"/><stop offset="1" stop-color="#00f"/></linearGradient>
      <clipPath id="alpha-clip"><circle cx="50" cy="50" r="40"/></clipPath><path id="alpha-path" d="M10 90 H90"/>
      <g id="alpha-sym"><rect width="5" height="5" fill="url('#alpha-grad')"/></g></defs>
    <rect id="alpha-id" class="alpha-fill alpha-spin" width="100" height="100" clip-path="url(#alpha-clip)"/>
    <use href="#alpha-sym" x="10"/><use xlink:href="#alpha-sym" x="20"/>
    <text><textPath href="#alpha-path">on a path</textPath></text>
    <circle id="alpha-dot" r="3" style="fill: url(#alpha-grad); --by: alpha"><animate id="alpha-first" attributeName="r" values="3;6" dur="1s"/></circle>
    <circle r="2"><animate attributeName="r" values="2;4" dur="1s" begin="alpha-first.end+0.5s; alpha-dot.click"/></circle>`;

  it('renames ids, classes and CSS animations; no chosen name is left', () => {
    const out = blind(body, ' xmlns:xlink="http://www.w3.org/1999/xlink"').svg;
    expect(out).not.toMatch(/alpha/i);
    expect(out).toMatch(/\.c\d+ \{ fill: url\(#i\d+\) \}/);
    expect(out).toMatch(/@keyframes k1/);
    expect(out).toMatch(/animation: k1 2s infinite/);
    expect(out).not.toContain('[data-model');
  });

  it('renames an id with dots in it where an animation chain names it (step.1.end)', () => {
    const out = blind('<circle r="3"><animate id="step.1" attributeName="r" values="3;6" dur="1s"/></circle><circle r="2"><animate attributeName="r" values="2;4" dur="1s" begin="step.1.end + 0.5s"/></circle>').svg;
    expect(out).not.toContain('step');
    const id = /<animate id="([^"]+)"/.exec(out)![1];
    expect(out).toContain(`begin="${id}.end + 0.5s"`);
  });

  it('keeps every reference pointing at the renamed element', () => {
    const out = blind(body, ' xmlns:xlink="http://www.w3.org/1999/xlink"').svg;
    const ids = new Set([...out.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    const refs = [...out.matchAll(/url\(#([^)]+)\)|href="#([^"]+)"|(\w+)\.(?:end|click)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
    expect(refs.length).toBeGreaterThanOrEqual(9);
    for (const r of refs) expect(ids, r).toContain(r);
    const classes = new Set([...out.matchAll(/ class="([^"]+)"/g)].flatMap((m) => m[1].split(' ')));
    const cssClasses = [...new Set([...out.matchAll(/\.(c\d+)/g)].map((m) => m[1]))];
    expect(cssClasses.filter((c) => !classes.has(c))).toHaveLength(1); // the class only a selector names
  });

  it('draws the same pixels as the sanitized drawing', () => {
    const src = doc(body, ' xmlns:xlink="http://www.w3.org/1999/xlink"');
    const draw = (svg: string) => new Resvg(svg, { font: { loadSystemFonts: false } }).render().pixels;
    const before = draw(sanitizeSvg(src, { box: 100 }).svg);
    const after = draw(sanitizeBlind(src, { box: 100 }).svg);
    expect(after.equals(before)).toBe(true);
    // The gradient really is used: without it the pixels differ.
    expect(draw(sanitizeBlind(src.replace(/url\(#alpha-grad\)/g, 'none'), { box: 100 }).svg).equals(before)).toBe(false);
  });
});

describe('drawn text, in reading order', () => {
  it('joins runs that touch on one line, spaces runs apart, and orders lines by y', () => {
    const out = blind('<text x="10" y="80" font-size="20">second</text><text x="60" y="30" font-size="20">ude</text><text x="27" y="30" font-size="20">Cla</text><text x="4" y="30" font-size="10">by</text>');
    expect(out.text).toBe('by Claude\nsecond');
  });

  it('follows tspans, dx/dy, text-anchor and translations', () => {
    expect(blind('<text x="10" y="50">Cla<tspan fill="red">ude</tspan></text>').text).toBe('Claude');
    expect(blind('<text x="10" y="50"><tspan x="60">ude</tspan><tspan x="10">Cla</tspan></text>', '').text.replace(/\s/g, '')).toBe('Claude');
    expect(blind('<g transform="translate(0 60)"><text x="10" y="0">low</text></g><text x="10" y="20">high</text>').text).toBe('high\nlow');
    expect(blind('<text x="50" y="50" text-anchor="end">Cla</text><text x="50" y="50">ude</text>').text).toBe('Claude');
  });

  it('marks a run written right to left by bidi-override, so core reads it as shown', () => {
    expect(blind('<text x="10" y="50" direction="rtl" unicode-bidi="bidi-override">edualC</text>').text).toBe('\u202eedualC\u202c');
  });
});

describe('blind form: an SVG embedded as a data: image', () => {
  it('is made blind too, and its drawn text is read', () => {
    const inner = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 50 50"><g id="inner-alpha" data-model="inner-alpha"><text x="5" y="20" display="none">inner-alpha</text><text x="5" y="40">Inside</text></g></svg>`;
    const out = blind(`<image width="50" height="50" href="data:image/svg+xml;base64,${Buffer.from(inner).toString('base64')}"/>`);
    const href = /href="data:image\/svg\+xml;base64,([^"]+)"/.exec(out.svg)![1];
    const decoded = Buffer.from(href, 'base64').toString('utf8');
    expect(decoded).toContain('Inside');
    expect(decoded).not.toMatch(/alpha/);
    expect(out.text).toBe('Inside');
  });
});

describe('blind form: text outside the picture', () => {
  it('drops text certainly placed outside, keeps text at the edge and text whose place is uncertain', () => {
    const out = blind(
      '<text x="-9999" y="20">Far1</text><g transform="translate(5000 0)"><text x="10" y="20">Far2</text></g><text x="10" y="-500">Far3</text>' +
        '<text x="90" y="20">Edge</text><g transform="scale(0.01)"><text x="5000" y="2000">Scaled</text></g><text x="-9999" y="60">Moves<animate attributeName="x" values="-9999;10" dur="1s"/></text>',
    );
    expect(out.svg).not.toMatch(/Far/);
    for (const kept of ['Edge', 'Scaled', 'Moves']) expect(out.svg).toContain(kept);
  });

  it('sizes text as the text engine does (em, %, style sheets), so large text reaching in stays', () => {
    const out = blind('<style>.big{font-size:100px}</style><text x="-60" y="50" font-size="5em">Hello</text><text class="big" x="-200" y="90">Claude</text>');
    expect(out.svg).toContain('Hello');
    expect(out.svg).toContain('Claude');
  });

  it('counts the room a root of another aspect leaves around the viewBox as inside', () => {
    const wide = sanitizeBlind('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="300" height="100"><text x="-80" y="50">Left</text><text x="-900" y="50">Gone</text></svg>', { box: 300 });
    expect(wide.text).toBe('Left');
  });
});
