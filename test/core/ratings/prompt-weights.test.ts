import { describe, expect, it } from 'vitest';
import { normalizePrompt, promptWeights, repeatWeight } from '../../../src/core/ratings/prompt-weights.js';

describe('repeated prompts', () => {
  it('read a prompt as people read it: invisible characters and look-alikes do not make it new', () => {
    const pelican = normalizePrompt('a pelican');
    for (const p of ['a pe\u200blican', 'A Pelican!', 'a pe\u00adlican', 'a \u0440elican', '\uff41 \uff50\uff45\uff4c\uff49\uff43\uff41\uff4e', 'a \u202enacilep\u202c', 'a  pelican ']) {
      expect(normalizePrompt(p), JSON.stringify(p)).toBe(pelican);
    }
    expect(normalizePrompt('a pelican at sunset')).not.toBe(pelican);
  });

  it('"a pe\\u200blican" counts as a repeat of "a pelican"', () => {
    const duels = ['a pelican', 'a pe\u200blican', 'A pelican.', 'a pel\u2060ican'].map((prompt, i) => ({ id: `d${i}`, platform: 'web', community: 'web', prompt }));
    const weights = promptWeights(duels);
    for (const d of duels) expect(weights.get(d.id)).toBeCloseTo(repeatWeight(4));
    expect(repeatWeight(4)).toBeLessThan(1);
  });
});
