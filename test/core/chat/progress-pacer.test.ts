/** The pacing of progress edits shared by every chat platform (moved from the Slack adapter). */
import { describe, expect, it } from 'vitest';
import { ProgressPacer } from '../../../src/core/chat/progress-pacer.js';

describe('ProgressPacer', () => {
  it('sends only the latest text, one edit at a time, and nothing after close', async () => {
    const sent: string[] = [];
    let release: () => void = () => {};
    const edit = (text: string) => {
      sent.push(text);
      return new Promise<void>((r) => (release = r));
    };
    const u = new ProgressPacer<string>(edit, 10, () => {}, (t) => t);
    for (let i = 0; i < 50; i++) u.push(`t${i}`);
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual(['t49']);
    // While that edit is in flight, more pushes wait for it.
    u.push('t50');
    u.push('t51');
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual(['t49']);
    release();
    await new Promise((r) => setTimeout(r, 40));
    expect(sent).toEqual(['t49', 't51']);
    release();
    u.push('t51');
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual(['t49', 't51']);
    await u.close();
    u.push('after close');
    await new Promise((r) => setTimeout(r, 30));
    expect(sent).toEqual(['t49', 't51']);
  });

  it('reports a failed edit and keeps going with the next text', async () => {
    const errors: unknown[] = [];
    const sent: string[] = [];
    const u = new ProgressPacer<string>(
      async (t) => {
        sent.push(t);
        if (t === 'bad') throw new Error('message_not_found');
      },
      5,
      (e) => errors.push(e),
      (t) => t,
    );
    u.push('bad');
    await new Promise((r) => setTimeout(r, 30));
    u.push('good');
    await new Promise((r) => setTimeout(r, 30));
    await u.close();
    expect(sent).toEqual(['bad', 'good']);
    expect(errors).toHaveLength(1);
  });
});
