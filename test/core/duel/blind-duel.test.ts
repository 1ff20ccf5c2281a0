/**
 * The name filter of a duel reads the drawn text the renderer returns (generate-duel.ts): the
 * real engine, real renderer and fake model servers. A disguised name unblinds the duel; a name
 * that never draws (hidden) does not, because it is not in the blind form anyone is served.
 */
import { describe, expect, it } from 'vitest';
import { pelicanSvg } from '../../fakes/fake-ollama.js';
import { type TestEngine, useTestEngines } from '../../helpers/engine.js';

const engine = useTestEngines({ voteWindowMs: 60_000 });
const start = (t: TestEngine) => t.service.startDuel({ platform: 'cli', community: 'local', channel: 'cli', author: 'cli:alice', prompt: 'a pelican' });
const withText = (text: string) => pelicanSvg('#e07a5f').replace('</svg>', `${text}</svg>`);

describe('blindness of a duel, from what its drawings draw', () => {
  it('flags a name split over two <text> elements with a zero-width space inside', async () => {
    const t = await engine({ ollamaBehaviour: { text: withText('<text x="10" y="30" font-size="20">Q\u200bw</text><text x="31" y="30" font-size="20">en</text>') } });
    const { duel } = await start(t);
    expect(duel.flags).toContain('unblinded');
  });

  it('does not flag a name that never draws, and serves none of it', async () => {
    const t = await engine({ ollamaBehaviour: { text: withText('<text x="10" y="30" display="none">Qwen</text><g visibility="hidden"><text x="10" y="60">Claude</text></g>') } });
    const { duel, entries } = await start(t);
    expect(duel.flags).not.toContain('unblinded');
    for (const side of ['A', 'B'] as const) {
      expect(entries[side].svg).not.toMatch(/qwen|claude/i);
      expect((await t.service.getEntries(duel.id))![side].svg).toBe(entries[side].svg);
    }
    expect([entries.A.rawText, entries.B.rawText].join('')).toContain('Qwen');
  });
});
