import { describe, expect, it } from 'vitest';
import { parseLeaderboardArgs } from '../../../src/bots/slack/leaderboard-command.js';
import { parseMessageRef, messageRef } from '../../../src/bots/slack/slack-context.js';
import { choiceOfReaction, escapeSlack, progressText, slackDate, unescapeSlack } from '../../../src/bots/slack/slack-text.js';

describe('slack text helpers', () => {
  it('escapes the three control characters so nothing pings', () => {
    expect(escapeSlack('<!channel> & <!here> <@U1> <#C1>')).toBe('&lt;!channel&gt; &amp; &lt;!here&gt; &lt;@U1&gt; &lt;#C1&gt;');
    expect(escapeSlack('&lt;')).toBe('&amp;lt;');
  });

  it('shows every mention, channel link, user group, date and broadcast word in a prompt as typed', () => {
    const markup = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<#C123|general>', '<!subteam^S123>', '<!date^1800000000^{date}|x>', '<https://evil.example|free>'];
    const shown = progressText(`a pelican ${markup.join(' ')} @here @channel @everyone`, null);
    expect(shown).not.toMatch(/[<>]/);
    for (const m of markup) expect(shown).toContain(m.replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    expect(shown).toContain('@\u2060here @\u2060channel @\u2060everyone');
    expect(shown).not.toMatch(/@(here|channel|everyone)/);
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
    expect(parseLeaderboardArgs('')).toEqual({ scope: 'community', since: 'all', matrix: false, view: 'ranks' });
    expect(parseLeaderboardArgs('7d channel')).toEqual({ scope: 'channel', since: '7d', matrix: false, view: 'ranks' });
    expect(parseLeaderboardArgs('GLOBAL 30d')).toEqual({ scope: 'global', since: '30d', matrix: false, view: 'ranks' });
    expect(parseLeaderboardArgs('matrix global')).toEqual({ scope: 'global', since: 'all', matrix: true, view: 'ranks' });
    expect(parseLeaderboardArgs('server forever')).toBeNull();
  });

  it('round-trips message refs (channel:ts)', () => {
    expect(parseMessageRef(messageRef('C1', '1700000001.000001'))).toEqual({ channel: 'C1', ts: '1700000001.000001' });
    expect(parseMessageRef(null)).toBeNull();
    expect(parseMessageRef('nocolon')).toBeNull();
  });
});
