/**
 * A whole duel against a model that floods (issue 9 point 5): the side fails with words that
 * name the setting, the database stores no flood, and the other side is unaffected.
 */
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RAW_TEXT_MAX_CHARS, rawTextExcerpt } from '../../../src/core/duel/run-side.js';
import { pelicanSvg } from '../../fakes/fake-model-common.js';
import { useTestEngines } from '../../helpers/engine.js';

const MB = 1024 * 1024;
const newEngine = useTestEngines();
const start = (t: Awaited<ReturnType<typeof newEngine>>, i = 0) =>
  t.service.startDuel({ platform: 'cli', community: 'c', channel: 'ch', author: `cli:u${i}`, prompt: 'a pelican riding a bicycle' });

describe('a duel with a flooding model', () => {
  it('fails that side with the cap in plain words and stores no flood', async () => {
    const t = await newEngine({ ollamaBehaviour: { text: '<svg xmlns="http://www.w3.org/2000/svg">', floodBytes: 60 * MB }, env: { DUEL_MAX_REPLY_BYTES: '1MB' } });
    const sizeBefore = statSync(t.dbPath).size;
    const outcome = await start(t);
    expect(outcome.contest).toBe(false);
    const side = outcome.entries.A.spec.startsWith('ollama:') ? 'A' : 'B';
    const other = side === 'A' ? 'B' : 'A';
    expect(outcome.entries[side].errorKind).toBe('too-large');
    expect(outcome.entries[side].error).toMatch(/sent more than 1 MB and was stopped: .*DUEL_MAX_REPLY_BYTES/);
    expect(outcome.entries[other].ok).toBe(true);
    const stored = (await t.engine.store.entries(outcome.duel.id))!;
    expect(stored[side].rawText).toBeNull();
    expect(statSync(t.dbPath).size - sizeBefore).toBeLessThan(2 * MB);
    // The fake could not hand the socket much more than the cap: the client stopped reading.
    expect(t.ollama.requests.find((r) => r.path === '/api/chat')!.bytesSent).toBeLessThan(24 * MB);
  });

  it('a long reply under the cap is stored as a bounded excerpt', async () => {
    const prose = 'Let me think about pelicans. '.repeat(30_000); // ~870 KB, no drawing
    const t = await newEngine({ anthropicBehaviour: { text: prose, chunkSize: 8192 }, env: { DUEL_MAX_REPLY_BYTES: '2MB', DUEL_MAX_TOKENS: '128000' } });
    const outcome = await start(t);
    const side = outcome.entries.A.spec.startsWith('anthropic:') ? 'A' : 'B';
    expect(outcome.entries[side].ok).toBe(false);
    const raw = (await t.engine.store.entries(outcome.duel.id))![side].rawText!;
    expect(raw.length).toBeLessThan(RAW_TEXT_MAX_CHARS + 100);
    expect(raw.startsWith('Let me think about pelicans.')).toBe(true);
    expect(raw).toMatch(/\[\.\.\. \d+ characters left out \.\.\.\]/);
  });
});

describe('rawTextExcerpt', () => {
  it('keeps a real reply whole', () => {
    const reply = `Here:\n${pelicanSvg()}`;
    expect(rawTextExcerpt(reply)).toBe(reply);
  });
  it('keeps head and tail of a long one within the bound', () => {
    const text = `HEAD${'m'.repeat(1000)}TAIL`;
    const out = rawTextExcerpt(text, 100);
    expect(out.startsWith('HEAD')).toBe(true);
    expect(out.endsWith('TAIL')).toBe(true);
    expect(out).toContain(`[... ${text.length - 100} characters left out ...]`);
  });
});
