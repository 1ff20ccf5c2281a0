/**
 * A drawing that writes a contender's name in disguise is read the way a voter reads its PNG:
 * each drawing goes through the real renderer (pool, sanitizer, blind form), and the drawn text
 * it returns goes through core's name filter. Legitimate drawings are not flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityWords, namedIdentities } from '../../src/core/duel/blindness.js';
import { createRenderer, type PoolRenderer } from '../../src/render/renderer.js';

const words = identityWords([
  { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen3.6-35B-A3B (local)' },
  { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus 4.7' },
]);

const drawing = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"><rect width="400" height="200" fill="#bde0fe"/><circle cx="200" cy="80" r="40" fill="#ffd166"/>${body}</svg>`;
const line = (text: string, attrs = '') => drawing(`<text x="40" y="170" font-size="32"${attrs}>${text}</text>`);

/** The twelve disguises of the issue, each as a model would draw it. */
const DISGUISED: Record<string, string> = {
  'a zero-width space': line('Cla\u200bude'),
  'a soft hyphen': line('Cla&#173;ude'),
  'two <text> elements': drawing('<text x="40" y="170" font-size="32">Cla</text><text x="92" y="170" font-size="32">ude</text>'),
  'a Cyrillic look-alike': line('\u0421laude'),
  'full-width letters': line('\uff23\uff4c\uff41\uff55\uff44\uff45'),
  'letter spacing': line('c l a u d e'),
  'a right-to-left override': line('\u202eedualC\u202c'),
  'ZWJ and ZWNJ': line('Cl\u200dau\u200cde'),
  'Greek look-alikes': line('\u0391\u039d\u03a4\u0397R\u039f\u03a1\u0399C'),
  'mixed case and combining marks': line('c\u0301LaU\u0308dE'),
  '<tspan> pieces placed apart': drawing('<text y="170" font-size="32"><tspan x="92">ude</tspan><tspan x="40">Cla</tspan></text>'),
  'a word joiner': line('Cla\u2060ude'),
  // Beyond the twelve: CSS right-to-left, and letters placed one by one.
  'bidi-override in CSS': line('edualC', ' direction="rtl" unicode-bidi="bidi-override"'),
  'one <text> per letter': drawing([...'Qwen'].map((c, i) => `<text x="${40 + i * 20}" y="170" font-size="32">${c}</text>`).join('')),
};

const LEGITIMATE: Record<string, string> = {
  'a pelican at sunset': line('a pelican at sunset'),
  'Quentin went home': line('Quentin went home'),
  Glaude: line('Glaude'),
  'a name hidden from view only': drawing('<text x="40" y="170" display="none">Claude</text><g opacity="0"><text x="40" y="120">Qwen</text></g><text x="40" y="170" font-size="32">a pelican</text>'),
};

describe('disguised names through the real renderer', () => {
  let renderer: PoolRenderer;
  beforeAll(() => {
    renderer = createRenderer({ poolSize: 2, box: 128 });
  });
  afterAll(() => renderer?.close());

  for (const [how, svg] of Object.entries(DISGUISED)) {
    it(`flags a name written with ${how}`, async () => {
      const out = await renderer.render(svg);
      expect(namedIdentities(out.text, words), JSON.stringify(out.text)).not.toEqual([]);
    });
  }

  for (const [what, svg] of Object.entries(LEGITIMATE)) {
    it(`does not flag ${what}`, async () => {
      const out = await renderer.render(svg);
      expect(out.text.length).toBeGreaterThan(0);
      expect(namedIdentities(out.text, words), JSON.stringify(out.text)).toEqual([]);
    });
  }
});
