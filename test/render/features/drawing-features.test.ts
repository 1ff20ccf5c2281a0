/**
 * Drawing features on hand-written SVGs whose counts are known: bytes and elements of the blind
 * form, distinct paint colours however they are written (names, hex, rgb(), hsl(), attributes,
 * style="", <style> sheets, gradient stops, SMIL values), animation by the renderer's rule, and
 * the drawn text in several scripts. In-process: these are the pure functions the worker runs.
 */
import { describe, expect, it } from 'vitest';
import { sanitizeBlind } from '../../../src/render/blind/blind-form.js';
import { drawingFeatures, drawnTextLength, storedDrawingFeatures } from '../../../src/render/features/drawing-features.js';
import { canonicalColor } from '../../../src/render/features/paint-colors.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';
const svg = (body: string, attrs = 'width="100" height="100"') => `<svg ${NS} ${attrs}>${body}</svg>`;

/** Features as the worker measures them: of the blind form, with the text the blind form read. */
function measured(src: string) {
  const blind = sanitizeBlind(src, { box: 200 });
  return { ...drawingFeatures(blind.svg, blind.text), blind };
}

describe('colour normalization', () => {
  it('gives every way of writing one colour the same canonical form', () => {
    const reds = ['red', 'RED', '#f00', '#F00', '#ff0000', '#FF0000ff', 'rgb(255,0,0)', 'rgb(255 0 0)', 'rgb(100%, 0%, 0%)', 'rgba(255,0,0,1)', 'hsl(0, 100%, 50%)', 'hsl(0deg 100% 50% / 1)', 'hsla(360,100%,50%,1)'];
    expect(new Set(reds.map(canonicalColor))).toEqual(new Set(['#ff0000']));
    expect(canonicalColor('grey')).toBe(canonicalColor('#808080'));
    expect(canonicalColor('papayawhip')).toBe('#ffefd5');
    expect(canonicalColor('rebeccapurple')).toBe('#663399');
  });

  it('keeps translucency in the colour, and counts nothing that paints nothing', () => {
    expect(canonicalColor('#f008')).toBe('#ff000088');
    expect(canonicalColor('rgba(255,0,0,0.5333)')).toBe('#ff000088');
    for (const none of ['none', 'transparent', 'currentColor', 'inherit', 'rgba(0,0,0,0)', '#0000', 'constructor', '__proto__', 'toString', '#12', '#12345', 'rgb(1,2)']) {
      expect(canonicalColor(none), none).toBeNull();
    }
  });

  it('counts one colour per distinct paint in a drawing, whatever the spelling', () => {
    const body =
      '<rect width="10" height="10" fill="red"/><rect x="10" width="10" height="10" fill="#F00"/>' +
      '<rect x="20" width="10" height="10" fill="rgb(255, 0, 0)" stroke="hsl(240,100%,50%)"/>' +
      '<rect x="30" width="10" height="10" fill="blue" stroke="none"/><rect x="40" width="10" height="10" fill="transparent" stroke="currentColor" color="#00ff00"/>';
    expect(measured(svg(body)).colors).toBe(3); // red, blue, lime
  });
});

describe('colours in gradients, CSS and style attributes', () => {
  it('takes a gradient’s colours from its stops, not from the url() that uses it', () => {
    const body =
      '<defs><linearGradient id="sky"><stop offset="0" stop-color="navy"/><stop offset="1" style="stop-color:#87ceeb"/></linearGradient></defs>' +
      '<rect width="100" height="100" fill="url(#sky)"/><circle cx="50" cy="50" r="10" fill="url(#sky) #ffd700"/>';
    expect(measured(svg(body)).colors).toBe(3); // navy, skyblue, gold (the fallback)
  });

  it('reads <style> rules and keyframes and style="" declarations, and nothing that is not a paint', () => {
    const css =
      '<style>/* fill: purple */ .a { fill: #123456; stroke-width: 2; stroke: teal } .b { fill: #123456 }' +
      ' @keyframes k { from { fill: orange } to { fill: rgb(255,165,0) } }</style>';
    const body = `${css}<rect class="a" width="10" height="10"/><rect class="b" x="20" width="10" height="10" style="fill: crimson; opacity: .5; font-family: Red Hat"/>`;
    const f = measured(svg(body));
    expect(f.blind.svg).toContain('<style'); // the sheet survives the blind form
    expect(f.colors).toBe(4); // #123456, teal, orange, crimson (not the commented purple, not "Red" of a font name)
  });

  it('counts flood-color and lighting-color of filters', () => {
    const body =
      '<filter id="f"><feFlood flood-color="gold" result="a"/><feDiffuseLighting lighting-color="white" in="a"><feDistantLight/></feDiffuseLighting></filter>' +
      '<rect width="100" height="100" filter="url(#f)" fill="black"/>';
    expect(measured(svg(body)).colors).toBe(3);
  });

  it('reads the values of SMIL animations of paint, not of other attributes', () => {
    const body =
      '<circle cx="50" cy="50" r="20" fill="red"><animate attributeName="fill" values="red;#00f;yellow" dur="2s" repeatCount="indefinite"/>' +
      '<animate attributeName="r" values="20;30" dur="2s"/><set attributeName="stroke" to="green" begin="1s"/></circle>';
    const f = measured(svg(body));
    expect(f.colors).toBe(4); // red, blue, yellow, green
    expect(f.animated).toBe(1);
  });
});

describe('elements, bytes, animated', () => {
  it('counts elements with the root and bytes as UTF-8 of the blind form', () => {
    const f = measured(svg('<g><rect width="10" height="10"/><circle cx="5" cy="5" r="5"/></g><text x="10" y="50">café ☕</text>'));
    expect(f.elements).toBe(5); // svg, g, rect, circle, text
    expect(f.bytes).toBe(Buffer.byteLength(f.blind.svg, 'utf8'));
    expect(f.bytes).toBeGreaterThan(f.blind.svg.length); // é and ☕ take more than one byte
  });

  it('counts only what the blind form keeps (titles, metadata and hidden parts are gone)', () => {
    const f = measured(svg('<title>A pelican</title><metadata>x</metadata><rect width="10" height="10" fill="red"/><rect width="10" height="10" fill="blue" display="none"/>'));
    expect(f.elements).toBe(2);
    expect(f.colors).toBe(1);
  });

  it('is animated for SMIL and for CSS keyframes, not for a still drawing', () => {
    const smil = svg('<rect width="10" height="10"><animateTransform attributeName="transform" type="rotate" from="0" to="360" dur="3s" repeatCount="indefinite"/></rect>');
    const css = svg('<style>@keyframes spin { to { transform: rotate(360deg) } } .s { animation: spin 2s infinite }</style><rect class="s" width="10" height="10"/>');
    expect(measured(smil).animated).toBe(1);
    expect(measured(css).animated).toBe(1);
    expect(measured(svg('<rect width="10" height="10"/>')).animated).toBe(0);
  });
});

describe('drawn text', () => {
  it('counts code points in any script, not UTF-16 units or bytes', () => {
    const body =
      '<text x="5" y="10">Hi</text><text x="5" y="30">你好</text><text x="5" y="50">مرحبا</text>' +
      '<text x="5" y="70">नमस्ते</text><text x="5" y="90">🐦🚲</text>';
    const f = measured(svg(body));
    expect(f.blind.text.split('\n')).toEqual(['Hi', '你好', 'مرحبا', 'नमस्ते', '🐦🚲']);
    expect(f.text).toBe(2 + 2 + 5 + 6 + 2); // नमस्ते is 6 code points (with its marks); each emoji 1
  });

  it('leaves out the line breaks between runs and the marks around a right-to-left override', () => {
    expect(drawnTextLength('ab\ncd')).toBe(4);
    expect(drawnTextLength('\u202eabc\u202c')).toBe(3);
    expect(drawnTextLength('')).toBe(0);
    const f = measured(svg('<text x="10" y="50" style="unicode-bidi:bidi-override;direction:rtl">abc</text>'));
    expect(f.blind.text).toBe('\u202eabc\u202c');
    expect(f.text).toBe(3);
  });

  it('counts no text that the blind form drops (off-canvas, hidden)', () => {
    const f = measured(svg('<text x="10" y="50">Seen</text><text x="5000" y="5000">Gone</text><text x="10" y="80" visibility="hidden">Hidden</text>'));
    expect(f.blind.text).toBe('Seen');
    expect(f.text).toBe(4);
  });
});

describe('stored drawings', () => {
  it('measure the same from the stored SVG alone as when rendered', () => {
    const src = svg(
      '<defs><radialGradient id="g"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></radialGradient></defs>' +
        '<circle cx="50" cy="50" r="40" fill="url(#g)"><animate attributeName="r" values="40;30;40" dur="2s" repeatCount="indefinite"/></circle>' +
        '<text x="10" y="20">Cla</text><text x="26.5" y="20">ude</text><text x="10" y="90">海边</text>',
    );
    const blind = sanitizeBlind(src, { box: 300 });
    expect(storedDrawingFeatures(blind.svg)).toEqual(drawingFeatures(blind.svg, blind.text));
    expect(storedDrawingFeatures(blind.svg)).toMatchObject({ colors: 2, animated: 1, text: 8 });
  });
});

describe('hostile stored SVG', () => {
  it('stays linear on pathological CSS and values', () => {
    const n = 200_000;
    const cases = [
      svg(`<rect width="1" height="1" fill="${'url('.repeat(n)}"/>`),
      svg(`<style>${'/*'.repeat(n)}</style>`),
      svg(`<style>${'fill:'.repeat(n)}</style>`),
      svg(`<rect width="1" height="1" style="${'fill: rgb('.repeat(n)}"/>`),
      svg(`<rect width="1" height="1" fill="#${'f'.repeat(n)}"/>`),
    ];
    for (const c of cases) {
      const f = drawingFeatures(c, '');
      expect(f.elements).toBeGreaterThanOrEqual(1);
      expect(f.colors).toBe(0);
    }
  });

  it('throws on what is not XML at all (the worker turns it into a RenderError)', () => {
    expect(() => storedDrawingFeatures('<svg><rect width="1')).toThrow();
    expect(() => storedDrawingFeatures('plain words')).toThrow();
  });
});
