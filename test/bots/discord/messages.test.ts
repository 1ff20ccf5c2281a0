import { describe, expect, it } from 'vitest';
import { choiceForEmoji, VOTE_EMOJI } from '../../../src/bots/discord/emoji.js';
import { progressText, revealText, duelText } from '../../../src/bots/discord/messages.js';
import { namedContenders } from '../../../src/bots/discord/duel-command.js';
import { leaderboardQuery } from '../../../src/bots/discord/leaderboard-command.js';
import { missingPermissions, inviteUrl } from '../../../src/bots/discord/config.js';
import { PermissionsBitField, PermissionFlagsBits } from 'discord.js';
import type { DuelRecord } from '../../../src/core/model/records.js';
import type { Reveal } from '../../../src/core/model/types.js';

const duel: DuelRecord = {
  id: 'd1', platform: 'discord', community: 'g', channel: 'c', messageRef: 'm', author: 'discord:1', prompt: 'a *pelican* @everyone',
  aSpec: 'ollama:q', bSpec: 'anthropic:c', createdAt: 0, closesAt: 1_800_000_000_500, closedAt: null, status: 'open', flags: [],
};

describe('discord texts and mappings', () => {
  it('maps the four vote emoji with and without U+FE0F, and nothing else', () => {
    expect(choiceForEmoji('\u{1F170}\uFE0F')).toBe('A');
    expect(choiceForEmoji('\u{1F170}')).toBe('A');
    expect(choiceForEmoji('\u{1F171}')).toBe('B');
    expect(choiceForEmoji('🤝')).toBe('tie');
    expect(choiceForEmoji('👎🏽')).toBe('bad');
    expect(choiceForEmoji('🍕')).toBeNull();
    expect(choiceForEmoji('A')).toBeNull();
    expect(choiceForEmoji('🅰️', '1234')).toBeNull(); // a custom emoji that happens to be named so
    expect(VOTE_EMOJI.map((v) => v.choice)).toEqual(['A', 'B', 'tie', 'bad']);
  });

  it('writes progress as one duel-level line: no side, no name', () => {
    const t = progressText('a pelican', { duelId: 'd1', state: 'waiting', elapsedMs: 41_200, queue: { position: 2, where: 'the local GPU' }, text: 'drawing · 41 s · waiting for the local GPU (2nd in line)' });
    expect(t.split('\n')).toEqual(['🎨 Drawing **a pelican**', '⏳ drawing · 41 s · waiting for the local GPU (2nd in line)']);
    expect(t).not.toMatch(/🅰️|🅱️/u);
  });

  it('writes the duel message with the close time as a Discord timestamp and escaped markdown', () => {
    const t = duelText(duel, '42');
    expect(t).toContain('<t:1800000001:R>');
    expect(t).toContain('a \\*pelican\\* @\u200Beveryone');
    expect(t).toContain('React 🅰️ or 🅱️ (🤝 tie, 👎 both bad)');
  });

  it('shows mentions, role and channel links, timestamps and broadcast words in a prompt as typed, acting on none', () => {
    const markup = ['<@123>', '<@!123>', '<@&456>', '<#789>', '<t:1800000000:R>', '<:pelican:42>', '</duel:7>'];
    const prompt = `draw ${markup.join(' ')} @everyone @here \\<@123>`;
    const t = duelText({ ...duel, prompt }, '42');
    const shown = t.slice(0, t.indexOf('\n'));
    // Every markup opener in the prompt is escaped: Discord renders `\<` as `<`, with no pill.
    for (const m of markup) expect(shown).toContain(`\\${m}`);
    expect(shown).not.toMatch(/(^|[^\\])<[@#t:/]/);
    expect(shown).toContain('@\u200Beveryone @\u200Bhere');
    expect(shown).not.toMatch(/@(everyone|here)/);
    // A backslash typed before a mention is itself escaped, so it cannot undo the escape.
    expect(shown).toContain('\\\\\\<@123>');
    expect(revealText({ id: 'd1', status: 'no-contest', sides: { A: { spec: 'x:a', label: '<@&1> Q', ok: false, error: 'said <#2>' }, B: { spec: 'x:b', label: 'B', ok: true, error: null } }, tally: { A: 0, B: 0, tie: 0, bad: 0 }, votes: 0, winner: null, flags: [] }, { ...duel, prompt })).not.toMatch(/(^|[^\\])<[@#]/);
  });

  it('writes reveals for a winner, a tie, no votes and an unblinded duel', () => {
    const base: Reveal = { id: 'd1', status: 'closed', sides: { A: { spec: 'ollama:q', label: 'Qwen', ok: true, error: null }, B: { spec: 'anthropic:c', label: 'Claude', ok: true, error: null } }, tally: { A: 1, B: 3, tie: 0, bad: 1 }, votes: 5, winner: 'B', flags: [] };
    expect(revealText(base, duel)).toContain('Winner: 🅱️ **Claude**');
    expect(revealText({ ...base, winner: 'tie' }, duel)).toContain('Result: a tie.');
    expect(revealText({ ...base, winner: null, votes: 0, tally: { A: 0, B: 0, tie: 0, bad: 0 } }, duel)).toContain('No votes');
    expect(revealText({ ...base, flags: ['unblinded'] }, duel)).toContain('left out of the leaderboard');
  });

  it('passes the a/b options to core as names, leaving the rest to core', () => {
    expect(namedContenders(null, null)).toBeUndefined();
    expect(namedContenders('Gemma', null)).toEqual(['Gemma']);
    expect(namedContenders(null, 'ollama:q')).toEqual(['ollama:q']);
    expect(namedContenders('claude', ' ')).toEqual(['claude']);
    expect(namedContenders('claude', 'ollama:g')).toEqual(['claude', 'ollama:g']);
  });

  it('maps leaderboard options to engine queries', () => {
    expect(leaderboardQuery(null, null, 'g', 'c').query).toEqual({ scope: 'community', since: 'all', platform: 'discord', community: 'g', channel: undefined });
    expect(leaderboardQuery('channel', '30d', 'g', 'c').query).toEqual({ scope: 'channel', since: '30d', platform: 'discord', community: 'g', channel: 'c' });
    expect(leaderboardQuery('global', '7d', 'g', 'c').query).toEqual({ scope: 'global', since: '7d' });
  });

  it('names missing permissions and builds the invite link', () => {
    const have = new PermissionsBitField([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.ReadMessageHistory]);
    expect(missingPermissions(have)).toEqual(['Attach Files', 'Add Reactions']);
    expect(inviteUrl('99')).toBe('https://discord.com/oauth2/authorize?client_id=99&scope=bot+applications.commands&permissions=101440');
  });
});
