/** DESIGN.md's rules about imports and configuration, enforced by reading the source. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('architecture', () => {
  const all = files(SRC);

  it('finds the source', () => {
    expect(all.length).toBeGreaterThan(20);
  });

  it('keeps core free of chat SDKs, the renderer and the bots', () => {
    const offenders = files(join(SRC, 'core')).flatMap((f) =>
      imports(f)
        .filter((i) => /^(discord\.js|@discordjs\/|@slack\/|hono|@hono\/|@resvg\/)/.test(i) || /\/(render|bots|cli)\//.test(i) || i.startsWith('../render') || i.startsWith('../bots'))
        .map((i) => `${relative(SRC, f)} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('keeps each bot adapter to its own platform', () => {
    const offenders = files(join(SRC, 'bots')).flatMap((f) => {
      const platform = relative(join(SRC, 'bots'), f).split('/')[0];
      return imports(f)
        .filter((i) => (platform !== 'discord' && /^discord\.js|\/discord\//.test(i)) || (platform !== 'slack' && /^@slack\/|\/slack\//.test(i)))
        .map((i) => `${relative(SRC, f)} imports ${i}`);
    });
    expect(offenders).toEqual([]);
  });

  it('reads process.env only in the CLI', () => {
    const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    const readers = all.filter((f) => !relative(SRC, f).startsWith('cli')).filter((f) => /process\.env\b/.test(code(f)));
    expect(readers.map((f) => relative(SRC, f))).toEqual([]);
  });
});
