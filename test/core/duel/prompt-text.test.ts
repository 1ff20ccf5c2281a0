/** The one rule for a prompt's characters (issue 16 part 5): control characters are refused at entry, on every platform. */
import { describe, expect, it } from 'vitest';
import { promptCharacterProblem } from '../../../src/core/duel/prompt-text.js';
import { DuelRejectedError } from '../../../src/core/model/errors.js';
import { useTestEngines } from '../../helpers/engine.js';

const newEngine = useTestEngines();

describe('prompt characters', () => {
  it('refuses NUL, escape sequences, DEL and C1 controls, naming the character and where it is', () => {
    expect(promptCharacterProblem('a pelican\u0000')).toMatch(/control character \(U\+0000 at character 10\)/);
    expect(promptCharacterProblem('\u001b]0;pwned\u0007 a pelican')).toMatch(/U\+001B at character 1/);
    expect(promptCharacterProblem('a \u001b[2J pelican')).toMatch(/U\+001B/);
    expect(promptCharacterProblem('a pelican\u007f')).toMatch(/U\+007F/);
    expect(promptCharacterProblem('a \u009b31m pelican')).toMatch(/U\+009B/);
    expect(promptCharacterProblem('a \u0085 pelican')).toMatch(/U\+0085/);
    // Counted in characters as people see them: an emoji before it counts once.
    expect(promptCharacterProblem('🦩\u0001')).toMatch(/at character 2/);
  });

  it('accepts plain text, tabs, line breaks and any letters', () => {
    for (const ok of ['a pelican riding a bicycle', 'line one\nline two\r\nthree\tfour', 'Пеликан на велосипеде', 'ペリカン', '🦩 <svg> & "quotes"']) {
      expect(promptCharacterProblem(ok)).toBeNull();
    }
  });

  it('a duel with an escape sequence in its prompt is refused before anything is drawn', async () => {
    const t = await newEngine();
    const err = await t.service
      .startDuel({ platform: 'web', community: 'web', channel: 'web', author: 'web:x', prompt: 'a pelican \u001b]52;c;cHduZWQ=\u0007' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DuelRejectedError);
    expect((err as DuelRejectedError).reason).toBe('control-character');
    expect((err as DuelRejectedError).message).toMatch(/^The prompt holds a control character \(U\+001B at character 11\).*plain text/);
    expect(t.ollama.requests.filter((r) => r.path === '/api/chat')).toHaveLength(0);
    expect((await t.service.listDuels({ limit: 10, offset: 0 })).duels).toHaveLength(0);
  });
});
