/**
 * `.env.example` cannot drift from the program (issue 16 part 7): every environment variable the
 * source reads is listed, and every value it sets is the default (setting them all gives the same
 * configuration as setting none).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/core/config/config.js';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const example = readFileSync(join(ROOT, '.env.example'), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Every variable name the source reads: `str(env, 'X')`, `envValue(env, 'X')`, `int(env, 'X', …)`, `process.env.X`, and OPENAI_<NAME>_ patterns. */
function variablesRead(): Set<string> {
  const names = new Set<string>();
  for (const file of sourceFiles(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:str|envValue|int|bool|url|bytes|duration|probability)\(env, '([A-Z][A-Z0-9_]*)'/g)) names.add(m[1]!);
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  }
  return names;
}

/** The `NAME=value` lines that are set (not commented out). */
function setLines(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of example.split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

describe('.env.example', () => {
  it('lists every variable the program reads', () => {
    const read = variablesRead();
    // The scan finds the parser's reads (a broken scan would find none of these).
    for (const known of ['DUEL_CONTENDERS', 'DUEL_DB', 'OLLAMA_HOST', 'ANTHROPIC_API_KEY', 'DUEL_WEB_SHOW_HOSTS', 'LOG_LEVEL', 'DUEL_CONCURRENCY']) expect(read).toContain(known);
    const listed = new Set([...example.matchAll(/\b([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => m[1]!));
    expect([...read].filter((name) => !listed.has(name))).toEqual([]);
    // OPENAI_<NAME>_BASE_URL and _API_KEY (any name) are shown by an example.
    expect(example).toMatch(/^# OPENAI_[A-Z]+_BASE_URL=/m);
    expect(example).toMatch(/^# OPENAI_[A-Z]+_API_KEY=/m);
  });

  it('sets only defaults: the configuration is the same as with nothing set', () => {
    const set = setLines();
    expect(Object.keys(set).length).toBeGreaterThan(30);
    expect(JSON.stringify(loadConfig(set))).toBe(JSON.stringify(loadConfig({})));
  });

  it('is the template, and .env itself is ignored by git', () => {
    const ignore = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n');
    expect(ignore).toContain('.env');
    expect(ignore).toContain('!.env.example');
  });
});
