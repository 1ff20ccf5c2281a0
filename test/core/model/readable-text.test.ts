import { describe, expect, it } from 'vitest';
import { lookalikeKey, readableText, resolveOverrides } from '../../../src/core/model/readable-text.js';

describe('readable text', () => {
  it('removes invisible characters: zero-width space and joiners, soft hyphen, word joiner, BOM', () => {
    expect(readableText('pe\u200bli\u200c\u200dca\u00adn\u2060s\ufeff')).toBe('pelicans');
  });

  it('makes full-width and mathematical letters plain (NFKC) and folds case', () => {
    expect(readableText('\uff30\uff25\uff2c\uff29\uff23\uff21\uff2e')).toBe('pelican');
    expect(readableText('\ud835\udc0f\ud835\udc1e\ud835\udc25')).toBe('pel');
  });

  it('folds Cyrillic and Greek look-alikes to Latin, and drops combining marks', () => {
    expect(readableText('\u0420\u0435\u0456\u0441\u0430n')).toBe('peican');
    expect(readableText('\u03a4\u0391\u03a7\u0399')).toBe('taxi');
    expect(readableText('pe\u0301lica\u0308n')).toBe('pelican');
  });

  it('shows a right-to-left override the way it displays, up to its terminator or the line end', () => {
    expect(resolveOverrides('ab\u202ecba\u202cde')).toBe('ababcde');
    expect(resolveOverrides('\u202eolleh\nworld')).toBe('hello\nworld');
    expect(resolveOverrides('\u202e\u202dab\u202ccd\u202c')).toBe('dcab');
    expect(readableText('x \u202enacilep\u202c y')).toBe('x pelican y');
  });

  it('survives a hostile run of 20,000 nested overrides (deeper than 125 levels is ignored, as in browsers)', () => {
    const hostile = '\u202e'.repeat(20_000) + 'edualc';
    expect(() => resolveOverrides(hostile)).not.toThrow();
    expect(readableText(hostile)).toContain('claude');
  });

  it('removes isolates and embeddings without reordering Latin text', () => {
    expect(readableText('\u2067pelican\u2069 \u202bsun\u202c')).toBe('pelican sun');
  });

  it('joins letter-spaced words of three letters or more, and keeps short words apart', () => {
    expect(readableText('a p e l i c a n')).toBe('apelican');
    expect(readableText('drawn by P-E-L-I-C-A-N')).toBe('drawn by pelican');
    expect(readableText('a pelican at a sunset')).toBe('a pelican at a sunset');
    expect(readableText('A B')).toBe('a b');
  });

  it('keeps lines and collapses spaces', () => {
    expect(readableText('  a   pelican \n\t sunset ')).toBe('a pelican\nsunset');
  });

  it('makes letters that look alike in a sans-serif font one, for matching names only', () => {
    expect(lookalikeKey('CIaude')).toBe(lookalikeKey('Claude'));
    expect(lookalikeKey('0LLAMA')).toBe(lookalikeKey('ollama'));
    expect(lookalikeKey('rnistral')).toBe(lookalikeKey('mistral'));
    expect(lookalikeKey('Glaude')).not.toBe(lookalikeKey('Claude'));
  });
});
