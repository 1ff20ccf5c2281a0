import { describe, expect, it } from 'vitest';
import { dropNonXmlChars, escapeAttr, escapeText } from '../../src/render/xml-escape.js';
import { sanitizeSvg } from '../../src/render/sanitize.js';
import { tokenizeXml } from '../../src/render/xml-tokenizer.js';

const NS = 'xmlns="http://www.w3.org/2000/svg"';

describe('xml-escape', () => {
  it('escapes the five XML specials in text and attribute values', () => {
    expect(escapeText(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
    expect(escapeAttr(`"/><script>'`)).toBe('&quot;/&gt;&lt;script&gt;&#39;');
  });

  it('keeps tab, newline and carriage return in attribute values as references, and in text as they are', () => {
    expect(escapeAttr('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(escapeText('a\tb\nc\rd')).toBe('a\tb\nc\rd');
  });

  it('drops what XML cannot hold: controls, U+FFFE/U+FFFF, lone surrogates; keeps surrogate pairs', () => {
    const bad = 'a\u0000b\u0001c\u000bd\u001fe\ufffef\uffffg\ud800h\udc00i';
    expect(dropNonXmlChars(bad)).toBe('abcdefghi');
    expect(escapeText(bad)).toBe('abcdefghi');
    expect(escapeAttr(bad)).toBe('abcdefghi');
    expect(escapeText('🎨 \u00e9')).toBe('🎨 \u00e9');
  });

  it('round-trips any attribute value through the tokenizer', () => {
    const value = `a "b" 'c' <d> & e\tf\ng\rh 🎨`;
    const [tok] = tokenizeXml(`<x v="${escapeAttr(value)}" w='${escapeAttr(value)}'/>`);
    expect(tok).toMatchObject({ type: 'open', attrs: [['v', value], ['w', value]] });
  });
});

describe('sanitizer output is well-formed XML', () => {
  it('drops a control character a CSS escape decodes to, in a stylesheet and in an attribute', () => {
    const out = sanitizeSvg(`<svg ${NS}><style>rect{fill:red}\\1 </style><rect fill="red\\b url(#a)" width="1" height="1"/></svg>`);
    // eslint-disable-next-line no-control-regex
    expect(out.svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(out.svg).toContain('<style>rect{fill:red}</style>');
  });
});
