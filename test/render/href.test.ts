/**
 * A drawing that writes both `href` and `xlink:href` on one element (common in model output and
 * in editors' exports) must render: the sanitizer writes a single `href`, since two are an XML
 * error that makes resvg reject the whole drawing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';
import { sanitizeSvg } from '../../src/render/sanitize.js';
import { redPixels, redPng } from './helpers.js';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const doc = (body: string) => `<svg ${NS} width="100" height="100">${body}</svg>`;
const redUri = () => `data:image/png;base64,${redPng(16).toString('base64')}`;
const CIRCLE = '<defs><circle id="c" cx="50" cy="50" r="40" fill="#ff0000"/></defs>';

let renderer: PoolRenderer;
beforeAll(() => {
  renderer = createRenderer({ poolSize: 1 });
});
afterAll(() => renderer.close());

/** Every element of the sanitized SVG has at most one href. */
function hrefCounts(svg: string): number[] {
  return [...svg.matchAll(/<[A-Za-z]+\b[^>]*>/g)].map((m) => (m[0].match(/\shref=/g) ?? []).length);
}

const BOTH: Array<[string, string]> = [
  ['<use>', `${CIRCLE}<use href="#c" xlink:href="#c"/>`],
  ['<use>, xlink first', `${CIRCLE}<use xlink:href="#c" href="#c"/>`],
  ['<image>', `<image href="${redUri()}" xlink:href="${redUri()}" width="100" height="100"/>`],
  [
    '<feImage>',
    `<filter id="f" x="0" y="0" width="1" height="1"><feImage href="${redUri()}" xlink:href="${redUri()}" width="100" height="100" preserveAspectRatio="none"/></filter><rect width="100" height="100" filter="url(#f)"/>`,
  ],
  [
    'a gradient template',
    '<defs><linearGradient id="base"><stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#ff0000"/></linearGradient><linearGradient id="g" href="#base" xlink:href="#base"/></defs><rect width="100" height="100" fill="url(#g)"/>',
  ],
];

describe('href and xlink:href on one element', () => {
  for (const [what, body] of BOTH) {
    it(`renders ${what} that has both`, async () => {
      const out = await renderer.render(doc(body));
      expect(redPixels(out.png)).toBeGreaterThan(1000);
      expect(Math.max(...hrefCounts(out.svg))).toBe(1);
    });
  }

  it('keeps the plain href when both are safe, and the safe one when only one is', async () => {
    const plain = sanitizeSvg(doc(`${CIRCLE}<circle id="d" r="1"/><use xlink:href="#d" href="#c"/>`));
    expect(plain.svg).toContain('<use href="#c"/>');
    expect(plain.removed).toEqual([]);

    const xlinkSafe = doc(`${CIRCLE}<use href="/etc/passwd" xlink:href="#c"/>`);
    expect(sanitizeSvg(xlinkSafe).svg).toContain('<use href="#c"/>');
    expect(sanitizeSvg(xlinkSafe).removed).toContain('href on use');
    expect(redPixels((await renderer.render(xlinkSafe)).png)).toBeGreaterThan(1000);

    const plainSafe = sanitizeSvg(doc(`${CIRCLE}<use href="#c" xlink:href="file:///etc/passwd"/>`));
    expect(plainSafe.svg).toContain('<use href="#c"/>');
    expect(plainSafe.svg).not.toContain('passwd');

    const neither = sanitizeSvg(doc(`${CIRCLE}<use href="a.svg#c" xlink:href="/b.svg#c" x="1"/>`));
    expect(neither.svg).toContain('<use x="1"/>');
    expect(neither.removed.filter((r) => r === 'href on use')).toHaveLength(2);
  });
});
