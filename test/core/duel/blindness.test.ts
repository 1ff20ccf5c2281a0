import { describe, expect, it } from 'vitest';
import { identityWords, namedIdentities } from '../../../src/core/duel/blindness.js';

const contenders = [
  { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen3.6-35B-A3B (local)' },
  { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus 4.7' },
];

describe('blindness', () => {
  const words = identityWords(contenders, ['Tongyi Lab']);

  it('derives names, makers and families from the contenders plus the configured list', () => {
    for (const w of ['Claude', 'Anthropic', 'qwen', 'Alibaba', 'Ollama', 'Tongyi Lab']) expect(words).toContain(w);
  });

  it('finds a name written in the drawing, in any case', () => {
    expect(namedIdentities('<svg><text x="1">made by CLAUDE</text></svg>', words)).toContain('Claude');
    expect(namedIdentities('<svg><text>Qwen3.6 was here</text></svg>', words)).toContain('qwen');
    expect(namedIdentities('<svg><title>Alibaba</title></svg>', words)).toContain('Alibaba');
  });

  it('reads a name split across tspans as it renders', () => {
    expect(namedIdentities('<svg><text>Cl<tspan fill="red">aude</tspan></text></svg>', words)).toContain('Claude');
    expect(namedIdentities('<svg><text><tspan>a</tspan><tspan>pelican</tspan></text></svg>', words)).toEqual([]);
  });

  it('ignores names in attributes and words that merely contain a name', () => {
    expect(namedIdentities('<svg><g id="claude-layer"><text>a pelican</text></g></svg>', words)).toEqual([]);
    expect(namedIdentities('<svg><text>unqwenchable</text></svg>', words)).toEqual([]);
  });
});
