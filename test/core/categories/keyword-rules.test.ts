/** The built-in keyword rules: deterministic, whole words with plurals and verb forms, any script. */
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_NAMES, KEYWORD_RULES, keywordCategories, wordsOf } from '../../../src/core/categories/keyword-rules.js';

const TABLE: Array<[string, string[]]> = [
  ['a pelican riding a bicycle', ['animals', 'vehicles']],
  ['an animated spinning mandala', ['abstract', 'animation']],
  ['the word HELLO in neon', ['lettering']],
  ['Two Foxes chasing three BUNNIES', ['animals']],
  ['wolves howling on a hill', ['animals', 'scenes']],
  ['a drawer of knives', ['objects']],
  ['an astronaut riding a horse on the moon', ['animals', 'people', 'scenes']],
  ['a rotating cube', ['abstract', 'animation']],
  ['a blinking robot', ['objects', 'animation']],
  ['a bouncing ball that bounced twice', ['objects', 'animation']],
  ['hot air balloons over a city', ['vehicles', 'scenes', 'objects']],
  ['a neon sign saying OPEN', ['lettering']],
  ['a logo for a coffee shop', ['objects', 'lettering']],
  ['a geometric pattern of hexagons', ['abstract']],
  ['a chef cooking pizza in a kitchen', ['people', 'scenes', 'objects']],
  ['a sailboat at sunset', ['vehicles', 'scenes']],
  ['a teddy bear', ['animals', 'objects']],
  ['self-portrait of a robot', ['people', 'objects']],
  ['an idea', []],
  ['', []],
  ['a catalogue of scary cars', ['vehicles']],
  ['a caring doctor', ['people']],
];

describe('keyword rules', () => {
  it.each(TABLE)('%j -> %j', (prompt, expected) => {
    expect(keywordCategories(prompt)).toEqual(expected);
  });

  it('gives the same answer every time, in the order of the category list', () => {
    for (const [prompt] of TABLE) {
      const first = keywordCategories(prompt);
      expect(keywordCategories(prompt)).toEqual(first);
      expect(first).toEqual(CATEGORY_NAMES.filter((n) => first.includes(n)));
    }
  });

  it('ignores case and Unicode compatibility forms (NFKC)', () => {
    expect(keywordCategories('A PELICAN RIDING A BICYCLE')).toEqual(['animals', 'vehicles']);
    expect(keywordCategories('ＣＡＴＳ in ｓｐａｃｅ')).toEqual(['animals', 'scenes']);
    expect(keywordCategories('a cat, a dog; a fox!')).toEqual(['animals']);
    expect(keywordCategories("the pelican's bike")).toEqual(['animals', 'vehicles']);
  });

  it('matches whole words only, not words inside words', () => {
    expect(keywordCategories('category catalogue scatter')).toEqual([]);
    expect(keywordCategories('cartoon carpet')).toEqual([]);
    expect(keywordCategories('a bookish mood')).toEqual([]);
  });

  it('matches plurals and verb forms', () => {
    for (const p of ['cats', 'foxes', 'bunnies', 'wolves', 'mice', 'geese', 'children', 'people']) expect(keywordCategories(p).length).toBe(1);
    for (const p of ['spinning', 'spins', 'rotating', 'rotated', 'blinking', 'bouncing', 'moving', 'animated', 'animates', 'twinkling', 'swaying']) {
      expect(keywordCategories(p)).toEqual(['animation']);
    }
    expect(keywordCategories('a parrot that says hello')).toEqual(['animals', 'lettering']);
  });

  it('does not crash on other scripts, emoji, marks, broken surrogates or a huge prompt', () => {
    const odd = ['日本の猫', 'un pélican à vélo', 'кошка на велосипеде', 'قطة', 'बिल्ली', '🐈‍⬛🚲', 'e\u0301\u0301\u0301', '\ud800 cat \udfff', 'ﬁsh', '\u0000\u200b'];
    for (const p of odd) {
      const found = keywordCategories(p);
      expect(found.every((n) => (CATEGORY_NAMES as readonly string[]).includes(n))).toBe(true);
    }
    expect(keywordCategories('\ud800 cat \udfff')).toEqual(['animals']);
    // The ligature ﬁ is fi under NFKC.
    expect(keywordCategories('ﬁsh')).toEqual(['animals']);
    expect(keywordCategories('a dog '.repeat(20_000))).toEqual(['animals']);
  });

  it('lists every category once with a label, and keeps its keywords in their matched form', () => {
    expect(CATEGORIES.map((c) => c.name)).toEqual([...CATEGORY_NAMES]);
    expect(CATEGORIES.find((c) => c.name === 'lettering')!.label).toBe('Text and lettering');
    for (const c of CATEGORIES) expect(c.label.length).toBeGreaterThan(3);
    const seen = new Map<string, string>();
    for (const name of CATEGORY_NAMES) {
      const rule = KEYWORD_RULES[name];
      const words = `${rule.nouns} ${rule.verbs ?? ''}`.split(/\s+/).filter(Boolean);
      expect(words.length).toBeGreaterThan(name === 'lettering' || name === 'animation' ? 10 : 30);
      for (const w of words) {
        expect(wordsOf(w).join('-')).toBe(w);
        // One word belongs to one category: the rules never contradict themselves.
        expect(seen.get(w) ?? name).toBe(name);
        seen.set(w, name);
      }
    }
  });
});
