/**
 * Animation survives sanitizing only in safe forms: SMIL elements and CSS @keyframes are kept,
 * but an animation can never introduce a link, a script, a handler or an outside reference,
 * whatever attribute it names or value it sets (hostile-SVG style: each case is an attack).
 */
import { describe, expect, it } from 'vitest';
import { frameSvg } from '../../../src/render/animate/frame.js';
import { sanitizeSvg } from '../../../src/render/sanitize.js';

const NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"';
const wrap = (body: string) => `<svg ${NS} width="100" height="100">${body}</svg>`;
const clean = (body: string) => sanitizeSvg(wrap(body), { box: 100 });

describe('the sanitizer and animation', () => {
  it('keeps SMIL elements with their timing and values', () => {
    const out = clean(
      '<circle id="c" r="5" opacity="0"><animate attributeName="opacity" values="0;1" keyTimes="0;1" dur="2s" begin="0.5s" fill="freeze"/><set attributeName="fill" to="red" begin="1s"/></circle>' +
        '<g><animateTransform attributeName="transform" type="rotate" from="0 50 50" to="360 50 50" dur="1s" repeatCount="indefinite" additive="sum"/></g>' +
        '<path id="p" d="M0 0 L10 10"/><rect width="2" height="2"><animateMotion dur="3s" rotate="auto"><mpath href="#p"/></animateMotion></rect>',
    );
    expect(out.svg).toContain('<animate attributeName="opacity" values="0;1" keyTimes="0;1" dur="2s" begin="0.5s" fill="freeze"/>');
    expect(out.svg).toContain('<set attributeName="fill" to="red" begin="1s"/>');
    expect(out.svg).toContain('type="rotate" from="0 50 50" to="360 50 50"');
    expect(out.svg).toContain('<mpath href="#p"/>');
    expect(out.removed).toEqual([]);
  });

  it('keeps @keyframes and animation properties', () => {
    const out = clean('<style>@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } } .w { animation: spin 1s linear infinite; transform-origin: 50px 50px }</style><g class="w"/>');
    expect(out.svg).toContain('@keyframes spin');
    expect(out.svg).toContain('animation: spin 1s linear infinite');
  });

  it.each([
    ['<set attributeName="href" to="file:///etc/passwd"/>', 'href'],
    ['<set attributeName="xlink:href" to="/etc/passwd"/>', 'xlink:href'],
    ['<animate attributeName="XLINK:HREF" values="/a;/b" dur="1s"/>', 'upper-case xlink:href'],
    ['<set attributeName="onclick" to="alert(1)"/>', 'an event handler'],
    ['<set attributeName="onbegin" to="alert(1)"/>', 'onbegin'],
    ['<set attributeName="style" to="fill:url(http://evil.example/x)"/>', 'style'],
    ['<set attributeName="class" to="x"/>', 'class'],
    ['<animate attributeName="src" to="http://evil.example"/>', 'src'],
    ['<set attributeName="a:b:href" to="x"/>', 'a malformed name'],
  ])('drops an animation of %s (%s)', (anim) => {
    const out = clean(`<image id="i" width="10" height="10">${anim}</image><use href="#i">${anim}</use>`);
    expect(out.svg).not.toMatch(/<set|<animate|passwd|evil|alert/);
    expect(out.removed.some((r) => /element (set|animate)/.test(r))).toBe(true);
  });

  it.each([
    ['<set attributeName="fill" to="url(http://evil.example/p)"/>'],
    ['<animate attributeName="fill" values="red;url(file:///etc/passwd)" dur="1s"/>'],
    ['<animate attributeName="filter" from="url(//evil.example/f)" to="none" dur="1s"/>'],
    ['<set attributeName="fill" to="u\\72l(http://evil.example/p)"/>'],
    ['<animate attributeName="mask" to="url(&#104;ttp://evil.example/m)" dur="1s"/>'],
  ])('drops an outside url in animation values: %s', (anim) => {
    const out = clean(`<rect width="10" height="10">${anim}</rect>`);
    expect(out.svg).not.toMatch(/evil|passwd/);
  });

  it('keeps an animation href only when it points inside the document', () => {
    const out = clean('<rect id="r" width="1" height="1"/><animate href="https://evil.example/#r" attributeName="x" to="5" dur="1s"/><animate xlink:href="#r" attributeName="y" to="5" dur="1s"/><animateMotion dur="1s"><mpath xlink:href="file:///etc/passwd"/></animateMotion>');
    expect(out.svg).not.toMatch(/evil|passwd/);
    expect(out.svg).toContain('<animate href="#r" attributeName="y" to="5" dur="1s"/>');
  });

  it('keeps outside urls out of @keyframes', () => {
    const out = clean('<style>@keyframes k { from { fill: url(http://evil.example/a) } to { fill: red } } @import url(http://evil.example/s.css);</style><rect width="5" height="5" style="animation: k 1s"/>');
    expect(out.svg).not.toContain('evil');
  });

  it('a frame of a hostile drawing is still safe after the frame renderer and a second sanitize', () => {
    const src = clean(
      '<rect id="r" width="10" height="10"><set attributeName="fill" to="url(#g)"/><animate attributeName="width" values="1;&quot;/&gt;&lt;script&gt;alert(1)&lt;/script&gt;" dur="1s"/></rect>',
    );
    const frame = frameSvg(src.svg, 0.9);
    const again = sanitizeSvg(frame, { box: 100 });
    expect(again.svg).not.toMatch(/<script|alert\(1\)<\/script/);
    expect(again.svg).not.toMatch(/<set|<animate/);
  });
});
