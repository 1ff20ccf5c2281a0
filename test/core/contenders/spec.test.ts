/** The spec grammar, written once: `provider:model`, `provider@server:model`, `spec=Label`, queue keys. */
import { describe, expect, it } from 'vitest';
import { isQueueKey, parseContenderEntry, queueKey, specOf, splitSpec } from '../../../src/core/contenders/spec.js';

describe('the spec grammar', () => {
  it('splits at the first colon and reads a named server', () => {
    expect(splitSpec('ollama:qwen3.6:35b-a3b')).toEqual({ provider: 'ollama', model: 'qwen3.6:35b-a3b' });
    expect(splitSpec('OpenAI@Open-Router: x-ai/grok-4 ')).toEqual({ provider: 'openai', server: 'open-router', model: 'x-ai/grok-4' });
    for (const bad of ['qwen3', 'ollama:', ':qwen3', '', 'ollama@:x', '9lives:x', 'a b:c', 'openai@x@y:z']) expect(splitSpec(bad)).toBeNull();
  });

  it('reads a DUEL_CONTENDERS entry with its label, keeping the spec as written', () => {
    expect(parseContenderEntry(' ollama:qwen3.6:35b-a3b = My Qwen ')).toEqual({ spec: 'ollama:qwen3.6:35b-a3b', label: 'My Qwen' });
    expect(parseContenderEntry('Anthropic:claude-opus-4-7')).toEqual({ spec: 'Anthropic:claude-opus-4-7' });
    expect(parseContenderEntry('openai:x=')).toEqual({ spec: 'openai:x' });
    expect(parseContenderEntry('a=b:c=Label')).toBeNull();
    expect(parseContenderEntry('nonsense')).toBeNull();
  });

  it('names queues as DUEL_CONCURRENCY does, and writes specs back', () => {
    expect(queueKey('ollama:qwen3')).toBe('ollama');
    expect(queueKey('openai@box:qwen3')).toBe('openai@box');
    expect(isQueueKey('openai@box')).toBe(true);
    expect(isQueueKey('Ollama')).toBe(true);
    expect(isQueueKey('openai@')).toBe(false);
    expect(specOf('openai', 'qwen3:32b', 'box')).toBe('openai@box:qwen3:32b');
    expect(specOf('ollama', 'qwen3')).toBe('ollama:qwen3');
  });
});
