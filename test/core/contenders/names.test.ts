/** The name rule: spec, label, or one word of a label that names one contender only. */
import { describe, expect, it } from 'vitest';
import { DuelRejectedError } from '../../../src/core/model/errors.js';
import { contenderByName, labelWords, resolveContenderNames } from '../../../src/core/contenders/names.js';

const DEFAULTS = [
  { spec: 'ollama:qwen3.6:35b-a3b', label: 'Qwen3.6-35B-A3B (local)' },
  { spec: 'anthropic:claude-opus-4-7', label: 'Claude Opus 4.7' },
];

function rejection(names: string[], list = DEFAULTS): DuelRejectedError {
  try {
    resolveContenderNames(list, names);
  } catch (err) {
    if (err instanceof DuelRejectedError) return err;
    throw err;
  }
  throw new Error(`${names.join(', ')} was accepted`);
}

describe('contender names as people type them', () => {
  it('takes the words of a label: tokens, hyphen parts and the letters a part starts with', () => {
    expect([...labelWords('Qwen3.6-35B-A3B (local)')].sort()).toEqual(['35b', 'a3b', 'local', 'qwen', 'qwen3.6', 'qwen3.6-35b-a3b'].sort());
    expect([...labelWords('Claude Opus 4.7')].sort()).toEqual(['4.7', 'claude', 'opus']);
  });

  it('names a contender by one word of its label, in any case', () => {
    expect(contenderByName(DEFAULTS, 'claude')).toBe('anthropic:claude-opus-4-7');
    expect(contenderByName(DEFAULTS, ' OPUS ')).toBe('anthropic:claude-opus-4-7');
    expect(contenderByName(DEFAULTS, 'qwen')).toBe('ollama:qwen3.6:35b-a3b');
    expect(contenderByName(DEFAULTS, 'Local')).toBe('ollama:qwen3.6:35b-a3b');
    expect(resolveContenderNames(DEFAULTS, ['claude', 'qwen'])).toEqual(['anthropic:claude-opus-4-7', 'ollama:qwen3.6:35b-a3b']);
  });

  it('a single letter or a prefix names no contender, and the error lists the candidates', () => {
    expect(contenderByName(DEFAULTS, 'b')).toBeUndefined();
    expect(contenderByName(DEFAULTS, 'cla')).toBeUndefined();
    const err = rejection(['c']);
    expect(err.reason).toBe('unknown-contender');
    expect(err.message).toBe('"c" names no contender. Name one of: Qwen3.6-35B-A3B (local) (ollama:qwen3.6:35b-a3b), Claude Opus 4.7 (anthropic:claude-opus-4-7).');
  });

  it('a word several contenders share is ambiguous: only they are listed', () => {
    const list = [...DEFAULTS, { spec: 'ollama:qwen3.6:27b', label: 'Qwen3.6-27B (local)' }];
    expect(contenderByName(list, 'qwen')).toBeUndefined();
    expect(contenderByName(list, '27b')).toBe('ollama:qwen3.6:27b');
    const err = rejection(['local'], list);
    expect(err.message).toBe(
      '"local" names 2 contenders: Qwen3.6-35B-A3B (local) (ollama:qwen3.6:35b-a3b), Qwen3.6-27B (local) (ollama:qwen3.6:27b). Name one of them by its label or spec.',
    );
  });

  it('a whole label or spec wins over a word of another label', () => {
    const list = [
      { spec: 'openai:mini', label: 'Mini' },
      { spec: 'openai:gpt-5-mini', label: 'GPT 5 Mini' },
    ];
    expect(contenderByName(list, 'mini')).toBe('openai:mini');
    expect(contenderByName(list, 'gpt')).toBe('openai:gpt-5-mini');
  });
});
