import { describe, expect, it } from 'vitest';
import { identityWords, MAX_DRAWN_TEXT, namedIdentities, TOO_MUCH_TEXT } from '../../../src/core/duel/blindness.js';

const contenders = [
  { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen3.6-35B-A3B (local)' },
  { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus 4.7' },
];

describe('blindness', () => {
  const words = identityWords(contenders, ['Tongyi Lab']);

  it('derives names, makers and families from the contenders plus the configured list', () => {
    for (const w of ['Claude', 'Anthropic', 'qwen', 'Alibaba', 'Ollama', 'Tongyi Lab']) expect(words).toContain(w);
  });

  it('finds a name written in the drawn text, in any case', () => {
    expect(namedIdentities('made by CLAUDE', words)).toContain('Claude');
    expect(namedIdentities('Qwen3.6 was here', words)).toContain('qwen');
    expect(namedIdentities('a pelican\nAlibaba', words)).toContain('Alibaba');
    expect(namedIdentities('tongyi lab', words)).toContain('Tongyi Lab');
  });

  it('does not read more drawn text than a drawing needs: more counts as unblinded', () => {
    const wall = 'a pelican on a bicycle '.repeat(Math.ceil(MAX_DRAWN_TEXT / 23) + 1);
    expect(wall.length).toBeGreaterThan(MAX_DRAWN_TEXT);
    expect(namedIdentities(wall, words)).toEqual([TOO_MUCH_TEXT]);
    expect(namedIdentities(wall.slice(0, MAX_DRAWN_TEXT), words)).toEqual([]);
  });

  it('ignores words that merely contain a name', () => {
    expect(namedIdentities('unqwenchable', words)).toEqual([]);
    expect(namedIdentities('', words)).toEqual([]);
  });

  // The drawn text as the renderer returns it (runs already joined in reading order, see
  // test/render/blind-names.test.ts for the same variants drawn as SVG).
  const disguised: Record<string, string> = {
    'zero-width space': 'Cla\u200bude',
    'soft hyphen': 'Cla\u00adude',
    'Cyrillic look-alike': '\u0421laude',
    'full-width letters': '\uff23\uff4c\uff41\uff55\uff44\uff45',
    'letter-spaced': 'c l a u d e',
    'letter-spaced with dots': 'drawn by C.L.A.U.D.E',
    'reversed under a right-to-left override': 'by \u202eedualC\u202c',
    'ZWJ and ZWNJ': 'Cl\u200dau\u200cde',
    'Greek look-alikes': '\u0391\u039d\u03a4\u0397R\u039f\u03a1\u0399C',
    'mixed case with combining marks': 'c\u0301LaU\u0308dE',
    'word joiner': 'Cla\u2060ude',
    'capital I for l': 'CIaude',
    'digit zero for o': '0llama',
  };
  for (const [how, text] of Object.entries(disguised)) {
    it(`reads a name disguised by ${how}`, () => {
      expect(namedIdentities(text, words).length).toBeGreaterThan(0);
    });
  }

  it('leaves legitimate text alone', () => {
    for (const text of ['a pelican at sunset', 'Quentin went home', 'Glaude', 'a cloud', 'Claudia', 'mistral winds', 'a pelican riding a bicycle', 'l l a m a s']) {
      expect(namedIdentities(text, words), text).toEqual([]);
    }
  });
});
