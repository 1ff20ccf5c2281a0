import { describe, expect, it } from 'vitest';
import { parseLeaderboardArgs } from '../../../src/bots/slack/leaderboard-command.js';
import { ProgressUpdater } from '../../../src/bots/slack/progress-updater.js';
import { parseMessageRef, messageRef } from '../../../src/bots/slack/slack-context.js';
import { choiceOfReaction, escapeSlack, progressText, slackDate, unescapeSlack } from '../../../src/bots/slack/slack-text.js';

describe('slack text helpers', () => {
  it('escapes the three control characters so nothing pings', () => {
    expect(escapeSlack('<!channel> & <!here> <@U1> <#C1>')).toBe('&lt;!channel&gt; &amp; &lt;!here&gt; &lt;@U1&gt; &lt;#C1&gt;');
    expect(escapeSlack('&lt;')).toBe('&amp;lt;');
  });

  it('decodes the entities Slack puts in typed text, and round-trips', () => {
    expect(unescapeSlack('cats &amp; dogs &lt;3 &amp;lt;')).toBe('cats & dogs <3 &lt;');
    for (const s of ['a & b', '<!channel>', '&amp;', 'x &lt; y']) expect(unescapeSlack(escapeSlack(s))).toBe(s);
  });

  it('maps reaction names (aliases, skin tones) to choices', () => {
    expect(choiceOfReaction('a')).toBe('A');
    expect(choiceOfReaction('b')).toBe('B');
    expect(choiceOfReaction('handshake::skin-tone-4')).toBe('tie');
    expect(choiceOfReaction('thumbsdown')).toBe('bad');
    expect(choiceOfReaction('-1::skin-tone-2')).toBe('bad');
    expect(choiceOfReaction('+1')).toBeNull();
    expect(choiceOfReaction('ab')).toBeNull();
  });

  it('formats the close time for every reader\'s time zone, with a UTC fallback', () => {
    expect(slackDate(Date.UTC(2026, 10, 21, 12, 30, 15))).toBe('<!date^1795264215^{date_short_pretty} {time}|2026-11-21 12:30 UTC>');
  });

  it('shows one duel-level progress line, never a side or a contender name', () => {
    const text = progressText('a <b>', { duelId: 'd1', state: 'drawing', elapsedMs: 12_900, text: 'drawing · 12 s' });
    expect(text).toBe(':art: Drawing “a &lt;b&gt;”…\n:hourglass_flowing_sand: drawing · 12 s');
  });

  it('parses /leaderboard arguments in any order', () => {
    expect(parseLeaderboardArgs('')).toEqual({ scope: 'community', since: 'all', matrix: false });
    expect(parseLeaderboardArgs('7d channel')).toEqual({ scope: 'channel', since: '7d', matrix: false });
    expect(parseLeaderboardArgs('GLOBAL 30d')).toEqual({ scope: 'global', since: '30d', matrix: false });
    expect(parseLeaderboardArgs('matrix global')).toEqual({ scope: 'global', since: 'all', matrix: true });
    expect(parseLeaderboardArgs('server forever')).toBeNull();
  });

  it('round-trips message refs (channel:ts)', () => {
    expect(parseMessageRef(messageRef('C1', '1700000001.000001'))).toEqual({ channel: 'C1', ts: '1700000001.000001' });
    expect(parseMessageRef(null)).toBeNull();
    expect(parseMessageRef('nocolon')).toBeNull();
  });
});

describe('ProgressUpdater', () => {
  it('sends only the latest text, one edit at a time, and nothing after close', async () => {
    const sent: string[] = [];
    let release: () => void = () => {};
    const edit = (text: string) => {
      sent.push(text);
      return new Promise<void>((r) => (release = r));
    };
    const u = new ProgressUpdater(edit, 10, () => {});
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
    const u = new ProgressUpdater(
      async (t) => {
        sent.push(t);
        if (t === 'bad') throw new Error('message_not_found');
      },
      5,
      (e) => errors.push(e),
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
