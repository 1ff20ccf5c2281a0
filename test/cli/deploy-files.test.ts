/**
 * deploy/ stays true to the program: the systemd unit starts a command the CLI knows, with the
 * hardening the README promises, and every variable the unit, the Dockerfile and the compose file
 * set is a setting .env.example lists, with a value the configuration accepts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/config.js';
import { ROOT, runCli } from './run-cli.js';

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const unit = read('deploy/prompt-duel.service');
const compose = read('deploy/compose.yaml');
const dockerfile = read('deploy/Dockerfile');
const example = read('.env.example');

/** `Key=value` lines of the unit (comments left out), every value of a key kept in order. */
function unitValues(key: string): string[] {
  return unit
    .split('\n')
    .map((line) => new RegExp(`^${key}=(.*)$`).exec(line.trim())?.[1])
    .filter((v): v is string => v !== undefined);
}

/** The `environment:` mapping of the compose file's `duel` service (uncommented lines only). */
function composeEnvironment(): Record<string, string> {
  const lines = compose.split('\n');
  const start = lines.findIndex((l) => /^ {4}environment:\s*$/.test(l));
  expect(start).toBeGreaterThan(0);
  const env: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    const m = /^ {6}([A-Za-z_][A-Za-z0-9_]*):\s*"?([^"]*)"?\s*$/.exec(line);
    if (!m) break;
    env[m[1]!] = m[2]!;
  }
  return env;
}

/** The `ENV` of the Dockerfile's last stage (one instruction, continued lines). */
function dockerEnvironment(): Record<string, string> {
  const text = dockerfile.replace(/\\\n\s*/g, ' ');
  const env: Record<string, string> = {};
  for (const line of text.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const m of line.slice(4).matchAll(/([A-Z][A-Z0-9_]*)=(\S+)/g)) env[m[1]!] = m[2]!;
  }
  return env;
}

/** Whether .env.example lists the setting (set, or commented out as having no default). */
function listed(name: string): boolean {
  return new RegExp(`^(# )?${name}=`, 'm').test(example);
}

describe('deploy/prompt-duel.service', () => {
  it('starts `node bin/duel.mjs serve`, a command the CLI knows', async () => {
    const [exec] = unitValues('ExecStart');
    const words = exec!.split(/\s+/);
    expect(words[0]).toMatch(/(^|\/)node$/);
    expect(words[1]).toBe('bin/duel.mjs');
    expect(existsSync(join(ROOT, words[1]!))).toBe(true);
    const command = words[2]!;
    expect(command).toBe('serve');
    const help = await runCli(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^\\s+duel ${command}\\b`, 'm'));
  });

  it('runs as its own user, restarts on failure, and is hardened with the database folder writable', () => {
    expect(unitValues('User')[0]).toBe('prompt-duel');
    expect(unitValues('WorkingDirectory')[0]).toBe('/opt/prompt-duel');
    expect(unitValues('EnvironmentFile')).toEqual(['/etc/prompt-duel.env']);
    expect(unitValues('Restart')).toEqual(['on-failure']);
    for (const [key, value] of [['NoNewPrivileges', 'yes'], ['ProtectSystem', 'strict'], ['PrivateTmp', 'yes']]) expect(unitValues(key!)).toEqual([value]);
    // Node's JIT needs writable executable memory.
    expect(unitValues('MemoryDenyWriteExecute')).toEqual([]);
    const db = unitValues('Environment').map((e) => /^DUEL_DB=(.*)$/.exec(e)?.[1]).find(Boolean)!;
    expect(unitValues('ReadWritePaths')).toContain(dirname(db));
    // Every variable the unit sets is a setting, with a value the configuration accepts.
    const env = Object.fromEntries(unitValues('Environment').map((e) => e.split(/=(.*)/s).slice(0, 2) as [string, string]));
    for (const name of Object.keys(env)) expect(listed(name), `${name} in .env.example`).toBe(true);
    expect(loadConfig(env).dbPath).toBe(db);
  });
});

describe('deploy/compose.yaml and deploy/Dockerfile', () => {
  it('set only settings .env.example knows, with values the configuration accepts', () => {
    const env = composeEnvironment();
    const docker = dockerEnvironment();
    expect(Object.keys(env)).toEqual(expect.arrayContaining(['DUEL_DB', 'DUEL_WEB_HOST']));
    expect(Object.keys(docker)).toContain('DUEL_DB');
    for (const name of [...Object.keys(env), ...Object.keys(docker)]) expect(listed(name), `${name} in .env.example`).toBe(true);
    const config = loadConfig({ ...docker, ...env });
    expect(config.web.host).toBe('0.0.0.0');
    // The database is on the data volume.
    expect(compose).toContain(`duel-data:${dirname(config.dbPath)}`);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim/m);
    expect(dockerfile).toContain('npm ci');
  });

  it('runs the bot on the compose file\'s own PostgreSQL, its password required from .env', () => {
    const env = composeEnvironment();
    const url = new URL(env.DUEL_DATABASE_URL!);
    expect(url.hostname).toBe('postgres');
    expect(decodeURIComponent(url.password)).toBe('${POSTGRES_PASSWORD}');
    expect(loadConfig(env).databaseUrl).toBe(env.DUEL_DATABASE_URL);
    expect(compose).toMatch(/^ {2}postgres:\n {4}image: postgres:/m);
    expect(compose).toMatch(/POSTGRES_PASSWORD: \$\{POSTGRES_PASSWORD:\?/);
    expect(compose).toMatch(/condition: service_healthy/);
  });
});
