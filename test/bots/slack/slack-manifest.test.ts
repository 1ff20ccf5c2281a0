/**
 * slack/manifest.yaml asks for exactly the scopes the adapter's Web API calls need, subscribes to
 * the reaction events, declares both commands and turns Socket Mode on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LEADERBOARD_USAGE } from '../../../src/bots/slack/leaderboard-command.js';

const root = join(import.meta.dirname, '../../..');
const manifest = readFileSync(join(root, 'slack/manifest.yaml'), 'utf8');

/** The items of the YAML list under `key:` (manifest is simple enough for this). */
function listUnder(key: string): string[] {
  const lines = manifest.split('\n');
  const start = lines.findIndex((l) => l.trim() === `${key}:`);
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const m = /^\s*- (.+)$/.exec(line);
    if (!m) break;
    items.push(m[1].trim());
  }
  return items;
}

/** Which bot scope each Web API method needs (https://api.slack.com/methods). */
const SCOPE_OF: Record<string, string | null> = {
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.delete': 'chat:write',
  'reactions.add': 'reactions:write',
  'reactions.get': 'reactions:read',
  filesUploadV2: 'files:write',
  'users.info': 'users:read',
  'auth.test': null,
};

describe('slack/manifest.yaml', () => {
  it('asks for exactly the bot scopes the code uses', () => {
    const src = readdirSync(join(root, 'src/bots/slack'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => readFileSync(join(root, 'src/bots/slack', f), 'utf8'))
      .join('\n');
    const used = new Set<string>();
    for (const m of src.matchAll(/client\.(chat|reactions|files|auth|users)\.(\w+)\(/g)) used.add(`${m[1]}.${m[2]}`);
    for (const m of src.matchAll(/client\.(filesUploadV2)\(/g)) used.add(m[1]);
    expect([...used].sort()).toEqual(['auth.test', 'chat.delete', 'chat.postMessage', 'chat.update', 'filesUploadV2', 'reactions.add', 'reactions.get', 'users.info']);
    for (const method of used) expect(SCOPE_OF, `scope of ${method}`).toHaveProperty([method]);
    const needed = new Set(['commands', ...[...used].map((m) => SCOPE_OF[m]).filter((s): s is string => Boolean(s))]);
    // reaction_added / reaction_removed events require reactions:read too.
    needed.add('reactions:read');
    expect(new Set(listUnder('bot'))).toEqual(needed);
  });

  it('subscribes to the reaction events, declares both commands, and enables Socket Mode', () => {
    expect(listUnder('bot_events')).toEqual(['reaction_added', 'reaction_removed']);
    expect(manifest).toMatch(/- command: \/duel\n/);
    expect(manifest).toMatch(/- command: \/leaderboard\n/);
    expect(manifest).toMatch(/^\s*socket_mode_enabled: true$/m);
  });

  it("gives /leaderboard the usage hint of the command's own usage line, the views and [matrix] included", () => {
    const hint = /- command: \/leaderboard\n(?:\s+\w+:.*\n)*?\s+usage_hint: "([^"]+)"/.exec(manifest)?.[1];
    expect(hint).toBe('[style|metrics|me] [category NAME] [server|channel|global] [7d|30d|all] [matrix]');
    expect(LEADERBOARD_USAGE).toContain(`/leaderboard ${hint}\``);
  });
});
