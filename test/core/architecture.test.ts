/**
 * The structure of src/, enforced by reading the source (docs/architecture.md explains it):
 * core's one-way layers, no import cycle anywhere (type imports included), all SQL in the store,
 * no function over 100 lines, process.env read only by the CLI, chat SDKs kept to their adapters.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const CORE = join(SRC, 'core');

/** core's layers in order: a folder may import only from folders of a lower rank (and itself). */
const LAYERS: Record<string, number> = { model: 0, store: 1, contenders: 1, ratings: 1, categories: 1, votes: 2, board: 3, duel: 4, chat: 5, config: 6 };
/** Files at the root of src/core and the rank they stand at. */
const ROOT_FILES: Record<string, number> = { 'logger.ts': 0 };
const MAX_ROOT_FILES = 10;
const MAX_FUNCTION_LINES = 100;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every module a file names: static imports and re-exports (type-only ones too) and import() calls, types included. */
function imports(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

/** The src file a relative import names, or undefined for packages and node: modules. */
function target(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  return resolve(dirname(from), spec).replace(/\.js$/, '.ts');
}

function rankOf(path: string): number | undefined {
  const rel = relative(CORE, path);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split('/');
  return parts.length === 1 ? ROOT_FILES[parts[0]] : LAYERS[parts[0]];
}

function code(path: string): string {
  return readFileSync(path, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Strongly connected components of more than one file (or a file importing itself): Tarjan's algorithm. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const info = new Map<string, { index: number; low: number; onStack: boolean }>();
  const found: string[][] = [];
  const visit = (v: string) => {
    info.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.low);
      } else if (info.get(w)!.onStack) info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.index);
    }
    if (info.get(v)!.low === info.get(v)!.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        info.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!info.has(v)) visit(v);
  return found;
}

function longFunctions(path: string): string[] {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      const name = 'name' in node && node.name ? node.name.getText(source) : '(anonymous)';
      if (last - first + 1 > MAX_FUNCTION_LINES) out.push(`${relative(SRC, path)}:${first + 1} ${name} is ${last - first + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('architecture', () => {
  const all = files(SRC);
  const graph = new Map(all.map((f) => [f, imports(f).map((i) => target(f, i)).filter((t): t is string => t !== undefined)]));

  it('finds the source', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((f) => rankOf(f) !== undefined).length).toBeGreaterThan(50);
  });

  it('holds at most a few files at the root of src/core, each placed on a layer', () => {
    const root = readdirSync(CORE).filter((n) => statSync(join(CORE, n)).isFile());
    expect(root.length).toBeLessThanOrEqual(MAX_ROOT_FILES);
    expect(root.filter((n) => ROOT_FILES[n] === undefined)).toEqual([]);
    const folders = readdirSync(CORE).filter((n) => statSync(join(CORE, n)).isDirectory());
    expect(folders.filter((n) => LAYERS[n] === undefined)).toEqual([]);
  });

  it('keeps core in one-way layers: each folder imports only the folders before it (type imports included)', () => {
    const offenders = all.flatMap((f) => {
      const from = rankOf(f);
      if (from === undefined) return [];
      return graph.get(f)!.flatMap((t) => {
        const to = rankOf(t);
        if (to === undefined) return [`${relative(SRC, f)} imports ${relative(SRC, t)}, outside core`];
        const sameFolder = relative(CORE, f).split('/')[0] === relative(CORE, t).split('/')[0];
        return to < from || sameFolder ? [] : [`${relative(CORE, f)} imports ${relative(CORE, t)}`];
      });
    });
    expect(offenders).toEqual([]);
  });

  it('has no import cycle among src/ files, type imports included', () => {
    expect(cycles(graph).map((c) => c.map((f) => relative(SRC, f)))).toEqual([]);
  });

  it('sees a cycle when there is one (the check itself)', () => {
    const made = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect(cycles(made)).toEqual([['a', 'b', 'c']]);
  });

  it('keeps every SQL statement in src/core/store', () => {
    const sql = /\b(SELECT\s+[\w*(]|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|INDEX)|PRAGMA\s+\w)/;
    const offenders = all.filter((f) => !relative(SRC, f).startsWith('core/store/')).filter((f) => sql.test(code(f)));
    expect(offenders.map((f) => relative(SRC, f))).toEqual([]);
  });

  it('has no function over 100 lines', () => {
    expect(all.filter((f) => f.endsWith('.ts')).flatMap(longFunctions)).toEqual([]);
  });

  it('keeps core free of chat SDKs, the renderer and the bots', () => {
    const offenders = files(CORE).flatMap((f) =>
      imports(f)
        .filter((i) => /^(discord\.js|@discordjs\/|@slack\/|hono|@hono\/|@resvg\/|better-sqlite3)/.test(i) && !relative(CORE, f).startsWith('store/') || /\/(render|bots|cli)\//.test(i) || i.startsWith('../render') || i.startsWith('../bots'))
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
    const readers = all.filter((f) => !relative(SRC, f).startsWith('cli')).filter((f) => /process\.env\b/.test(code(f)));
    expect(readers.map((f) => relative(SRC, f))).toEqual([]);
  });
});
